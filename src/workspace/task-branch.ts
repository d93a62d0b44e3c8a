/**
 * The task's branch in the action's repository and on the remote: where it starts (resumed from the
 * remote, or made from the newest base), how it moves (a commit on its head, a rebase onto its base) and
 * how it reaches the remote (one explicit refspec from a sha, with a lease after a rebase; a pull
 * request's own branch only fast-forwards). Without a remote (local mode) the branch lives in the
 * user's repository and `push()` only checks the target.
 */
import path from 'node:path'
import { GitError } from '../errors.js'
import { assertBaseName, pushRejection } from './branch.js'
import { commitOnto } from './commit-tree.js'
import type { Git, GitIdentity } from './git.js'
import { assertExists, fastForwardArgs, notOnTop, pushRefFor } from './pull-request-branch.js'
import { mergeBase, noSharedHistory, Remote, trackingRef } from './remote.js'
import type { RebaseResult } from './types.js'
import { rebaseInWorktree } from './worktree-rebase.js'

export interface TaskBranchOptions {
  /** The remote's name; null: a repository without a remote. */
  remote: string | null
  token?: string | null
  /** Prefix of the branches this workspace may push (e.g. `agent/`). */
  branchPrefix: string
  /** A pull request's own branch that may also be pushed, never rewritten (pull-request-branch.ts). */
  pullRequestBranch?: string | null
  /** The user's repository, used in place: its HEAD stays the user's. */
  inPlace: boolean
  identity: GitIdentity
  env?: NodeJS.ProcessEnv
  trace?: (line: string) => void
  /** The action's private folder (the rebase's worktree goes there). */
  privateDir: string
  log: (line: string) => void
  /** Receives a password found in the remote's URL, to redact from then on. */
  secret: (values: string[]) => void
}

export class TaskBranch {
  /** The remote branch's sha as last seen (null: not on the remote yet); the lease after a rebase. */
  private remoteHead: string | null
  private rebasedSincePush = false

  private constructor(
    private readonly repo: Git,
    private readonly options: TaskBranchOptions,
    readonly name: string,
    readonly base: string,
    /** The branch head as the action made it. */
    public head: string,
    private readonly origin: Remote | null,
    remoteHead: string | null,
    /** The branch existed already (on the remote, or locally without one). */
    readonly resumed: boolean
  ) {
    this.remoteHead = remoteHead
  }

  /** Creates `name` from the newest `base`, or resumes it where it already exists. */
  static async prepare(
    repo: Git,
    options: TaskBranchOptions,
    name: string,
    base: string
  ): Promise<TaskBranch> {
    const ref = pushRefFor(name, options.branchPrefix, options.pullRequestBranch)
    assertBaseName(base)
    let branch: TaskBranch
    if (options.remote === null) {
      const resumed =
        (await repo.exec(['rev-parse', '--verify', '--quiet', ref], { allowFailure: true })).exitCode === 0
      const head = await repo.read([
        'rev-parse',
        '--verify',
        `${resumed ? ref : `refs/heads/${base}`}^{commit}`
      ])
      branch = new TaskBranch(repo, options, name, base, head, null, null, resumed)
    } else {
      const origin = await Remote.open(repo, options.remote, options.token, options.secret)
      const remoteHead = await origin.head(ref)
      const resumed = remoteHead !== null
      if (name === options.pullRequestBranch) assertExists(name, remoteHead)
      const specs = [origin.trackingSpec(base)]
      if (resumed) specs.push(`+${ref}:${origin.trackingRef(name)}`)
      await origin.fetch(specs)
      const head = await repo.read([
        'rev-parse',
        '--verify',
        `${origin.trackingRef(resumed ? name : base)}^{commit}`
      ])
      branch = new TaskBranch(repo, options, name, base, head, origin, remoteHead, resumed)
    }
    await repo.exec(['update-ref', ref, branch.head])
    // The checkout ends up on the branch when its `.git` goes back; a local repository's HEAD is the user's.
    if (!options.inPlace) await repo.exec(['symbolic-ref', 'HEAD', ref])
    return branch
  }

  /** The remote's URL without credentials (null: no remote). */
  get remoteUrl(): string | null {
    return this.origin?.url ?? null
  }

  /** Commits `tree` with message `text` on the head; returns the new head. */
  async commit(tree: string, text: string): Promise<string> {
    this.head = await commitOnto(this.repo, `refs/heads/${this.name}`, tree, this.head, text)
    return this.head
  }

  /** Pushes the head to the branch's ref on the remote; returns the head. */
  async push(): Promise<string> {
    const ref = this.ref()
    const head = this.head
    if (this.origin === null) return head
    // One explicit refspec from a sha: no tag, no other branch, whatever any config says.
    const args = ['--no-verify', '--no-follow-tags']
    if (this.isPullRequestBranch())
      args.push(...(await fastForwardArgs(this.repo, this.name, ref, head, this.remoteHead)))
    // A rebase rewrote commits that may be on the remote: replace them only if the remote branch is
    // still what we last saw (empty expectation: it must not exist), never with a bare --force.
    else if (this.rebasedSincePush) args.push(`--force-with-lease=${ref}:${this.remoteHead ?? ''}`)
    try {
      await this.origin.push(args, `${head}:${ref}`)
    } catch (e) {
      throw e instanceof GitError ? pushRejection(e, this.name) : e
    }
    this.remoteHead = head
    this.rebasedSincePush = false
    await this.repo.exec(['update-ref', this.origin.trackingRef(this.name), head])
    this.options.log(`Pushed ${head.slice(0, 12)} to ${this.name}`)
    return head
  }

  /** Fetches `base` and rebases the branch onto it in a private worktree; on conflict nothing moves. */
  async rebase(base: string): Promise<RebaseResult> {
    assertBaseName(base)
    const before = this.head
    const baseRef = this.baseRef(base)
    if (this.origin) await this.origin.fetch([this.origin.trackingSpec(base)])
    const baseSha = await this.repo.read(['rev-parse', '--verify', `${baseRef}^{commit}`])
    const forkPoint =
      (await mergeBase(this.repo, before, baseRef)) ??
      (await this.origin?.deepenToForkPoint(before, base, baseRef))
    if (!forkPoint) throw noSharedHistory(this.name, base)
    if (forkPoint === baseSha) return { status: 'up_to_date', conflicts: [], head: before, base: baseSha }
    if (this.isPullRequestBranch())
      throw notOnTop(this.name, `"${base}" moved to ${baseSha} and the branch is never rebased`)

    const rebased = await rebaseInWorktree({
      repo: this.repo,
      tree: path.join(this.options.privateDir, 'rebase'),
      head: before,
      onto: baseSha,
      identity: this.options.identity,
      env: this.options.env,
      trace: this.options.trace,
      what: { branch: this.name, base, baseRef }
    })
    if (rebased.status === 'conflict') {
      this.options.log(`Rebase onto ${base} conflicts in ${rebased.conflicts.join(', ')}; aborted`)
      return { status: 'conflict', conflicts: rebased.conflicts, head: before, base: baseSha }
    }
    await this.repo.exec(['update-ref', `refs/heads/${this.name}`, rebased.head, before])
    this.head = rebased.head
    this.rebasedSincePush = true
    this.options.log(
      `Rebased ${this.name} onto ${base} (${baseSha.slice(0, 12)}): ${rebased.head.slice(0, 12)}`
    )
    return { status: 'rebased', conflicts: [], head: rebased.head, base: baseSha }
  }

  /** The base's commit as the action last fetched it, or null when it has none. */
  async baseCommit(): Promise<{ name: string; sha: string } | null> {
    const r = await this.repo.exec(
      ['rev-parse', '--verify', '--quiet', `${this.baseRef(this.base)}^{commit}`],
      {
        allowFailure: true
      }
    )
    return r.exitCode === 0 ? { name: this.base, sha: r.stdout.trim() } : null
  }

  private ref(): string {
    return pushRefFor(this.name, this.options.branchPrefix, this.options.pullRequestBranch)
  }

  private isPullRequestBranch(): boolean {
    return !!this.options.pullRequestBranch && this.name === this.options.pullRequestBranch
  }

  /** Where a base branch is read: the remote's copy, or in a repository without a remote its own branch. */
  private baseRef(base: string): string {
    return this.options.remote === null ? `refs/heads/${base}` : trackingRef(this.options.remote, base)
  }
}
