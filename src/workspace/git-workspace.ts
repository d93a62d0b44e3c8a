/**
 * The Workspace port: the agent's working tree (agent-tree.ts), and the action's own repository beside
 * it where the agent cannot reach (action-repo.ts, private-repo.ts), holding the task branch
 * (task-branch.ts). Each attempt: `handOver` (the tree matches the branch head and
 * belongs to the agent, with a fresh `.git` of its own), the engine, `snapshot` (freeze, take the tree
 * into the action's index, judge, drop what is refused), `commit` (exactly that tree, built with
 * plumbing on the action's repository), `push` (that commit to the task's `agent/*` branch, by an
 * explicit refspec: no tag, no other ref, nothing the agent's git holds).
 *
 * With a remote (the Actions runner): the remote's URL is read once in `prepare()` and every fetch and
 * push names it, the token going to one command at a time through `authEnv` (remote.ts). Without a
 * remote (local mode): the branch lives in the user's repository and `push()` only checks the target.
 */
import path from 'node:path'
import { errorMessage, GuardError, NightshiftError } from '../errors.js'
import { closeActionRepo, indexGit, linkCounts, openActionRepo } from './action-repo.js'
import { AgentTree } from './agent-tree.js'
import { assertBaseName } from './branch.js'
import { messageWithTrailers } from './commit-tree.js'
import { scrubGitDir } from './credentials.js'
import { tokenSecrets, type Git, type GitIdentity, type SpawnFn } from './git.js'
import { RepoSeal } from './private-repo.js'
import { pushRefFor } from './pull-request-branch.js'
import type { AgentSandbox } from './sandbox.js'
import { assertBranchPrefix } from './slug.js'
import { stageAndJudge } from './snapshot.js'
import { TaskBranch } from './task-branch.js'
import { diffStat } from './tree-diff.js'
import type { DiffStat, PreparedWorkspace, RebaseResult, Snapshot, Workspace } from './types.js'

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
  private readonly log: (line: string) => void
  private readonly sandbox: AgentSandbox
  private gitDir: string | null = null
  private repoGit: Git | null = null
  private indexGit: Git | null = null
  private seal: RepoSeal | null = null
  /** The task branch, once `prepare()` ran. */
  private task: TaskBranch | null = null
  private readonly agentTree: AgentTree
  private pending: { tree: string; head: string } | null = null
  private readonly secrets: string[]

  constructor(private readonly options: GitWorkspaceOptions) {
    assertBranchPrefix(options.branchPrefix)
    this.dir = path.resolve(options.dir)
    this.privateDir = path.resolve(options.privateDir)
    this.log = options.log ?? (() => undefined)
    this.sandbox = options.sandbox
    this.secrets = tokenSecrets(options.token)
    this.agentTree = new AgentTree(this.dir, this.sandbox, this.log)
  }

  /** The task branch, once `prepare()` ran. */
  get branch(): string | null {
    return this.task?.name ?? null
  }

  /** The action's own repository, once `prepare()` ran. */
  get repository(): string | null {
    return this.gitDir
  }

  async prepare(branch: string, base: string): Promise<PreparedWorkspace> {
    const { remote, token, branchPrefix, pullRequestBranch, identity, env, trace } = this.options
    // A name that is refused is refused before the checkout's `.git` moves or any git command runs.
    pushRefFor(branch, branchPrefix, pullRequestBranch)
    assertBaseName(base)
    const git = await this.open()
    const task = await TaskBranch.prepare(
      git,
      {
        remote: remote === undefined ? 'origin' : remote,
        token,
        branchPrefix,
        pullRequestBranch,
        inPlace: !!this.options.repo,
        identity,
        env,
        trace,
        privateDir: this.privateDir,
        log: this.log,
        secret: values => {
          this.repoGit?.addSecrets(values)
          this.indexGit?.addSecrets(values)
        }
      },
      branch,
      base
    )
    await this.index().exec(['read-tree', task.head])
    this.task = task
    this.pending = null
    this.seal = await RepoSeal.take(git.dir)
    this.log(`${task.resumed ? 'Resumed' : 'Created'} branch ${branch} at ${task.head.slice(0, 12)}`)
    return { resumed: task.resumed, head: task.head, sandbox: this.sandbox.report }
  }

  async handOver(): Promise<void> {
    const head = this.requireHead()
    const task = this.task!
    await this.sandbox.freeze()
    await this.checkSeal()
    await this.agentTree.handOver(this.repo(), head, {
      scratch: path.join(this.privateDir, 'agent-git'),
      branch: task.name,
      base: await task.baseCommit(),
      remoteUrl: task.remoteUrl,
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
    const sha = await this.task!.commit(pending.tree, text)
    this.log(`Committed ${sha.slice(0, 12)}: ${message.split('\n')[0]}`)
    return sha
  }

  async push(): Promise<string> {
    const task = this.task
    if (!task) {
      throw new GuardError('Refusing to push: no task branch was prepared; call prepare(branch, base) first.')
    }
    await this.checkSeal()
    return task.push()
  }

  async rebase(base: string): Promise<RebaseResult> {
    await this.checkSeal()
    const before = this.requireHead()
    const result = await this.task!.rebase(base)
    if (result.status === 'rebased') {
      // The index follows the branch, keeping what it knows about files the rebase did not change.
      await this.index().exec(['read-tree', '-m', '-i', before, result.head])
      this.pending = null
    }
    return result
  }

  async head(): Promise<string> {
    return this.requireHead()
  }

  async diffStat(from: string, to: string): Promise<DiffStat> {
    return diffStat(this.repo(), from, to)
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
      if (this.task && this.repoGit && !this.options.repo)
        await this.agentTree.settle(this.repoGit, this.task.head, errorMessage)
    } finally {
      await this.sandbox.release(this.options.repo ? null : this.dir)
      await closeActionRepo({
        dir: this.dir,
        privateDir: this.privateDir,
        gitDir: this.gitDir,
        repo: this.options.repo
      })
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
    if (!this.task)
      throw new NightshiftError('The workspace is not prepared; call prepare(branch, base) first.')
    return this.task.head
  }

  private async checkSeal(): Promise<void> {
    if (await this.seal?.check())
      this.log(
        `Restored the config of ${this.gitDir}: it changed while the agent ran (the agent may not edit it)`
      )
  }
}
