/**
 * The one way this action runs git: async `spawn`, never a shell, never an interactive prompt, always
 * with the same hardening (git-hardening.ts). Identity and credentials are passed per command (`-c`
 * options and `GIT_CONFIG_*` variables), never written to any config file, and every secret is redacted
 * from output and messages. Where and as whom git runs is a parameter: the action on its own repository,
 * the action reading the agent's files through a prefix, or the agent in its sandbox on its own `.git`.
 */
import { spawn as nodeSpawn, type SpawnOptions, type ChildProcess } from 'node:child_process'
import { GitError } from '../errors.js'
import { configEnv, HARDENING, programOverrides, safeGitEnv } from './git-hardening.js'

/** What a git command printed and how it ended. */
export interface GitResult {
  exitCode: number
  stdout: string
  stderr: string
  /** Set when git was stopped at `maxOutputBytes`: stdout holds that much only. */
  truncated?: boolean
}

export interface GitExecOptions {
  /** Return a non-zero exit instead of throwing (for failures the caller expects and checks). */
  allowFailure?: boolean
  /** Kill git after this long (it reads files an agent prepared: a FIFO swapped in must not hang it). */
  timeoutMs?: number
  /** Written to the command's standard input. */
  input?: string
  /** Stop git once it printed this many bytes on stdout (the result then says `truncated`). */
  maxOutputBytes?: number
  /** Extra environment for this one command (e.g. the credentials from `authEnv`). */
  env?: Record<string, string>
}

/** A git author and committer. */
export interface GitIdentity {
  name: string
  email: string
}

/** The part of `child_process.spawn` this module uses; injectable so tests can record the argv. */
export type SpawnFn = (command: string, args: string[], options: SpawnOptions) => ChildProcess

export interface GitOptions {
  /** The working tree every command runs in (the git directory when `gitDir` is set and `workTree` is not). */
  dir: string
  /**
   * The repository, named explicitly (`--git-dir`) so git never discovers one from the working tree;
   * `workTree` is then the files it reads (`--work-tree`). Without them git finds the repository from `dir`.
   */
  gitDir?: string
  workTree?: string
  /** The index git uses (`GIT_INDEX_FILE`), e.g. the action's own beside its repository. */
  indexFile?: string
  /**
   * Where and as whom git runs: wraps `['git', …]` into the argv started (the agent's sandbox, or a
   * prefix that lets the action read every file of the agent's tree). Unset: as the action, directly.
   */
  wrap?: (argv: string[]) => string[]
  /**
   * The repository is the agent's own `.git`, its config the agent's writing: before each command the
   * keys of it that name a program (filter, diff and merge drivers, …) are read and switched off for
   * that command, and git runs in a process group of its own that a timeout ends whole.
   */
  agentRepository?: boolean
  /** Set on every command after the hardening (e.g. the sandbox's `safe.directory` for a tree it does not own). */
  fixedEnv?: Record<string, string>
  /** Author and committer of the commits this action makes; passed as `-c user.*` on each command. */
  identity?: GitIdentity
  /** Values to redact from stdout, stderr and error messages (tokens and their encodings). */
  secrets?: string[]
  /** The base environment (default `process.env`); tests pass an isolated one. */
  env?: NodeJS.ProcessEnv
  /** Receives one line per command, redacted. */
  trace?: (line: string) => void
  spawn?: SpawnFn
}

// Messages git and GitHub print that callers act on. GitHub's wording for workflow files:
// "refusing to allow a GitHub App to create or update workflow `.github/workflows/x.yml` without `workflows` permission"
// (and the same with "an OAuth App" / "a Personal Access Token" and the `workflow` scope).
export const GIT_MESSAGES = {
  workflowRefused: /refusing to allow an? [^\n]*? to create or update workflow/i,
  nonFastForward: /\(non-fast-forward\)|\(fetch first\)|Updates were rejected because the tip/i,
  staleLease: /\(stale info\)/i,
  /** Another push updated the same ref at the same moment (the server's ref lock was taken). */
  lockedRef: /cannot lock ref|failed to update ref|unable to (?:create|lock) .*\.lock/i,
  authFailed:
    /Authentication failed|could not read Username|terminal prompts disabled|HTTP Basic: Access denied|The requested URL returned error: 40[13]/i,
  missingRemoteRef: /couldn't find remote ref/i,
  rebaseConflict: /CONFLICT \(|could not apply/i
} as const

/** The base64 form GitHub's git endpoint expects for a token (as actions/checkout writes it). */
export function basicAuth(token: string): string {
  return Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64')
}

/** Every form of `token` that could show up in output: the token and its Basic-auth encoding. */
export function tokenSecrets(token: string | null | undefined): string[] {
  return token ? [token, basicAuth(token)] : []
}

/**
 * Environment that hands `token` to exactly one git command, scoped to the remote's origin:
 * `http.<origin>/.extraheader` through `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n`
 * (git ≥ 2.31), so it is never in argv, in a URL, nor in `.git/config`. Empty for non-HTTP remotes
 * (a path or `file://` needs no credentials) and when there is no token.
 */
export function authEnv(remoteUrl: string, token: string | null | undefined): Record<string, string> {
  if (!token || !/^https?:\/\//i.test(remoteUrl)) return {}
  const origin = new URL(remoteUrl).origin
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${origin}/.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basicAuth(token)}`
  }
}

/** Replaces every secret in `text` with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***')
  return out
}

/** A git runner bound to one working tree. */
export class Git {
  readonly dir: string
  private readonly secrets: string[]
  private readonly spawnFn: SpawnFn

  constructor(private readonly options: GitOptions) {
    this.dir = options.dir
    this.secrets = [...(options.secrets ?? [])]
    this.spawnFn = options.spawn ?? nodeSpawn
  }

  /** Adds values to redact from now on. */
  addSecrets(values: string[]): void {
    this.secrets.push(...values.filter(v => v && !this.secrets.includes(v)))
  }

  /** The program, argv and environment of `git <args>`, hardened (see git-hardening.ts). */
  private command(args: string[], extraEnv: Record<string, string> = {}, config: [string, string][] = []) {
    const identity = this.options.identity
    const idArgs = identity ? ['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`] : []
    const dirs = this.options.gitDir
      ? [
          `--git-dir=${this.options.gitDir}`,
          ...(this.options.workTree ? [`--work-tree=${this.options.workTree}`] : [])
        ]
      : []
    const env = safeGitEnv(this.options.env ?? process.env, {
      identity: !!identity,
      indexFile: this.options.indexFile,
      extra: configEnv({ ...this.options.fixedEnv, ...extraEnv }, config)
    })
    const argv = ['git', ...dirs, ...HARDENING, ...idArgs, ...args]
    const wrapped = this.options.wrap ? this.options.wrap(argv) : argv
    return { file: wrapped[0]!, argv: wrapped.slice(1), env }
  }

  /**
   * In the agent's repository: config entries that switch off each program its config names. A process
   * the agent left running could change the config between this read and the command; what that could
   * start runs as the agent, in its sandbox, which is where the agent runs anyway.
   */
  private async overrides(options: GitExecOptions): Promise<[string, string][]> {
    if (!this.options.agentRepository) return []
    const { file, argv, env } = this.command(['config', '--list', '--name-only', '-z'], options.env)
    const r = await run(this.spawnFn, file, argv, this.dir, env, { timeoutMs: options.timeoutMs }, true)
    return programOverrides(r.stdout)
  }

  /** Runs `git <args>`; throws GitError on a non-zero exit unless allowFailure. */
  async exec(args: string[], options: GitExecOptions = {}): Promise<GitResult> {
    const shown = this.redact(`git ${args.join(' ')}`)
    this.options.trace?.(shown)
    const { file, argv, env } = this.command(args, options.env, await this.overrides(options))
    const group = !!this.options.agentRepository
    const result = await run(this.spawnFn, file, argv, this.dir, env, options, group)
    result.stdout = this.redact(result.stdout)
    result.stderr = this.redact(result.stderr)
    if (result.exitCode !== 0 && !options.allowFailure) {
      const detail = result.stderr.trim() || result.stdout.trim() || '(no output)'
      throw new GitError(
        `"${shown}" failed with exit code ${result.exitCode} in "${this.dir}": ${detail}`,
        args.map(a => this.redact(a)),
        result.exitCode,
        result.stderr
      )
    }
    return result
  }

  /** Starts `git <args>` with its streams open (for `cat-file --batch` in the action's repository). */
  start(args: string[], env: Record<string, string> = {}): ChildProcess {
    if (this.options.agentRepository)
      throw new GitError(
        "git start() is for the action's repository; use exec() in the agent's",
        args,
        -1,
        ''
      )
    this.options.trace?.(this.redact(`git ${args.join(' ')}`))
    const c = this.command(args, env)
    return this.spawnFn(c.file, c.argv, { cwd: this.dir, env: c.env, stdio: ['pipe', 'pipe', 'pipe'] })
  }

  /** `git <args>` stdout, trimmed. */
  async read(args: string[], options: GitExecOptions = {}): Promise<string> {
    return (await this.exec(args, options)).stdout.trim()
  }

  redact(text: string): string {
    return redact(text, this.secrets)
  }
}

/** Ends git, and with `group` every process it started (it leads a process group of its own). */
function stop(child: ChildProcess, group: boolean): void {
  try {
    if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    else child.kill('SIGKILL')
  } catch {
    // Already gone.
  }
}

function run(
  spawnFn: SpawnFn,
  file: string,
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  options: GitExecOptions,
  group: boolean
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawnFn(file, argv, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: group })
    let timedOut = false
    let truncated = false
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true
          stop(child, group)
        }, options.timeoutMs)
      : null
    const out: Buffer[] = []
    const err: Buffer[] = []
    let outBytes = 0
    const cap = options.maxOutputBytes ?? Infinity
    child.stdout?.on('data', (b: Buffer) => {
      if (truncated) return
      const room = cap - outBytes
      out.push(b.length > room ? b.subarray(0, room) : b)
      outBytes += Math.min(b.length, room)
      if (b.length >= room && outBytes >= cap) {
        truncated = true
        stop(child, group)
      }
    })
    child.stderr?.on('data', (b: Buffer) => err.push(b))
    child.on('error', e =>
      reject(
        new GitError(
          `Could not start git in "${cwd}": ${e.message}. Is git installed and on PATH?`,
          [],
          -1,
          ''
        )
      )
    )
    child.on('close', code => {
      if (timer) clearTimeout(timer)
      const stderr = Buffer.concat(err).toString('utf8')
      resolve({
        exitCode: code ?? 128,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: timedOut ? `${stderr}\ngit was stopped after ${options.timeoutMs} ms` : stderr,
        ...(truncated ? { truncated } : {})
      })
    })
    // A command that does not read stdin may close it early; that is not an error.
    child.stdin?.on('error', () => undefined)
    child.stdin?.end(options.input ?? '')
  })
}
