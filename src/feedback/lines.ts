/**
 * Splits a byte or string stream into lines without holding more than one line in memory.
 * `\n` ends a line; a `\r` just before it (CRLF) is dropped; other `\r` stay for the normaliser,
 * which keeps the last segment of a progress line. UTF-8 sequences split across chunks are joined.
 */
/** A single line longer than this is cut (a minified bundle printed to the log must not fill memory). */
export const MAX_LINE_CHARS = 64 * 1024

/** Push chunks in, get whole lines out through the callback; `end()` flushes the last line. */
export class LineSplitter {
  // TextDecoder in streaming mode: an order of magnitude faster than StringDecoder on non-ASCII logs.
  private readonly decoder = new TextDecoder('utf-8')
  private pending = ''

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer | Uint8Array | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true })
    let nl = text.indexOf('\n')
    if (nl === -1) {
      this.pending = capped(this.pending + text)
      return
    }
    this.onLine(trimCr(capped(this.pending + text.slice(0, nl))))
    let start = nl + 1
    while ((nl = text.indexOf('\n', start)) !== -1) {
      this.onLine(trimCr(capped(text.slice(start, nl))))
      start = nl + 1
    }
    this.pending = capped(text.slice(start))
  }

  end(): void {
    const rest = this.pending + this.decoder.decode()
    this.pending = ''
    if (rest) this.onLine(trimCr(capped(rest)))
  }
}

/** The same as an async generator, for callers that want to iterate. */
export async function* splitLines(
  source: AsyncIterable<Buffer | Uint8Array | string>
): AsyncGenerator<string> {
  let out: string[] = []
  const splitter = new LineSplitter(l => out.push(l))
  for await (const chunk of source) {
    splitter.push(chunk)
    const ready = out
    out = []
    yield* ready
  }
  splitter.end()
  yield* out
}

function trimCr(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line
}

function capped(s: string): string {
  return s.length > MAX_LINE_CHARS ? s.slice(0, MAX_LINE_CHARS) : s
}
