/**
 * The Workspace port on a git checkout: the task branch (create or resume), the agent's changes,
 * commits with trailers, the guarded push, and the rebase before the final CI run.
 *
 * With a remote (the Actions runner): the remote's URL is read once in `prepare()`, before the agent
 * runs, and every fetch and push names that URL, so an agent that edits `.git/config` cannot redirect
 * them; the token goes to one command at a time through `authEnv`. Without a remote (local mode): the
 * branch lives in the repository itself and `push()` only checks the target and returns HEAD.
 */
import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { GitError, GuardError, NightshiftError } from '../errors.js'
import {
  agentPushRef,
  assertBaseName,
  pullRequestPushRef,
  PushRejectedError,
  pushRejection
} from './branch.js'
import { scrubCredentials } from './credentials.js'
import {
  authEnv,
  ConfigSnapshot,
  Git,
  pathInside,
  tokenSecrets,
  type GitIdentity,
  type SpawnFn
} from './git.js'
import { guardChanges } from './guard.js'
import { assertBranchPrefix } from './slug.js'
import type { ChangedFile, GuardReport, RebaseResult, Workspace } from './types.js'

export interface GitWorkspaceOptions {
  /** The checkout (the repository's top-level folder). */
  dir: string
  /** The remote to fetch from and push to (default `origin`); null: a repository without a remote. */
  remote?: string | null
  /** The token for fetch and push over HTTPS; passed per command, redacted everywhere. */
  token?: string | null
  /** Author and committer of the action's commits. */
  identity: GitIdentity
  /** `Name <email>` added as a `Co-authored-by` trailer to every commit (the requester). */
  coAuthor?: string | null
  /** Prefix of the branches this workspace may push (e.g. `agent/`). */
  branchPrefix: string
  /**
   * A pull request's own branch this workspace may also push to (`fix-ci-push: branch`). It is never
   * rewritten: it must exist, it is never rebased, and each push moves it forward from the head last
   * seen (the head the round started on, then its own pushes) or is refused.
   */
  pullRequestBranch?: string | null
  /** Progress lines for the run's log. */
  log?: (line: string) => void
  /** Base environment for git (default `process.env`). */
  env?: NodeJS.ProcessEnv
  /** Receives every git command line, redacted. */
  trace?: (line: string) => void
  spawn?: SpawnFn
}

/** How far a shallow clone is deepened per try when the branch and its base share no commit yet. */
const DEEPEN_STEP = 100
const DEEPEN_TRIES = 3

/** Creates the Workspace for `options.dir`; nothing runs until `prepare()`. */
export function createGitWorkspace(options: GitWorkspaceOptions): GitWorkspace {
  return new GitWorkspace(options)
}

export class GitWorkspace implements Workspace {
  readonly dir: string
  private readonly git: Git
  private readonly remote: string | null
  private readonly log: (line: string) => void
  private remoteUrl: string | null = null
  private branchName: string | null = null
  /** The remote branch's sha as last seen (null: not on the remote yet); the lease after a rebase. */
  private remoteHead: string | null = null
  private rebasedSincePush = false
  private config: ConfigSnapshot | null = null

  constructor(private readonly options: GitWorkspaceOptions) {
    assertBranchPrefix(options.branchPrefix)
    this.dir = resolve(options.dir)
    this.remote = options.remote === undefined ? 'origin' : options.remote
    this.log = options.log ?? (() => undefined)
    this.git = new Git({
      dir: this.dir,
      identity: options.identity,
      secrets: tokenSecrets(options.token),
      env: options.env,
      trace: options.trace,
      spawn: options.spawn
    })
  }

  /** The task branch, once `prepare()` ran. */
  get branch(): string | null {
    return this.branchName
  }

  async prepare(branch: string, base: string): Promise<{ resumed: boolean; head: string }> {
    const ref = this.pushRef(branch)
    assertBaseName(base)
    let resumed: boolean
    if (this.remote === null) {
      const dirty = await this.git.read(['status', '--porcelain=v1', '--untracked-files=no'])
      if (dirty) {
        throw new NightshiftError(
          `The repository "${this.dir}" has uncommitted changes to tracked files:\n${dirty}\n` +
            'Commit or stash them first, so they do not end up in the agent branch.'
        )
      }
      resumed =
        (await this.git.exec(['rev-parse', '--verify', '--quiet', ref], { allowFailure: true })).exitCode ===
        0
      await this.git.exec(
        resumed ? ['checkout', '--quiet', branch, '--'] : ['checkout', '--quiet', '-b', branch, base, '--']
      )
    } else {
      this.remoteUrl = this.withoutUserinfo(await this.git.read(['remote', 'get-url', this.remote]))
      this.remoteHead = await this.lsRemote(ref)
      resumed = this.remoteHead !== null
      if (!resumed && this.isPullRequestBranch(branch))
        throw new NightshiftError(
          `The pull request's branch "${branch}" does not exist on the remote; nightshift pushes to it only on top of its head.`
        )
      const specs = [this.trackingSpec(base)]
      if (resumed) specs.push(`+${ref}:${this.trackingRef(branch)}`)
      await this.fetch(specs)
      const start = resumed ? this.trackingRef(branch) : this.trackingRef(base)
      await this.git.exec(['checkout', '--quiet', '--no-track', '-B', branch, start])
    }
    this.branchName = branch
    this.rebasedSincePush = false
    this.config = await ConfigSnapshot.take(this.git)
    const head = await this.head()
    this.log(`${resumed ? 'Resumed' : 'Created'} branch ${branch} at ${head.slice(0, 12)}`)
    return { resumed, head }
  }

  async changes(): Promise<ChangedFile[]> {
    await this.untampered()
    return this.git.withFullIndex(env => this.git.changedFiles(env))
  }

  async guard(protectedPaths: string[]): Promise<GuardReport> {
    await this.untampered()
    return this.git.withFullIndex(async env => {
      const changes = await this.git.changedFiles(env)
      const diff = await this.git.read(
        ['diff', '--cached', '--no-color', '--no-ext-diff', '--no-textconv', '--find-renames', 'HEAD'],
        { env }
      )
      return guardChanges(changes, diff, protectedPaths)
    })
  }

  async discard(paths: string[]): Promise<void> {
    if (paths.length === 0) return
    await this.untampered()
    for (const p of paths) pathInside(this.dir, p)
    // Literal pathspecs: a file the agent named `*` or `:(glob)**` must mean only itself.
    const git = (...args: string[]) => this.git.exec(['--literal-pathspecs', ...args])
    const listed = (await git('ls-tree', '-r', '-z', '--name-only', 'HEAD', '--', ...paths)).stdout.split(
      '\0'
    )
    const inHead = (p: string) => listed.some(f => f === p || f.startsWith(`${p}/`))
    const tracked = paths.filter(inHead)
    const added = paths.filter(p => !inHead(p))
    if (tracked.length) await git('restore', '--source=HEAD', '--staged', '--worktree', '--', ...tracked)
    if (added.length) {
      await git('rm', '--cached', '--quiet', '--ignore-unmatch', '-r', '--', ...added)
      for (const p of added) await rm(pathInside(this.dir, p), { force: true, recursive: true })
    }
    this.log(`Discarded changes to ${paths.join(', ')}`)
  }

  async commit(message: string, trailers: Record<string, string>): Promise<string | null> {
    await this.untampered()
    await this.git.exec(['add', '--all'])
    const staged = await this.git.exec(['diff', '--cached', '--quiet'], { allowFailure: true })
    if (staged.exitCode === 0) return null
    const all = { ...trailers }
    if (this.options.coAuthor && !Object.keys(all).some(k => k.toLowerCase() === 'co-authored-by')) {
      all['Co-authored-by'] = this.options.coAuthor
    }
    const args = ['interpret-trailers']
    for (const [key, value] of Object.entries(all)) {
      if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(key)) {
        throw new NightshiftError(`Commit trailer key "${key}" is invalid; expected letters, digits and "-"`)
      }
      args.push('--trailer', `${key}: ${value.replace(/[\r\n]+/g, ' ').trim()}`)
    }
    const text = Object.keys(all).length
      ? (await this.git.exec(args, { input: `${message.trim()}\n` })).stdout
      : message
    await this.git.exec(['commit', '--quiet', '--no-verify', '--cleanup=whitespace', '--file=-'], {
      input: text
    })
    const sha = await this.head()
    this.log(`Committed ${sha.slice(0, 12)}: ${message.split('\n')[0]}`)
    return sha
  }

  async push(): Promise<string> {
    if (!this.branchName) {
      throw new GuardError('Refusing to push: no task branch was prepared; call prepare(branch, base) first.')
    }
    const branch = this.branchName
    const ref = this.pushRef(branch)
    await this.untampered()
    const head = await this.head()
    if (this.remote === null || this.remoteUrl === null) return head
    const args = ['push', '--no-verify']
    if (this.isPullRequestBranch(branch)) {
      // Someone else's branch moves only forward from the head last seen: the commit must descend from
      // it, and the lease makes the server refuse the update when the branch holds anything else by then
      // (a concurrent push, even one that rewound it), so the update is a fast-forward or nothing.
      await this.assertDescends(branch, this.remoteHead)
      args.push(`--force-with-lease=${ref}:${this.remoteHead ?? ''}`)
    }
    // A rebase rewrote commits that may be on the remote: replace them only if the remote branch is
    // still what we last saw (empty expectation: it must not exist), never with a bare --force.
    else if (this.rebasedSincePush) args.push(`--force-with-lease=${ref}:${this.remoteHead ?? ''}`)
    args.push(this.remoteUrl, `${head}:${ref}`)
    try {
      await this.git.exec(args, { env: this.auth() })
    } catch (e) {
      throw e instanceof GitError ? pushRejection(e, branch) : e
    }
    this.remoteHead = head
    this.rebasedSincePush = false
    await this.git.exec(['update-ref', this.trackingRef(branch), head])
    this.log(`Pushed ${head.slice(0, 12)} to ${branch}`)
    return head
  }

  async rebase(base: string): Promise<RebaseResult> {
    assertBaseName(base)
    await this.untampered()
    const before = await this.head()
    const baseRef = this.remote === null ? `refs/heads/${base}` : this.trackingRef(base)
    if (this.remote !== null) await this.fetch([this.trackingSpec(base)])
    const baseSha = await this.git.read(['rev-parse', '--verify', `${baseRef}^{commit}`])
    const mergeBase = (await this.mergeBase(baseRef)) ?? (await this.deepen(base, baseRef))
    if (mergeBase === baseSha) return { status: 'up_to_date', conflicts: [], head: before, base: baseSha }
    if (this.branchName !== null && this.isPullRequestBranch(this.branchName))
      throw this.moved(this.branchName, `"${base}" moved to ${baseSha} and the branch is never rebased`)
    const result = await this.git.exec(
      ['-c', 'rebase.autoStash=false', '-c', 'rebase.updateRefs=false', 'rebase', '--no-autosquash', baseRef],
      { allowFailure: true }
    )
    if (result.exitCode !== 0) {
      const unmerged = await this.git.exec(['diff', '--name-only', '--diff-filter=U', '-z'], {
        allowFailure: true
      })
      const conflicts = unmerged.stdout.split('\0').filter(Boolean)
      await this.git.exec(['rebase', '--abort'], { allowFailure: true })
      if (conflicts.length === 0) {
        throw new GitError(
          `Rebasing "${this.branchName}" onto "${base}" failed without a conflict: ${result.stderr.trim()}`,
          ['rebase', baseRef],
          result.exitCode,
          result.stderr
        )
      }
      this.log(`Rebase onto ${base} conflicts in ${conflicts.join(', ')}; aborted`)
      return { status: 'conflict', conflicts, head: await this.head(), base: baseSha }
    }
    this.rebasedSincePush = true
    const head = await this.head()
    this.log(`Rebased ${this.branchName} onto ${base} (${baseSha.slice(0, 12)}): ${head.slice(0, 12)}`)
    return { status: 'rebased', conflicts: [], head, base: baseSha }
  }

  async head(): Promise<string> {
    return this.git.read(['rev-parse', '--verify', 'HEAD^{commit}'])
  }

  async scrubCredentials(): Promise<void> {
    const removed = await scrubCredentials(this.dir)
    for (const item of removed) this.log(`Removed persisted credentials: ${item}`)
    // The scrubbed file is the one to keep from now on.
    if (this.config) this.config = await ConfigSnapshot.take(this.git)
  }

  private isPullRequestBranch(branch: string): boolean {
    return !!this.options.pullRequestBranch && branch === this.options.pullRequestBranch
  }

  private pushRef(branch: string): string {
    return this.isPullRequestBranch(branch)
      ? pullRequestPushRef(branch)
      : agentPushRef(branch, this.options.branchPrefix)
  }

  private async assertDescends(branch: string, from: string | null): Promise<void> {
    const ok =
      from !== null &&
      (await this.git.exec(['merge-base', '--is-ancestor', from, 'HEAD'], { allowFailure: true }))
        .exitCode === 0
    if (!ok) throw this.moved(branch, `the commit to push does not build on ${from ?? '(no head)'}`)
  }

  /** The refusal for a pull request's branch that nightshift would have to rewrite. */
  private moved(branch: string, why: string): PushRejectedError {
    const message =
      `Not pushing to the pull request's branch "${branch}": ${why}. nightshift pushes there only on top ` +
      'of the head it started from, never with force; nothing was overwritten.'
    return new PushRejectedError('rejected', message, new GitError(message, ['push'], 1, ''))
  }

  /** Puts back `.git/config` as it was before the agent ran (see ConfigSnapshot). */
  private async untampered(): Promise<void> {
    if (await this.config?.restore()) {
      this.log(
        `Restored ${this.config?.file}: it changed since the branch was prepared (the agent may not edit it)`
      )
    }
  }

  /** A remote URL without `user:password@`; the password, if any, joins the secrets to redact. */
  private withoutUserinfo(url: string): string {
    if (!/^https?:\/\//i.test(url)) return url
    const parsed = new URL(url)
    if (!parsed.username && !parsed.password) return url
    this.git.addSecrets([parsed.password, decodeURIComponent(parsed.password)])
    parsed.username = ''
    parsed.password = ''
    return parsed.href
  }

  private auth(): Record<string, string> {
    return this.remoteUrl ? authEnv(this.remoteUrl, this.options.token) : {}
  }

  private trackingRef(branch: string): string {
    return `refs/remotes/${this.remote}/${branch}`
  }

  private trackingSpec(base: string): string {
    return `+refs/heads/${base}:${this.trackingRef(base)}`
  }

  private async fetch(specs: string[], extra: string[] = []): Promise<void> {
    await this.git.exec(
      ['fetch', '--quiet', '--no-tags', '--no-recurse-submodules', ...extra, this.url(), ...specs],
      {
        env: this.auth()
      }
    )
  }

  private url(): string {
    if (!this.remoteUrl)
      throw new NightshiftError('The workspace has no remote URL; call prepare(branch, base) first.')
    return this.remoteUrl
  }

  private async lsRemote(ref: string): Promise<string | null> {
    const out = await this.git.read(['ls-remote', '--heads', this.url(), ref], { env: this.auth() })
    const line = out.split('\n').find(l => l.endsWith(`\t${ref}`))
    return line ? line.split('\t')[0] : null
  }

  private async mergeBase(baseRef: string): Promise<string | null> {
    const r = await this.git.exec(['merge-base', 'HEAD', baseRef], { allowFailure: true })
    return r.exitCode === 0 ? r.stdout.trim() : null
  }

  /** A shallow clone (actions/checkout's default depth 1) may lack the fork point: deepen until found. */
  private async deepen(base: string, baseRef: string): Promise<string> {
    const specs = [this.trackingSpec(base)]
    for (let i = 0; this.remote !== null && i <= DEEPEN_TRIES; i++) {
      if ((await this.git.read(['rev-parse', '--is-shallow-repository'])) !== 'true') break
      await this.fetch(specs, i < DEEPEN_TRIES ? [`--deepen=${DEEPEN_STEP}`] : ['--unshallow'])
      const found = await this.mergeBase(baseRef)
      if (found) return found
    }
    throw new NightshiftError(
      `The branch "${this.branchName}" shares no history with "${base}"; expected it to start from "${base}". ` +
        'Delete the branch (or rename it) and run again.'
    )
  }
}
