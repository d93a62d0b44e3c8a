/**
 * The fallback for output no parser recognises: a failed step's lines worth showing, at most 16,
 * in log order, with `…` where lines were skipped. When the step has an `Error:`/`error:`/`fatal:`
 * line, the last one with the two lines before it and the six after it (its details), and the
 * step's last lines (where most tools print their verdict): a script that stops on an error
 * prints it last, and earlier lines that only look like errors are mostly an installer's noise
 * (apt's `debconf: unable to initialize frontend`, npm's warnings). Otherwise the last lines and
 * the error-looking ones, latest first, then the first few of the step.
 */
const ERRORISH = /error|fail|fatal|panic|exception|denied|not found|cannot|unable|invalid|missing|traceback/i
const FINAL = /^\s*(?:error|fatal)(?:\[[^\]]*\])?:\s*\S/i
const MAX_LINES = 16
const BEFORE = 2
const AFTER = 6
const TAIL = 6
const FIRST = 4
const LATEST = 12
const MAX_LINE = 300

/** The last `size` lines pushed, each with its index in the step. */
class Ring {
  private readonly text: string[]
  private readonly at: number[]
  private next = 0

  constructor(private readonly size: number) {
    this.text = new Array<string>(size).fill('')
    this.at = new Array<number>(size).fill(-1)
  }

  push(index: number, text: string): void {
    this.text[this.next] = text
    this.at[this.next] = index
    this.next = (this.next + 1) % this.size
  }

  /** The line at `index`, if it is still held. */
  get(index: number): string | undefined {
    if (index < 0) return undefined
    for (let k = 0; k < this.size; k++) if (this.at[k] === index) return this.text[k]
    return undefined
  }

  /** Newest first. */
  *latest(): Generator<[number, string]> {
    for (let k = 1; k <= this.size; k++) {
      const slot = (this.next - k + this.size) % this.size
      if (this.at[slot] >= 0) yield [this.at[slot], this.text[slot]]
    }
  }
}

export class StepTail {
  private readonly tail = new Ring(Math.max(TAIL, BEFORE + 1))
  /** Error-looking lines and the line before each: the step's first few, and its latest. */
  private readonly first = new Map<number, string>()
  private readonly latest = new Ring(LATEST * 2)
  /** The final error line with its context; `after` lines of it still to come. */
  private final = new Map<number, string>()
  private after = 0
  private n = 0

  line(text: string): void {
    if (text.trim() === '') return
    const i = this.n++
    if (this.after > 0) {
      this.final.set(i, text)
      this.after--
    }
    if (ERRORISH.test(text)) {
      const prev = this.tail.get(i - 1)
      if (FINAL.test(text)) {
        this.final = new Map()
        for (let k = BEFORE; k >= 1; k--) {
          const before = this.tail.get(i - k)
          if (before !== undefined) this.final.set(i - k, before)
        }
        this.final.set(i, text)
        this.after = AFTER
      }
      if (this.first.size < FIRST * 2) {
        if (prev !== undefined) this.first.set(i - 1, prev)
        this.first.set(i, text)
      } else {
        if (prev !== undefined) this.latest.push(i - 1, prev)
        this.latest.push(i, text)
      }
    }
    this.tail.push(i, text)
  }

  /** The lines worth showing, in log order, without repeats; `…` marks skipped lines. */
  summary(): string {
    // Most wanted first; a Map keeps that order and drops repeats.
    const wanted = new Map<number, string>()
    const add = (entries: Iterable<[number, string]>, limit = Infinity) => {
      let added = 0
      for (const [i, t] of entries) {
        if (added >= limit) return
        if (!wanted.has(i)) added++
        wanted.set(i, t)
      }
    }
    add(this.final)
    add(this.tail.latest(), TAIL)
    // With a final error in hand, earlier lines that only look like errors are left out.
    if (!this.final.size) {
      add(this.latest.latest())
      add(this.first)
    }
    const entries = [...wanted]
    for (let k = Math.min(entries.length, MAX_LINES); k > 0; k--) {
      const out = render(entries.slice(0, k))
      if (out.length <= MAX_LINES) return out.join('\n')
    }
    return ''
  }
}

/** In log order, long lines cut, `…` where lines were skipped. */
function render(entries: [number, string][]): string[] {
  const out: string[] = []
  let last = -1
  for (const [i, l] of [...entries].sort((a, b) => a[0] - b[0])) {
    if (last >= 0 && i > last + 1) out.push('…')
    out.push(l.length > MAX_LINE ? l.slice(0, MAX_LINE) + '…' : l)
    last = i
  }
  return out
}
