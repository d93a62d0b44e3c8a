/**
 * Job logs in GitHub's format: every line starts with a timestamp with seven fractional digits
 * (`2026-11-23T22:52:11.1234567Z `), steps open with `##[group]Run <command>` and close with
 * `##[endgroup]`, and a failing step ends with `##[error]Process completed with exit code N.`.
 */

let tick = 0

/** `2026-11-23T22:52:11.1234567Z`: milliseconds plus four digits that keep lines ordered. */
export function logTimestamp(ms: number): string {
  tick = (tick + 1) % 10000
  return new Date(ms)
    .toISOString()
    .replace(/\.(\d{3})Z$/, (_m, frac: string) => `.${frac}${String(tick).padStart(4, '0')}Z`)
}

export class JobLog {
  private text = ''
  constructor(private readonly now: () => number = Date.now) {}

  line(message: string): void {
    for (const l of message.replace(/\r?\n$/, '').split(/\r?\n/))
      this.text += `${logTimestamp(this.now())} ${l}\n`
  }

  group(title: string, body: string[] = []): void {
    this.line(`##[group]${title}`)
    for (const l of body) this.line(l)
    this.line('##[endgroup]')
  }

  error(message: string): void {
    this.line(`##[error]${message}`)
  }

  toString(): string {
    return this.text
  }
}

/** `Run <first line of the script>` and the script itself, as the runner prints a `run:` step. */
export function runHeader(
  script: string,
  shell: string,
  env: Record<string, string>
): { title: string; body: string[] } {
  const lines = script.replace(/\n$/, '').split('\n')
  const body = [...lines.map(l => `\u001b[36;1m${l}\u001b[0m`), `shell: ${shell}`]
  if (Object.keys(env).length) {
    body.push('env:')
    for (const [k, v] of Object.entries(env)) body.push(`  ${k}: ${v}`)
  }
  return { title: `Run ${lines[0] ?? ''}`, body }
}
