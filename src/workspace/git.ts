/**
 * The one way this action runs git: async `spawn`, never a shell, never an interactive prompt.
 * Identity and credentials are passed per command (`-c` options and `GIT_CONFIG_*` variables),
 * never written to any config file, and every secret is redacted from output and messages.
 */
import { spawn as nodeSpawn, type SpawnOptions, type ChildProcess } from 'node:child_process'
import { GitError } from '../errors.js'

/** What a git command printed and how it ended. */
export interface GitResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface GitExecOptions {
  /** Return a non-zero exit instead of throwing (for failures the caller expects and checks). */
  allowFailure?: boolean
  /** Kill git after this long (it reads files an agent prepared: a FIFO swapped in must not hang it). */
  timeoutMs?: number
  /** Written to the command's standard input. */
  input?: string
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
  /** Argv run before `git` (e.g. a prefix that grants reading every file of the working tree). */
  prefix?: string[]
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

/**
 * Options on every command. The checkout's files are the agent's work, so nothing git would run from
 * them or from a config is allowed: hooks and fsmonitor off, no signing program, no external diff or
 * textconv, no untracked cache or split index (files the agent could have prepared), and no symlinked
 * or case-folded `.git` lookalikes accepted as paths.
 */
const HARDENING = [
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.untrackedCache=false',
  '-c',
  'core.splitIndex=false',
  '-c',
  'core.protectHFS=true',
  '-c',
  'core.protectNTFS=true',
  '-c',
  'core.ignoreCase=false',
  '-c',
  'core.symlinks=true',
  '-c',
  'commit.gpgSign=false',
  '-c',
  'tag.gpgSign=false',
  '-c',
  'diff.external=',
  '-c',
  'push.followTags=false',
  '-c',
  'push.recurseSubmodules=no',
  '-c',
  'submodule.recurse=false',
  '-c',
  'protocol.ext.allow=never'
]

/**
 * Environment variables git reads that would point it at other repositories, configs or programs. They
 * are dropped from the inherited environment; the action sets the few it needs per command.
 */
const GIT_STEERING_ENV =
  /^(GIT_DIR|GIT_WORK_TREE|GIT_INDEX_FILE|GIT_COMMON_DIR|GIT_OBJECT_DIRECTORY|GIT_ALTERNATE_OBJECT_DIRECTORIES|GIT_NAMESPACE|GIT_CEILING_DIRECTORIES|GIT_DISCOVERY_ACROSS_FILESYSTEM|GIT_CONFIG|GIT_CONFIG_GLOBAL|GIT_CONFIG_SYSTEM|GIT_CONFIG_NOSYSTEM|GIT_CONFIG_COUNT|GIT_CONFIG_KEY_\d+|GIT_CONFIG_VALUE_\d+|GIT_CONFIG_PARAMETERS|GIT_EXEC_PATH|GIT_SSH|GIT_SSH_COMMAND|GIT_PROXY_COMMAND|GIT_EXTERNAL_DIFF|GIT_PAGER|GIT_EDITOR|GIT_SEQUENCE_EDITOR|GIT_TRACE.*|GIT_REPLACE_REF_BASE)$/

const IDENTITY_ENV = ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL']

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

  /** The program, argv and environment of `git <args>`, hardened (see HARDENING). */
  private command(args: string[], extraEnv: Record<string, string> = {}) {
    const identity = this.options.identity
    const idArgs = identity ? ['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`] : []
    const dirs = this.options.gitDir
      ? [
          `--git-dir=${this.options.gitDir}`,
          ...(this.options.workTree ? [`--work-tree=${this.options.workTree}`] : [])
        ]
      : []
    const argv = [...dirs, ...HARDENING, ...idArgs, ...args]
    const base = { ...(this.options.env ?? process.env) }
    // These variables would override the `-c user.*` identity.
    if (identity) for (const k of IDENTITY_ENV) delete base[k]
    for (const k of Object.keys(base)) if (GIT_STEERING_ENV.test(k)) delete base[k]
    const env: NodeJS.ProcessEnv = {
      ...base,
      // Only the repository's own config (and `-c`) counts: no system or global file, where an agent
      // sharing this user could have planted an include, a helper or a `push.followTags`.
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_NO_REPLACE_OBJECTS: '1',
      GIT_TERMINAL_PROMPT: '0',
      // Never ask for a password through a GUI helper or ssh either.
      GIT_ASKPASS: '',
      SSH_ASKPASS: '',
      LC_ALL: 'C',
      ...(this.options.indexFile ? { GIT_INDEX_FILE: this.options.indexFile } : {}),
      ...extraEnv
    }
    const prefix = this.options.prefix ?? []
    return {
      file: prefix[0] ?? 'git',
      argv: prefix.length ? [...prefix.slice(1), 'git', ...argv] : argv,
      env
    }
  }

  /** Runs `git <args>`; throws GitError on a non-zero exit unless allowFailure. */
  async exec(args: string[], options: GitExecOptions = {}): Promise<GitResult> {
    const shown = this.redact(`git ${args.join(' ')}`)
    this.options.trace?.(shown)
    const { file, argv, env } = this.command(args, options.env)
    const result = await run(this.spawnFn, file, argv, this.dir, env, options)
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

  /** Starts `git <args>` with its streams open (for `cat-file --batch`). */
  start(args: string[], env: Record<string, string> = {}): ChildProcess {
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

function run(
  spawnFn: SpawnFn,
  file: string,
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  options: GitExecOptions
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawnFn(file, argv, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    let timedOut = false
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true
          child.kill('SIGKILL')
        }, options.timeoutMs)
      : null
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout?.on('data', (b: Buffer) => out.push(b))
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
        stderr: timedOut ? `${stderr}\ngit was stopped after ${options.timeoutMs} ms` : stderr
      })
    })
    // A command that does not read stdin may close it early; that is not an error.
    child.stdin?.on('error', () => undefined)
    child.stdin?.end(options.input ?? '')
  })
}
