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
import { execFile } from 'node:child_process'
import { copyFile, mkdir, rename, rm, rmdir } from 'node:fs/promises'
import path from 'node:path'
import { errorMessage, GitError, GuardError, NightshiftError } from '../errors.js'
import { helperEnv, openAgentFiles, type AgentFiles } from './agent-files.js'
import { assertBaseName, pushRejection } from './branch.js'
import { assertExists, fastForwardArgs, notOnTop, pushRefFor } from './pull-request-branch.js'
import { scrubGitDir } from './credentials.js'
import { authEnv, Git, tokenSecrets, type GitIdentity, type SpawnFn } from './git.js'
import { buildAgentGit, restoreGitDir, RepoSeal, takeGitDir } from './private-repo.js'
import type { AgentSandbox } from './sandbox.js'
import { assertBranchPrefix } from './slug.js'
import { stageAndJudge } from './snapshot.js'
import { EMPTY_TREE } from './tree-diff.js'
import { syncTree } from './tree-sync.js'
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

/** How far a shallow clone is deepened per try when the branch and its base share no commit yet. */
const DEEPEN_STEP = 100
const DEEPEN_TRIES = 3

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
  private remoteUrl: string | null = null
  private branchName: string | null = null
  private baseName: string | null = null
  private headSha: string | null = null
  /** The remote branch's sha as last seen (null: not on the remote yet); the lease after a rebase. */
  private remoteHead: string | null = null
  private rebasedSincePush = false
  /** The tree the working tree holds (as far as the action's trees go). */
  private agentTree: string = EMPTY_TREE
  /** The commit the agent's own `.git` was last made from. */
  private agentGitHead: string | null = null
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
      this.remoteUrl = this.withoutUserinfo(await git.read(['config', '--get', `remote.${this.remote}.url`]))
      this.remoteHead = await this.lsRemote(ref)
      resumed = this.remoteHead !== null
      if (this.isPullRequestBranch(branch)) assertExists(branch, this.remoteHead)
      const specs = [this.trackingSpec(base)]
      if (resumed) specs.push(`+${ref}:${this.trackingRef(branch)}`)
      await this.fetch(specs)
      head = await git.read([
        'rev-parse',
        '--verify',
        `${this.trackingRef(resumed ? branch : base)}^{commit}`
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
    const git = this.repo()
    await this.sandbox.freeze()
    await this.checkSeal()
    const files = this.files()
    try {
      if (this.agentGitHead !== head) {
        await files.remove('.git', { recursive: true, git: true })
        const base = this.baseName ? await this.baseCommit(this.baseName) : null
        const built = await buildAgentGit({
          gitDir: git.dir,
          scratch: path.join(this.privateDir, 'agent-git'),
          branch: this.branchName!,
          head,
          base,
          remoteUrl: this.remoteUrl,
          env: this.options.env
        })
        // The tree's root folder stays the action's, so the action makes this rename itself.
        await rename(built, path.join(this.dir, '.git'))
        this.agentGitHead = head
      }
      await this.sandbox.handOver(this.dir)
      await this.bringTreeToHead(files, head)
    } finally {
      await files.close()
    }
  }

  /** Writes (as the agent) what differs between the tree the working tree holds and the head's. */
  private async bringTreeToHead(files: AgentFiles, head: string): Promise<void> {
    const git = this.repo()
    const headTree = await git.read(['rev-parse', `${head}^{tree}`])
    const written = await syncTree(git, files, this.agentTree, headTree)
    if (written > 0) this.log(`Working tree brought to ${head.slice(0, 12)} (${written} path(s))`)
    this.agentTree = headTree
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
      linkCounts: this.sandbox.readPrefix.length ? paths => this.linkCounts(paths) : undefined
    })
    this.agentTree = staged.staged
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
      ? (await git.exec(args, { input: `${message.trim()}\n` })).stdout
      : `${message.trim()}\n`
    const sha = await git.read(['commit-tree', pending.tree, '-p', head, '-F', '-'], { input: text })
    await git.exec(['update-ref', `refs/heads/${this.branchName}`, sha, head])
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
    if (this.remote === null || this.remoteUrl === null) return head
    // One explicit refspec from a sha: no tag, no other branch, whatever any config says.
    const args = ['push', '--no-verify', '--no-follow-tags']
    if (this.isPullRequestBranch(branch))
      args.push(...(await fastForwardArgs(this.repo(), branch, ref, head, this.remoteHead)))
    // A rebase rewrote commits that may be on the remote: replace them only if the remote branch is
    // still what we last saw (empty expectation: it must not exist), never with a bare --force.
    else if (this.rebasedSincePush) args.push(`--force-with-lease=${ref}:${this.remoteHead ?? ''}`)
    args.push(this.remoteUrl, `${head}:${ref}`)
    try {
      await this.repo().exec(args, { env: this.auth() })
    } catch (e) {
      throw e instanceof GitError ? pushRejection(e, branch) : e
    }
    this.remoteHead = head
    this.rebasedSincePush = false
    await this.repo().exec(['update-ref', this.trackingRef(branch), head])
    this.log(`Pushed ${head.slice(0, 12)} to ${branch}`)
    return head
  }

  async rebase(base: string): Promise<RebaseResult> {
    assertBaseName(base)
    await this.checkSeal()
    const before = this.requireHead()
    const git = this.repo()
    const baseRef = this.remote === null ? `refs/heads/${base}` : this.trackingRef(base)
    if (this.remote !== null) await this.fetch([this.trackingSpec(base)])
    const baseSha = await git.read(['rev-parse', '--verify', `${baseRef}^{commit}`])
    const mergeBase = (await this.mergeBase(before, baseRef)) ?? (await this.deepen(before, base, baseRef))
    if (mergeBase === baseSha) return { status: 'up_to_date', conflicts: [], head: before, base: baseSha }
    if (this.branchName !== null && this.isPullRequestBranch(this.branchName))
      throw notOnTop(this.branchName, `"${base}" moved to ${baseSha} and the branch is never rebased`)

    // The rebase runs in a worktree of the action's own repository, in its private folder.
    const tree = path.join(this.privateDir, 'rebase')
    await rm(tree, { recursive: true, force: true })
    await git.exec(['worktree', 'add', '--detach', '--quiet', tree, before])
    let head: string
    try {
      const wt = new Git({
        dir: tree,
        identity: this.options.identity,
        env: this.options.env,
        trace: this.options.trace
      })
      const result = await wt.exec(
        [
          '-c',
          'rebase.autoStash=false',
          '-c',
          'rebase.updateRefs=false',
          'rebase',
          '--no-autosquash',
          baseSha
        ],
        { allowFailure: true }
      )
      if (result.exitCode !== 0) {
        const unmerged = await wt.exec(['diff', '--name-only', '--diff-filter=U', '-z'], {
          allowFailure: true
        })
        const conflicts = unmerged.stdout.split('\0').filter(Boolean)
        await wt.exec(['rebase', '--abort'], { allowFailure: true })
        if (conflicts.length === 0) {
          throw new GitError(
            `Rebasing "${this.branchName}" onto "${base}" failed without a conflict: ${result.stderr.trim()}`,
            ['rebase', baseRef],
            result.exitCode,
            result.stderr
          )
        }
        this.log(`Rebase onto ${base} conflicts in ${conflicts.join(', ')}; aborted`)
        return { status: 'conflict', conflicts, head: before, base: baseSha }
      }
      head = await wt.read(['rev-parse', 'HEAD'])
    } finally {
      await git.exec(['worktree', 'remove', '--force', tree], { allowFailure: true })
      await rm(tree, { recursive: true, force: true })
      await git.exec(['worktree', 'prune'], { allowFailure: true })
    }
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
    return { files: parseNumstat(out) }
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
      if (this.headSha && this.repoGit && !this.options.repo) {
        const files = this.files()
        await this.bringTreeToHead(files, this.headSha)
          .catch(e => this.log(`Could not bring the working tree to the branch head: ${errorMessage(e)}`))
          .finally(() => files.close())
      }
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
    await mkdir(this.privateDir, { recursive: true, mode: 0o700 })
    if (this.options.repo) {
      const found = new Git({ dir: path.resolve(this.options.repo), env: this.options.env })
      this.gitDir = path.resolve(this.options.repo, await found.read(['rev-parse', '--git-common-dir']))
      await mkdir(this.dir, { recursive: true })
      this.agentTree = EMPTY_TREE
    } else {
      // What actions/checkout left, read before the agent ever ran.
      const checkout = new Git({ dir: this.dir, env: this.options.env })
      this.agentTree = await checkout.read(['rev-parse', '--verify', 'HEAD^{tree}'])
      this.gitDir = await takeGitDir(this.dir, this.privateDir)
    }
    this.repoGit = new Git({
      dir: this.gitDir,
      gitDir: this.gitDir,
      identity: this.options.identity,
      secrets: this.secrets,
      env: this.options.env,
      trace: this.options.trace,
      spawn: this.options.spawn
    })
    return this.repoGit
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
    this.indexGit ??= new Git({
      dir: this.dir,
      gitDir: this.repo().dir,
      workTree: this.dir,
      indexFile: path.join(this.privateDir, 'index'),
      prefix: this.sandbox.readPrefix,
      secrets: this.secrets,
      env: this.options.env,
      trace: this.options.trace,
      spawn: this.options.spawn
    })
    return this.indexGit
  }

  private files(): AgentFiles {
    return openAgentFiles(this.dir, { wrap: argv => this.sandbox.wrap(argv), env: helperEnv(this.sandbox) })
  }

  private linkCounts(paths: string[]): Promise<(number | null)[]> {
    // `stat` without -L reports a link itself; %h is the hard-link count, %F the file type.
    const argv = [...this.sandbox.readPrefix, 'stat', '--printf=%h\\t%F\\t%n\\0', '--', ...paths]
    return new Promise(resolve => {
      execFile(argv[0]!, argv.slice(1), { maxBuffer: 64 * 1024 * 1024 }, (_error, stdout) => {
        const found = new Map<string, number>()
        for (const record of String(stdout).split('\0')) {
          const [links, type, name] = record.split('\t')
          if (name !== undefined && type?.startsWith('regular')) found.set(name, Number(links))
        }
        resolve(paths.map(p => found.get(p) ?? null))
      })
    })
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
    const ref = this.remote === null ? `refs/heads/${base}` : this.trackingRef(base)
    const r = await this.repo().exec(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
      allowFailure: true
    })
    return r.exitCode === 0 ? { name: base, sha: r.stdout.trim() } : null
  }

  /** A remote URL without `user:password@`; the password, if any, joins the secrets to redact. */
  private withoutUserinfo(url: string): string {
    if (!/^https?:\/\//i.test(url)) return url
    const parsed = new URL(url)
    if (!parsed.username && !parsed.password) return url
    this.repoGit?.addSecrets([parsed.password, decodeURIComponent(parsed.password)])
    this.indexGit?.addSecrets([parsed.password, decodeURIComponent(parsed.password)])
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
    await this.repo().exec(
      [
        'fetch',
        '--quiet',
        '--no-tags',
        '--no-recurse-submodules',
        '--no-write-fetch-head',
        ...extra,
        this.url(),
        ...specs
      ],
      { env: this.auth() }
    )
  }

  private url(): string {
    if (!this.remoteUrl)
      throw new NightshiftError('The workspace has no remote URL; call prepare(branch, base) first.')
    return this.remoteUrl
  }

  private async lsRemote(ref: string): Promise<string | null> {
    const out = await this.repo().read(['ls-remote', '--heads', this.url(), ref], { env: this.auth() })
    const line = out.split('\n').find(l => l.endsWith(`\t${ref}`))
    return line ? line.split('\t')[0]! : null
  }

  private async mergeBase(head: string, baseRef: string): Promise<string | null> {
    const r = await this.repo().exec(['merge-base', head, baseRef], { allowFailure: true })
    return r.exitCode === 0 ? r.stdout.trim() : null
  }

  /** A shallow clone (actions/checkout's default depth 1) may lack the fork point: deepen until found. */
  private async deepen(head: string, base: string, baseRef: string): Promise<string> {
    const specs = [this.trackingSpec(base)]
    for (let i = 0; this.remote !== null && i <= DEEPEN_TRIES; i++) {
      if ((await this.repo().read(['rev-parse', '--is-shallow-repository'])) !== 'true') break
      await this.fetch(specs, i < DEEPEN_TRIES ? [`--deepen=${DEEPEN_STEP}`] : ['--unshallow'])
      const found = await this.mergeBase(head, baseRef)
      if (found) return found
    }
    throw new NightshiftError(
      `The branch "${this.branchName}" shares no history with "${base}"; expected it to start from "${base}". ` +
        'Delete the branch (or rename it) and run again.'
    )
  }
}

/** `git diff --numstat -z --no-renames`: `added<TAB>deleted<TAB>path<NUL>`, `-` for binary files. */
export function parseNumstat(out: string): DiffStat['files'] {
  return out
    .split('\0')
    .filter(Boolean)
    .flatMap(entry => {
      const m = /^(-|\d+)\t(-|\d+)\t(.+)$/s.exec(entry)
      if (!m) return []
      const binary = m[1] === '-'
      return [
        {
          path: m[3]!,
          added: binary ? 0 : Number(m[1]),
          deleted: binary ? 0 : Number(m[2]),
          ...(binary ? { binary } : {})
        }
      ]
    })
}
