/**
 * Job logs in GitHub's format: every line starts with a timestamp with seven fractional digits
 * (`2026-11-23T22:52:11.1234567Z `), steps open with `##[group]Run <command>` and close with
 * `##[endgroup]`, a failing step ends with `##[error]Process completed with exit code N.`, and every line
 * passes the job's secret masker first.
 */
import { SecretMasker } from './secret-masker.js'

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
  constructor(
    readonly masker: SecretMasker = new SecretMasker(),
    private readonly now: () => number = Date.now
  ) {}

  line(message: string): void {
    for (const l of message.replace(/\r?\n$/, '').split(/\r?\n/))
      this.text += `${logTimestamp(this.now())} ${this.masker.mask(l)}\n`
  }

  group(title: string, body: string[] = []): void {
    this.line(`##[group]${title}`)
    for (const l of body) this.line(l)
    this.line('##[endgroup]')
  }

  error(message: string): void {
    this.line(`##[error]${message}`)
  }

  warning(message: string): void {
    this.line(`##[warning]${message}`)
  }

  toString(): string {
    return this.text
  }
}

/**
 * `Run <first line of the script>`, the script in bright cyan, the shell and the step's env, as the
 * runner prints a `run:` step (actions/runner src/Runner.Worker/Handlers/ScriptHandler.cs).
 */
export function runHeader(
  script: string,
  shell: string,
  env: Record<string, string>
): { title: string; body: string[] } {
  const first = script.replace(/^[ \t\r\n]+/, '').split(/\r?\n/)[0] ?? ''
  const lines = script.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n')
  const body = [...lines.map(l => `\u001b[36;1m${l}\u001b[0m`), `shell: ${shell}`]
  if (Object.keys(env).length) {
    body.push('env:')
    for (const [k, v] of Object.entries(env)) body.push(`  ${k}: ${v}`)
  }
  return { title: `Run ${first}`, body }
}
