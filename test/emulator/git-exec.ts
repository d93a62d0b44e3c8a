/**
 * Async git for the emulator. Never call git synchronously from the process that also serves git over
 * HTTP: a clone or push waiting on the server would deadlock it: the server's event loop is blocked.
 */
import { spawn } from 'node:child_process'

export interface GitResult {
  code: number
  stdout: string
  stderr: string
}

export interface GitOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  input?: string | Buffer
  allowFailure?: boolean
}

/** An environment for git that ignores the machine's and the user's configuration. */
export function isolatedGitEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'emulator',
    GIT_AUTHOR_EMAIL: 'emulator@users.noreply.local',
    GIT_COMMITTER_NAME: 'emulator',
    GIT_COMMITTER_EMAIL: 'emulator@users.noreply.local',
    LANG: 'C',
    ...extra
  }
}

export function git(args: string[], options: GitOptions & { env: NodeJS.ProcessEnv }): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout!.on('data', (b: Buffer) => out.push(b))
    child.stderr!.on('data', (b: Buffer) => err.push(b))
    child.on('error', reject)
    child.on('close', code => {
      const result = {
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8')
      }
      if (result.code !== 0 && !options.allowFailure) {
        reject(
          new Error(`git ${args.join(' ')} failed with exit code ${result.code}: ${result.stderr.trim()}`)
        )
      } else resolve(result)
    })
    if (child.stdin) {
      // git may exit before reading its input (e.g. on an error); that must not crash the emulator.
      child.stdin.on('error', () => {})
      child.stdin.end(options.input)
    }
  })
}
