/**
 * The one way this action runs git: async `spawn`, never a shell, never an interactive prompt.
 * Identity and credentials are passed per command (`-c` options and `GIT_CONFIG_*` variables),
 * never written to any config file, and every secret is redacted from output and messages.
 */
import { spawn as nodeSpawn, type SpawnOptions, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { GitError, GuardError } from '../errors.js'
import type { ChangedFile } from './types.js'

/** What a git command printed and how it ended. */
export interface GitResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface GitExecOptions {
  /** Return a non-zero exit instead of throwing (for failures the caller expects and checks). */
  allowFailure?: boolean
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
  /** The working tree every command runs in. */
  dir: string
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
 * Options on every command: hooks and fsmonitor are off because the agent can write files under
 * `.git/` and a hook would run with this process's environment (the push token included).
 */
const HARDENING = [
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'commit.gpgSign=false'
]

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

  /** Runs `git <args>` in the working tree; throws GitError on a non-zero exit unless allowFailure. */
  async exec(args: string[], options: GitExecOptions = {}): Promise<GitResult> {
    const identity = this.options.identity
    const idArgs = identity ? ['-c', `user.name=${identity.name}`, '-c', `user.email=${identity.email}`] : []
    const argv = [...HARDENING, ...idArgs, ...args]
    const base = { ...(this.options.env ?? process.env) }
    // These variables would override the `-c user.*` identity.
    if (identity) for (const k of IDENTITY_ENV) delete base[k]
    const env: NodeJS.ProcessEnv = {
      ...base,
      GIT_TERMINAL_PROMPT: '0',
      // Never ask for a password through a GUI helper or ssh either.
      GIT_ASKPASS: '',
      SSH_ASKPASS: '',
      LC_ALL: 'C',
      ...options.env
    }
    const shown = this.redact(`git ${args.join(' ')}`)
    this.options.trace?.(shown)
    const result = await run(this.spawnFn, argv, this.dir, env, options.input)
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

  /** `git <args>` stdout, trimmed. */
  async read(args: string[], options: GitExecOptions = {}): Promise<string> {
    return (await this.exec(args, options)).stdout.trim()
  }

  redact(text: string): string {
    return redact(text, this.secrets)
  }

  /** The absolute path of a file in the git directory (`config`, `index`, ...). */
  async gitPath(name: string): Promise<string> {
    return resolve(this.dir, await this.read(['rev-parse', '--git-path', name]))
  }

  /**
   * Runs `fn` with `GIT_INDEX_FILE` pointing at a throwaway copy of the index in which every change
   * (untracked files included, ignored ones not) was added, so status and diff see the whole change
   * with renames, and the real index stays exactly as the agent left it.
   */
  async withFullIndex<T>(fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
    const index = await this.gitPath('index')
    const tmp = await mkdtemp(join(tmpdir(), 'nightshift-index-'))
    try {
      const env = { GIT_INDEX_FILE: join(tmp, 'index') }
      if (existsSync(index)) await copyFile(index, env.GIT_INDEX_FILE)
      await this.exec(['add', '--all'], { env })
      return await fn(env)
    } finally {
      await rm(tmp, { recursive: true, force: true })
    }
  }

  /** Changed files per `git status --porcelain=v1 -z`; pass the env of `withFullIndex` to see renames and untracked files. */
  async changedFiles(env: Record<string, string>): Promise<ChangedFile[]> {
    const out = await this.exec(
      ['-c', 'status.renames=true', 'status', '--porcelain=v1', '-z', '--untracked-files=all'],
      { env }
    )
    return parseStatusZ(out.stdout)
  }
}

/** The absolute path of repository-relative `p` in `dir`; GuardError for anything outside it or in `.git`. */
export function pathInside(dir: string, p: string): string {
  const abs = resolve(dir, p)
  const rel = relative(dir, abs)
  if (
    !p ||
    isAbsolute(p) ||
    rel === '' ||
    rel.startsWith('..') ||
    isAbsolute(rel) ||
    rel.split(/[\\/]/)[0] === '.git'
  ) {
    throw new GuardError(`Refusing to touch "${p}": expected a path inside the checkout "${dir}".`)
  }
  return abs
}

/**
 * The repository's `.git/config` as it was before the agent ran. The agent runs as the same user and
 * can edit it; entries such as `filter.<x>.clean`, `core.sshCommand`, `credential.helper` or
 * `include.path` would make the action's own git commands run the agent's programs with the action's
 * environment. So every workspace operation first puts the saved file back.
 */
export class ConfigSnapshot {
  private constructor(
    readonly file: string,
    private content: string | null
  ) {}

  static async take(git: Git): Promise<ConfigSnapshot> {
    const file = await git.gitPath('config')
    return new ConfigSnapshot(file, await readFile(file, 'utf8').catch(() => null))
  }

  /** Writes the saved content back when the file changed; true when it did. */
  async restore(): Promise<boolean> {
    if (this.content === null) return false
    const now = await readFile(this.file, 'utf8').catch(() => null)
    if (now === this.content) return false
    await writeFile(this.file, this.content)
    return true
  }
}

function run(
  spawnFn: SpawnFn,
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  input: string | undefined
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawnFn('git', argv, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
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
    child.on('close', code =>
      resolve({
        exitCode: code ?? 128,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8')
      })
    )
    // A command that does not read stdin may close it early; that is not an error.
    child.stdin?.on('error', () => undefined)
    child.stdin?.end(input ?? '')
  })
}

/**
 * Parses `git status --porcelain=v1 -z` run against an index where everything was added (so the
 * index column X says how each path differs from HEAD). Renames carry their old path.
 */
export function parseStatusZ(text: string): ChangedFile[] {
  const fields = text.split('\0')
  const files: ChangedFile[] = []
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i]
    if (entry.length < 4) continue
    const x = entry[0]
    const y = entry[1]
    const path = entry.slice(3)
    const code = x === ' ' || x === '?' ? y : x
    if (x === 'R' || x === 'C') {
      const from = fields[++i]
      files.push(x === 'R' ? { path, status: 'renamed', from } : { path, status: 'added' })
    } else if (code === 'A' || code === '?') files.push({ path, status: 'added' })
    else if (code === 'D') files.push({ path, status: 'deleted' })
    else if (code !== '!') files.push({ path, status: 'modified' })
  }
  return files
}
