/**
 * The Workspace port: the agent's working tree, and the action's own repository beside it where the
 * agent cannot reach (private-repo.ts). Each attempt: `handOver` (the tree matches the branch head and
 * belongs to the agent, with a fresh `.git` of its own), the engine, `snapshot` (freeze, take the tree
 * into the action's index, judge, drop what is refused), `commit` (exactly that tree, built with
 * plumbing on the action's repository), `push` (that commit to the task's `agent/*` branch, by an
 * explicit refspec: no tag, no other ref, nothing the agent's git holds).
 *
 * With a remote (the Actions runner): the remote's URL is read once in `prepare()` and every fetch and
 * push names it, the token going to one command at a time through `authEnv`. Without a remote (local
 * mode): the branch lives in the user's repository and `push()` only checks the target.
 */
import { copyFile, rm, rmdir } from 'node:fs/promises'
import path from 'node:path'
import { errorMessage, GitError, GuardError, NightshiftError } from '../errors.js'
import { indexGit, linkCounts, openActionRepo } from './action-repo.js'
import { AgentTree } from './agent-tree.js'
import { assertBaseName, pushRejection } from './branch.js'
import { commitOnto, messageWithTrailers } from './commit-tree.js'
import { scrubGitDir } from './credentials.js'
import { tokenSecrets, type Git, type GitIdentity, type SpawnFn } from './git.js'
import { restoreGitDir, RepoSeal } from './private-repo.js'
import { assertExists, fastForwardArgs, notOnTop, pushRefFor } from './pull-request-branch.js'
import { mergeBase, noSharedHistory, Remote, trackingRef } from './remote.js'
import type { AgentSandbox } from './sandbox.js'
import { assertBranchPrefix } from './slug.js'
import { stageAndJudge } from './snapshot.js'
import { parseNumstat } from './tree-diff.js'
import type { DiffStat, PreparedWorkspace, RebaseResult, Snapshot, Workspace } from './types.js'
import { rebaseInWorktree } from './worktree-rebase.js'

export interface GitWorkspaceOptions {
  /** The working tree the agent edits (the checkout, or in local mode a new folder). */
  dir: string
  /** Where the action keeps its repository, index and scratch folders: created with mode 700. */
  privateDir: string
  /**
   * Local mode: a repository used in place (its git directory stays where it is) while `dir`, a new
   * folder, gets the branch's files. Without it, `<dir>/.git` moves into `privateDir`.
   */
  repo?: string
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
  /** Runs the agent: hands the tree over, freezes it, writes into it as the agent. */
  sandbox: AgentSandbox
  /** A pull request's own branch this workspace may also push to, never rewritten (pull-request-branch.ts). */
  pullRequestBranch?: string | null
  /** Progress lines for the run's log. */
  log?: (line: string) => void
  /** Base environment for git (default `process.env`). */
  env?: NodeJS.ProcessEnv
  /** Receives every git command line, redacted. */
  trace?: (line: string) => void
  spawn?: SpawnFn
}

export function createGitWorkspace(options: GitWorkspaceOptions): GitWorkspace {
  return new GitWorkspace(options)
}

export class GitWorkspace implements Workspace {
  readonly dir: string
  private readonly privateDir: string
  private readonly remote: string | null
  private readonly log: (line: string) => void
  private readonly sandbox: AgentSandbox
  private gitDir: string | null = null
  private repoGit: Git | null = null
  private indexGit: Git | null = null
  private seal: RepoSeal | null = null
  /** The remote once `prepare()` read its URL (null: none, or not prepared yet). */
  private origin: Remote | null = null
  private branchName: string | null = null
  private baseName: string | null = null
  private headSha: string | null = null
  /** The remote branch's sha as last seen (null: not on the remote yet); the lease after a rebase. */
  private remoteHead: string | null = null
  private rebasedSincePush = false
  private readonly agentTree: AgentTree
  private pending: { tree: string; head: string } | null = null
  private readonly secrets: string[]

  constructor(private readonly options: GitWorkspaceOptions) {
    assertBranchPrefix(options.branchPrefix)
    this.dir = path.resolve(options.dir)
    this.privateDir = path.resolve(options.privateDir)
    this.remote = options.remote === undefined ? 'origin' : options.remote
    this.log = options.log ?? (() => undefined)
    this.sandbox = options.sandbox
    this.secrets = tokenSecrets(options.token)
    this.agentTree = new AgentTree(this.dir, this.sandbox, this.log)
  }

  /** The task branch, once `prepare()` ran. */
  get branch(): string | null {
    return this.branchName
  }

  /** The action's own repository, once `prepare()` ran. */
  get repository(): string | null {
    return this.gitDir
  }

  async prepare(branch: string, base: string): Promise<PreparedWorkspace> {
    const ref = this.pushRef(branch)
    assertBaseName(base)
    const git = await this.open()
    let resumed: boolean
    let head: string
    if (this.remote === null) {
      resumed =
        (await git.exec(['rev-parse', '--verify', '--quiet', ref], { allowFailure: true })).exitCode === 0
      head = await git.read(['rev-parse', '--verify', `${resumed ? ref : `refs/heads/${base}`}^{commit}`])
    } else {
      const origin = await Remote.open(git, this.remote, this.options.token, values => {
        this.repoGit?.addSecrets(values)
        this.indexGit?.addSecrets(values)
      })
      this.origin = origin
      this.remoteHead = await origin.head(ref)
      resumed = this.remoteHead !== null
      if (this.isPullRequestBranch(branch)) assertExists(branch, this.remoteHead)
      const specs = [origin.trackingSpec(base)]
      if (resumed) specs.push(`+${ref}:${origin.trackingRef(branch)}`)
      await origin.fetch(specs)
      head = await git.read([
        'rev-parse',
        '--verify',
        `${origin.trackingRef(resumed ? branch : base)}^{commit}`
      ])
    }
    await git.exec(['update-ref', ref, head])
    // The checkout ends up on the branch when its `.git` goes back; a local repository's HEAD is the user's.
    if (!this.options.repo) await git.exec(['symbolic-ref', 'HEAD', ref])
    await this.index().exec(['read-tree', head])
    this.branchName = branch
    this.baseName = base
    this.headSha = head
    this.rebasedSincePush = false
    this.pending = null
    this.seal = await RepoSeal.take(git.dir)
    this.log(`${resumed ? 'Resumed' : 'Created'} branch ${branch} at ${head.slice(0, 12)}`)
    return { resumed, head, sandbox: this.sandbox.report }
  }

  async handOver(): Promise<void> {
    const head = this.requireHead()
    await this.sandbox.freeze()
    await this.checkSeal()
    await this.agentTree.handOver(this.repo(), head, {
      scratch: path.join(this.privateDir, 'agent-git'),
      branch: this.branchName!,
      base: this.baseName ? await this.baseCommit(this.baseName) : null,
      remoteUrl: this.origin?.url ?? null,
      env: this.options.env
    })
  }

  async snapshot(protectedPaths: string[]): Promise<Snapshot> {
    const head = this.requireHead()
    const ended = await this.sandbox.freeze()
    if (ended > 0) this.log(`Ended ${ended} process(es) the agent left running`)
    await this.checkSeal()
    const staged = await stageAndJudge({
      index: this.index(),
      repo: this.repo(),
      workTree: this.dir,
      head,
      protectedPaths,
      linkCounts: this.sandbox.readPrefix.length
        ? paths => linkCounts(this.sandbox.readPrefix, paths)
        : undefined
    })
    this.agentTree.tree = staged.staged
    this.pending = { tree: staged.tree, head }
    for (const r of staged.guard.refused) this.log(`Refused: ${r.reason}`)
    return { changes: staged.changes, guard: staged.guard }
  }

  async commit(message: string, trailers: Record<string, string>): Promise<string | null> {
    const head = this.requireHead()
    const pending = this.pending
    if (!pending || pending.head !== head)
      throw new NightshiftError('Nothing to commit: call snapshot() after the attempt, before commit().')
    this.pending = null
    const git = this.repo()
    if (pending.tree === (await git.read(['rev-parse', `${head}^{tree}`]))) return null
    const text = await messageWithTrailers(git, message, trailers, this.options.coAuthor)
    const sha = await commitOnto(git, `refs/heads/${this.branchName}`, pending.tree, head, text)
    this.headSha = sha
    this.log(`Committed ${sha.slice(0, 12)}: ${message.split('\n')[0]}`)
    return sha
  }

  async push(): Promise<string> {
    if (!this.branchName) {
      throw new GuardError('Refusing to push: no task branch was prepared; call prepare(branch, base) first.')
    }
    const branch = this.branchName
    const ref = this.pushRef(branch)
    await this.checkSeal()
    const head = this.requireHead()
    const origin = this.origin
    if (origin === null) return head
    // One explicit refspec from a sha: no tag, no other branch, whatever any config says.
    const args = ['--no-verify', '--no-follow-tags']
    if (this.isPullRequestBranch(branch))
      args.push(...(await fastForwardArgs(this.repo(), branch, ref, head, this.remoteHead)))
    // A rebase rewrote commits that may be on the remote: replace them only if the remote branch is
    // still what we last saw (empty expectation: it must not exist), never with a bare --force.
    else if (this.rebasedSincePush) args.push(`--force-with-lease=${ref}:${this.remoteHead ?? ''}`)
    try {
      await origin.push(args, `${head}:${ref}`)
    } catch (e) {
      throw e instanceof GitError ? pushRejection(e, branch) : e
    }
    this.remoteHead = head
    this.rebasedSincePush = false
    await this.repo().exec(['update-ref', origin.trackingRef(branch), head])
    this.log(`Pushed ${head.slice(0, 12)} to ${branch}`)
    return head
  }

  async rebase(base: string): Promise<RebaseResult> {
    assertBaseName(base)
    await this.checkSeal()
    const before = this.requireHead()
    const git = this.repo()
    const baseRef = this.baseRef(base)
    if (this.origin) await this.origin.fetch([this.origin.trackingSpec(base)])
    const baseSha = await git.read(['rev-parse', '--verify', `${baseRef}^{commit}`])
    const mergeBaseSha =
      (await mergeBase(git, before, baseRef)) ?? (await this.origin?.deepenToForkPoint(before, base, baseRef))
    if (!mergeBaseSha) throw noSharedHistory(this.branchName, base)
    if (mergeBaseSha === baseSha) return { status: 'up_to_date', conflicts: [], head: before, base: baseSha }
    if (this.branchName !== null && this.isPullRequestBranch(this.branchName))
      throw notOnTop(this.branchName, `"${base}" moved to ${baseSha} and the branch is never rebased`)

    const rebased = await rebaseInWorktree({
      repo: git,
      tree: path.join(this.privateDir, 'rebase'),
      head: before,
      onto: baseSha,
      identity: this.options.identity,
      env: this.options.env,
      trace: this.options.trace,
      what: { branch: this.branchName, base, baseRef }
    })
    if (rebased.status === 'conflict') {
      this.log(`Rebase onto ${base} conflicts in ${rebased.conflicts.join(', ')}; aborted`)
      return { status: 'conflict', conflicts: rebased.conflicts, head: before, base: baseSha }
    }
    const head = rebased.head
    await git.exec(['update-ref', `refs/heads/${this.branchName}`, head, before])
    // The index follows the branch, keeping what it knows about files the rebase did not change.
    await this.index().exec(['read-tree', '-m', '-i', before, head])
    this.headSha = head
    this.pending = null
    this.rebasedSincePush = true
    this.log(`Rebased ${this.branchName} onto ${base} (${baseSha.slice(0, 12)}): ${head.slice(0, 12)}`)
    return { status: 'rebased', conflicts: [], head, base: baseSha }
  }

  async head(): Promise<string> {
    return this.requireHead()
  }

  async diffStat(from: string, to: string): Promise<DiffStat> {
    const out = await this.repo().read(['diff', '--numstat', '-z', '--no-renames', from, to, '--'])
    return {
      files: parseNumstat(out).map(c => ({
        path: c.path,
        added: c.added ?? 0,
        deleted: c.removed ?? 0,
        ...(c.added === null ? { binary: true } : {})
      }))
    }
  }

  async scrubCredentials(): Promise<void> {
    const removed = await scrubGitDir((await this.open()).dir)
    for (const item of removed) this.log(`Removed persisted credentials: ${item}`)
    // The scrubbed file is the one to keep from now on.
    if (this.seal && this.gitDir) this.seal = await RepoSeal.take(this.gitDir)
  }

  /**
   * After the run: the agent's processes end, the working tree is brought to the branch head, and the
   * checkout is the action's user's again with its real `.git` (local mode: the folder is removed).
   */
  async close(): Promise<void> {
    try {
      await this.sandbox.freeze()
      if (this.headSha && this.repoGit && !this.options.repo)
        await this.agentTree.settle(this.repoGit, this.headSha, errorMessage)
    } finally {
      await this.sandbox.release(this.options.repo ? null : this.dir)
      if (this.gitDir && !this.options.repo) {
        // The action's index knows the tree as committed: the checkout's own index from now on.
        await copyFile(path.join(this.privateDir, 'index'), path.join(this.gitDir, 'index')).catch(
          () => undefined
        )
        await restoreGitDir(this.dir, this.gitDir)
      } else if (this.options.repo) {
        await rm(this.dir, { recursive: true, force: true })
        // The folder made to hold it, when it is empty now.
        await rmdir(path.dirname(this.dir)).catch(() => undefined)
      }
      await rm(this.privateDir, { recursive: true, force: true }).catch(() => undefined)
      this.gitDir = null
    }
  }

  /** The action's repository: moved out of the checkout on first use (local mode: the user's, in place). */
  private async open(): Promise<Git> {
    if (this.repoGit) return this.repoGit
    const opened = await openActionRepo({
      ...this.gitOptions(),
      dir: this.dir,
      privateDir: this.privateDir,
      repo: this.options.repo
    })
    this.gitDir = opened.gitDir
    this.agentTree.tree = opened.agentTree
    this.repoGit = opened.git
    return this.repoGit
  }

  private gitOptions() {
    const { identity, env, trace, spawn } = this.options
    return { identity, secrets: this.secrets, env, trace, spawn }
  }

  private isPullRequestBranch(branch: string): boolean {
    return !!this.options.pullRequestBranch && branch === this.options.pullRequestBranch
  }

  private pushRef(branch: string): string {
    return pushRefFor(branch, this.options.branchPrefix, this.options.pullRequestBranch)
  }

  private repo(): Git {
    if (!this.repoGit)
      throw new NightshiftError('The workspace is not prepared; call prepare(branch, base) first.')
    return this.repoGit
  }

  /** git on the action's repository with its own index and the agent's files as the working tree. */
  private index(): Git {
    this.indexGit ??= indexGit({
      ...this.gitOptions(),
      gitDir: this.repo().dir,
      workTree: this.dir,
      indexFile: path.join(this.privateDir, 'index'),
      readPrefix: this.sandbox.readPrefix
    })
    return this.indexGit
  }

  private requireHead(): string {
    if (!this.headSha)
      throw new NightshiftError('The workspace is not prepared; call prepare(branch, base) first.')
    return this.headSha
  }

  private async checkSeal(): Promise<void> {
    if (await this.seal?.check())
      this.log(
        `Restored the config of ${this.gitDir}: it changed while the agent ran (the agent may not edit it)`
      )
  }

  private async baseCommit(base: string): Promise<{ name: string; sha: string } | null> {
    const r = await this.repo().exec(['rev-parse', '--verify', '--quiet', `${this.baseRef(base)}^{commit}`], {
      allowFailure: true
    })
    return r.exitCode === 0 ? { name: base, sha: r.stdout.trim() } : null
  }

  /** Where the base branch is read: the remote's copy, or in a repository without a remote its own branch. */
  private baseRef(base: string): string {
    return this.remote === null ? `refs/heads/${base}` : trackingRef(this.remote, base)
  }
}
