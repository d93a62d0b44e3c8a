/**
 * One `run:` step as the runner runs it: a script file executed by `bash --noprofile --norc -eo pipefail`,
 * output streamed line by line, killed (with its whole process group) on timeout or cancellation.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Runs `script`; `children` holds the live process under `jobId` so a cancel can kill it. */
export async function runBashStep(
  children: Map<number, ChildProcess>,
  jobId: number,
  script: string,
  cwd: string,
  temp: string,
  env: Record<string, string>,
  timeoutMs: number,
  onLine: (line: string) => void
): Promise<{ code: number; timedOut: boolean }> {
  const file = join(temp, `step-${Date.now()}-${Math.random().toString(36).slice(2)}.sh`)
  await writeFile(file, script)
  await mkdir(env.HOME!, { recursive: true })
  await mkdir(cwd, { recursive: true })
  return new Promise<{ code: number; timedOut: boolean }>(resolve => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    children.set(jobId, child)
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      kill(child)
    }, timeoutMs)
    let pending = ''
    const feed = (b: Buffer) => {
      pending += b.toString('utf8')
      const lines = pending.split('\n')
      pending = lines.pop()!
      for (const l of lines) onLine(l.replace(/\r$/, ''))
    }
    child.stdout!.on('data', feed)
    child.stderr!.on('data', feed)
    child.on('close', code => {
      clearTimeout(timer)
      children.delete(jobId)
      if (pending) onLine(pending)
      resolve({ code: code ?? 143, timedOut })
    })
    child.on('error', () => resolve({ code: 127, timedOut }))
  })
}

/** Kills the step's process group (bash and whatever it started). */
export function kill(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGTERM')
  } catch {
    child.kill('SIGTERM')
  }
}
