/**
 * A step's process as the runner starts it: its own process group (so a cancel or timeout ends
 * everything it started), the runner user's uid/gid, stdout and stderr read line by line in order.
 */
import { spawn, type ChildProcess } from 'node:child_process'

/** Who steps run as: an unprivileged account when the emulator runs as root (runner-user.ts). */
export interface RunAs {
  uid: number
  gid: number
}

export interface ProcessOptions {
  cwd: string
  env: Record<string, string>
  runAs: RunAs | null
  /** Stops the process when this fires (cancel, job or step timeout). */
  signal: AbortSignal
  onLine(line: string): void
  /** Registered while it runs, so the emulator can end it on close. */
  track?(child: ChildProcess | null): void
}

/** Runs `file args`; resolves with the exit code (a killed process counts as 143, like SIGTERM). */
export async function runProcess(file: string, args: string[], o: ProcessOptions): Promise<number> {
  if (o.signal.aborted) return 143
  return new Promise<number>(resolve => {
    const child = spawn(file, args, {
      cwd: o.cwd,
      env: o.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(o.runAs ? { uid: o.runAs.uid, gid: o.runAs.gid } : {})
    })
    o.track?.(child)
    const stop = () => kill(child)
    o.signal.addEventListener('abort', stop)
    let pending = ''
    const feed = (b: Buffer) => {
      pending += b.toString('utf8')
      const lines = pending.split('\n')
      pending = lines.pop()!
      for (const l of lines) o.onLine(l.replace(/\r$/, ''))
    }
    child.stdout!.on('data', feed)
    child.stderr!.on('data', feed)
    const done = (code: number) => {
      o.signal.removeEventListener('abort', stop)
      o.track?.(null)
      if (pending) o.onLine(pending)
      pending = ''
      resolve(code)
    }
    child.on('close', (code, signal) => done(code ?? (signal === 'SIGKILL' ? 137 : 143)))
    child.on('error', e => {
      o.onLine(`${file}: ${e.message}`)
      done(127)
    })
  })
}

/** Ends the step's process group (the shell and whatever it started). */
export function kill(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGTERM')
  } catch {
    child.kill('SIGTERM')
  }
  // Whatever ignores SIGTERM is killed shortly after, as the runner does when a step is cancelled.
  setTimeout(() => {
    try {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }, 5000).unref()
}
