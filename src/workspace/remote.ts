/**
 * The remote of the action's repository, as the workspace talks to it: its URL read once (without any
 * `user:password@`, the password joining the secrets to redact), then every fetch, `ls-remote` and push
 * naming that URL, the token going to one command at a time through `authEnv`.
 */
import { NightshiftError } from '../errors.js'
import { authEnv, type Git, type GitResult } from './git.js'

/** How far a shallow clone is deepened per try when the branch and its base share no commit yet. */
const DEEPEN_STEP = 100
const DEEPEN_TRIES = 3

export class Remote {
  private constructor(
    readonly name: string,
    readonly url: string,
    private readonly git: Git,
    private readonly token: string | null | undefined
  ) {}

  /** Reads the URL of remote `name`; a password in it is handed to `secret` before anything prints it. */
  static async open(
    git: Git,
    name: string,
    token: string | null | undefined,
    secret: (values: string[]) => void
  ): Promise<Remote> {
    const url = await git.read(['config', '--get', `remote.${name}.url`])
    return new Remote(name, withoutUserinfo(url, secret), git, token)
  }

  trackingRef(branch: string): string {
    return trackingRef(this.name, branch)
  }

  /** The refspec that brings the remote's `base` to its tracking ref. */
  trackingSpec(base: string): string {
    return `+refs/heads/${base}:${this.trackingRef(base)}`
  }

  async fetch(specs: string[], extra: string[] = []): Promise<void> {
    await this.git.exec(
      [
        'fetch',
        '--quiet',
        '--no-tags',
        '--no-recurse-submodules',
        '--no-write-fetch-head',
        ...extra,
        this.url,
        ...specs
      ],
      { env: this.auth() }
    )
  }

  /** The sha the remote holds for `ref`, or null when it has no such ref. */
  async head(ref: string): Promise<string | null> {
    const out = await this.git.read(['ls-remote', '--heads', this.url, ref], { env: this.auth() })
    const line = out.split('\n').find(l => l.endsWith(`\t${ref}`))
    return line ? line.split('\t')[0]! : null
  }

  /** `git push <options> <url> <refspec>`, with the token for this one command. */
  push(options: string[], refspec: string): Promise<GitResult> {
    return this.git.exec(['push', ...options, this.url, refspec], { env: this.auth() })
  }

  /**
   * A shallow clone (actions/checkout's default depth 1) may lack the fork point of `head` and `baseRef`:
   * deepen until it is found; null when the whole history holds none.
   */
  async deepenToForkPoint(head: string, base: string, baseRef: string): Promise<string | null> {
    const specs = [this.trackingSpec(base)]
    for (let i = 0; i <= DEEPEN_TRIES; i++) {
      if ((await this.git.read(['rev-parse', '--is-shallow-repository'])) !== 'true') break
      await this.fetch(specs, i < DEEPEN_TRIES ? [`--deepen=${DEEPEN_STEP}`] : ['--unshallow'])
      const found = await mergeBase(this.git, head, baseRef)
      if (found) return found
    }
    return null
  }

  private auth(): Record<string, string> {
    return authEnv(this.url, this.token)
  }
}

/** Where the action keeps its copy of `branch` of the remote `name`. */
export function trackingRef(name: string, branch: string): string {
  return `refs/remotes/${name}/${branch}`
}

/** The best common ancestor of two commits, or null when they share none (as far as the clone goes). */
export async function mergeBase(git: Git, head: string, baseRef: string): Promise<string | null> {
  const r = await git.exec(['merge-base', head, baseRef], { allowFailure: true })
  return r.exitCode === 0 ? r.stdout.trim() : null
}

/** A remote URL without `user:password@`; the password, if any, goes to `secret`. */
function withoutUserinfo(url: string, secret: (values: string[]) => void): string {
  if (!/^https?:\/\//i.test(url)) return url
  const parsed = new URL(url)
  if (!parsed.username && !parsed.password) return url
  secret([parsed.password, decodeURIComponent(parsed.password)])
  parsed.username = ''
  parsed.password = ''
  return parsed.href
}

/** The branch and its base share no commit at all. */
export function noSharedHistory(branch: string | null, base: string): NightshiftError {
  return new NightshiftError(
    `The branch "${branch}" shares no history with "${base}"; expected it to start from "${base}". ` +
      'Delete the branch (or rename it) and run again.'
  )
}
