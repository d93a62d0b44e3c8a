/**
 * Runs one shell command for the agent: `bash -c` in its own process group, a scrubbed environment, a
 * timeout that kills the whole group, output kept to a head and a tail, and the command stopped once it
 * has printed more than a total cap (a `yes` would otherwise spin until the timeout).
 */
import { spawn } from 'node:child_process'

export interface RunOptions {
  cwd: string
  env: Record<string, string>
  /** Written to stdin, which is then closed. */
  input?: string
  timeoutMs: number
  /** Characters kept of each stream (half from the head, half from the tail). */
  maxOutput?: number
  /** Characters the command may print in all before it is stopped (default 50 million). */
  maxOutputTotal?: number
  /** Wraps the argv: the agent's sandbox (its user or namespaces, and its limits). */
  wrap?: (argv: string[]) => string[]
}

export interface RunResult {
  exitCode: number | null
  signal: string | null
  timedOut: boolean
  stdout: string
  stderr: string
  /** stdout and stderr interleaved as they came, truncated the same way. */
  output: string
  durationMs: number
  /** True when the command was stopped for printing more than `maxOutputTotal`. */
  outputCapped: boolean
}

const DEFAULT_OUTPUT_TOTAL = 50_000_000

/** Keeps the head and the tail of a stream, counting what was dropped in between. */
export class HeadTail {
  private head = ''
  private tail = ''
  private dropped = 0
  constructor(private readonly limit: number) {}

  push(text: string): void {
    const half = Math.floor(this.limit / 2)
    if (this.head.length < half) {
      const take = text.slice(0, half - this.head.length)
      this.head += take
      text = text.slice(take.length)
    }
    this.tail += text
    if (this.tail.length > this.limit - half) {
      const cut = this.tail.length - (this.limit - half)
      this.dropped += cut
      this.tail = this.tail.slice(cut)
    }
  }

  toString(): string {
    return this.dropped === 0
      ? this.head + this.tail
      : `${this.head}\n[… ${this.dropped} characters omitted …]\n${this.tail}`
  }
}

const KILL_GRACE_MS = 2000

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, signal)
  } catch {
    // The group is already gone.
  }
}

export function runCommand(command: string, options: RunOptions): Promise<RunResult> {
  const limit = options.maxOutput ?? 20000
  const stdout = new HeadTail(limit)
  const stderr = new HeadTail(limit)
  const output = new HeadTail(limit)
  const started = Date.now()
  // --norc: Node's stdio pipes are socketpairs, and Debian's bash sources ~/.bashrc when stdin is a socket
  // (its "run by rshd" check), which runs the runner user's shell setup inside the agent's command.
  const bash = ['bash', '--norc', '--noprofile', '-c', command]
  const argv = options.wrap ? options.wrap(bash) : bash
  const cap = options.maxOutputTotal ?? DEFAULT_OUTPUT_TOTAL
  let printed = 0
  let outputCapped = false
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe']
    })
    let timedOut = false
    let exit: { code: number | null; signal: string | null } | null = null
    const timer = setTimeout(() => {
      timedOut = true
      killGroup(child.pid, 'SIGTERM')
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS).unref()
    }, options.timeoutMs)
    const seen = (d: string) => {
      printed += d.length
      if (printed > cap && !outputCapped) {
        outputCapped = true
        killGroup(child.pid, 'SIGKILL')
      }
    }
    child.stdout.setEncoding('utf8').on('data', (d: string) => (seen(d), stdout.push(d), output.push(d)))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (seen(d), stderr.push(d), output.push(d)))
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? '')
    child.on('error', e => {
      clearTimeout(timer)
      reject(e)
    })
    child.on('exit', (code, signal) => {
      exit = { code, signal }
      // Background processes the command left behind would hold the pipes open: end them with it.
      killGroup(child.pid, 'SIGTERM')
      setTimeout(() => {
        killGroup(child.pid, 'SIGKILL')
        child.stdout.destroy()
        child.stderr.destroy()
      }, 1000).unref()
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const e = exit ?? { code, signal }
      resolve({
        exitCode: e.code,
        signal: e.signal,
        timedOut,
        stdout: stdout.toString(),
        stderr: stderr.toString(),
        output: outputCapped
          ? `${output.toString()}\n[stopped: the command printed more than ${cap} characters]`
          : output.toString(),
        durationMs: Date.now() - started,
        outputCapped
      })
    })
  })
}
