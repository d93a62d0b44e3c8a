/**
 * The local GitHub: one loopback HTTP server for the REST subset, git over smart HTTP, job-log blobs
 * and a control API (`/_emulator/...`). `startEmulator()` is the entry point for tests and the CLI.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { handleApi, type ApiState } from './api-pipeline.js'
import type { DispatchReply, Services } from './api.js'
import { Faults } from './faults.js'
import { isoNow, Ids, RepoStore, type Permission, type TokenGrant, type User } from './model.js'
import { Blobs } from './blobs.js'
import { GitRepos } from './git-repos.js'
import { isolatedGitEnv } from './git-exec.js'
import { isGitRequest, serveGit } from './git-http.js'
import { serveGraphql } from './graphql.js'
import { WorkflowRunner } from './workflow-runner.js'
import { addComment, addLabels, assign, ensureLabel } from './routes/issues.js'
import type { Issue } from './model.js'
import { listWorkflows } from './routes/actions.js'
import type { Exchange, Violation } from './api-pipeline.js'

export interface EmulatorOptions {
  /** JSONL exchange log (default: NIGHTSHIFT_EMULATOR_LOG). */
  logFile?: string
  /** Requests an hour for tokens made without an explicit limit (default 1000, like GITHUB_TOKEN). */
  rateLimit?: number
  /** How long a job-log URL stays valid (default 60 s, as on GitHub). */
  blobTtlMs?: number
  /** Behave like GitHub Enterprise Server ≤ 3.20: 400 for `return_run_details`, dispatch answers 204. */
  legacyDispatch?: boolean
  /** Keep every request and answer in memory for `exchanges()` (tests; off for long-running servers). */
  recordExchanges?: boolean
  /** The login of the default token (default `github-actions[bot]`). */
  botLogin?: string
  /** Workflow jobs that run at the same time (default 2, the cores of the machines here). */
  parallelJobs?: number
}

export interface TokenOptions {
  login: string
  scopes?: TokenGrant['scopes']
  admin?: boolean
  workflows?: boolean
  rateLimit?: number
}

export interface Emulator {
  /** REST base URL (what GITHUB_API_URL would be). */
  apiUrl: string
  /** Web and git base URL (GITHUB_SERVER_URL); repositories clone from `<serverUrl>/<owner>/<name>.git`. */
  serverUrl: string
  /** A GITHUB_TOKEN-like token: all the workflow permissions the action asks for, 1000 requests an hour. */
  token: string
  faults: Faults
  addToken(options: TokenOptions): string
  createRepo(fullName: string, folder: string, options?: { defaultBranch?: string }): Promise<RepoStore>
  repo(fullName: string): RepoStore
  addCollaborator(fullName: string, login: string, permission: Permission): void
  createIssue(
    fullName: string,
    issue: { title: string; body?: string; user: string; labels?: string[] }
  ): Issue
  /** Creates a repository label (as `gh label create` does), if it does not exist yet. */
  createLabel(fullName: string, name: string): void
  addLabel(fullName: string, number: number, label: string, actor: string): void
  /**
   * Edits an issue's body as `editor` (at `at`, default now), recording the version as GitHub does:
   * the first edit also records the creation. `deleteVersion` removes an earlier version's text.
   */
  editIssue(fullName: string, number: number, body: string, editor: string, at?: string): void
  deleteBodyVersion(fullName: string, number: number, index: number): void
  assign(fullName: string, number: number, login: string, actor: string): void
  comment(fullName: string, number: number, body: string, user: string): number
  /** Points `branch` at the default branch's head, creating it if needed (someone pushed a branch). */
  createBranch(fullName: string, branch: string): Promise<string>
  /** Commits files to the default branch from the server side (someone else merged something). */
  pushToDefault(fullName: string, files: Record<string, string | null>, message: string): Promise<string>
  /** Commits files on top of any branch from the server side (someone else pushed to it). */
  pushToBranch(
    fullName: string,
    branch: string,
    files: Record<string, string | null>,
    message: string
  ): Promise<string>
  protectDefaultBranch(fullName: string, on: boolean): void
  /** How dispatches answer `return_run_details` from now on (GitHub.com, GHES ≤ 3.20, or ignored). */
  setDispatchReply(reply: DispatchReply): void
  /** The requests seen so far, in order (empty unless started with `recordExchanges`). */
  exchanges(): Exchange[]
  /** Requests counted against a token's budget, and 304s (free). */
  usage(token?: string): { used: number; remaining: number; notModified: number }
  /** Spec violations and unknown routes seen so far; a test asserts this is empty. */
  violations(): Violation[]
  /** Returns and forgets the violations (for tests that send bad requests on purpose). */
  takeViolations(): Violation[]
  /** Throws when any violation or unknown route was seen. */
  assertClean(): void
  /** Waits until every dispatched run has finished. */
  idle(): Promise<void>
  /**
   * Stops runs, the server and removes every temporary folder; then throws when a spec violation or an
   * unknown route was seen (so the test that caused it fails), unless `ignoreViolations` is set.
   */
  close(options?: { ignoreViolations?: boolean }): Promise<void>
}

const ALL_WRITE: TokenGrant['scopes'] = {
  actions: 'write',
  checks: 'write',
  contents: 'write',
  issues: 'write',
  pull_requests: 'write',
  metadata: 'read'
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const root = await mkdtemp(join(tmpdir(), 'nightshift-emulator-'))
  const home = join(root, 'home')
  await mkdir(home)
  await mkdir(join(root, 'repos'))
  await mkdir(join(root, 'jobs'))
  const gitEnv = isolatedGitEnv(home)
  const ids = new Ids()
  const users = new Map<string, User>()
  const user = (login: string): User => {
    let u = users.get(login)
    if (!u) {
      u = { id: ids.next('user'), login, type: login.endsWith('[bot]') ? 'Bot' : 'User' }
      users.set(login, u)
    }
    return u
  }
  const repos = new Map<string, RepoStore>()
  const tokens = new Map<string, TokenGrant>()
  const faults = new Faults()
  const git = new GitRepos(join(root, 'repos'), gitEnv)
  const urls = { api: '', server: '' }

  const addToken = (o: TokenOptions): string => {
    const token = `ghs_${randomBytes(18).toString('base64url')}`
    tokens.set(token, {
      token,
      login: o.login,
      scopes: o.scopes ?? ALL_WRITE,
      admin: o.admin ?? false,
      workflows: o.workflows ?? false,
      rateLimit: o.rateLimit ?? options.rateLimit ?? 1000
    })
    user(o.login)
    return token
  }
  const token = addToken({ login: options.botLogin ?? 'github-actions[bot]' })
  const jobToken = addToken({ login: 'github-actions[bot]' })

  const runner = new WorkflowRunner({
    ids,
    git,
    faults,
    gitEnv,
    urls,
    jobToken,
    root,
    tempRoot: join(root, 'jobs'),
    parallelJobs: options.parallelJobs
  })
  const services: Services = {
    urls,
    ids,
    git,
    runner: {
      load: (repo, path, sha) => runner.load(repo, path, sha),
      dispatch: async (repo, plan, sha, ref, inputs, actor) => {
        await listWorkflows(repo, services)
        return runner.dispatch(repo, plan, sha, ref, inputs, actor)
      },
      cancel: (repo, run) => runner.cancel(repo, run),
      rerunFailed: (repo, run) => runner.rerunFailed(repo, run)
    },
    user,
    blobUrl: content => blobs.url(content),
    dispatchReply: options.legacyDispatch ? 'reject-field' : 'details'
  }
  const state: ApiState = {
    services,
    faults,
    repo: (owner, name) => repos.get(`${owner}/${name}`.toLowerCase()) ?? null,
    token: value => tokens.get(value) ?? null,
    windows: new Map(),
    notModified: new Map(),
    violations: [],
    logFile: options.logFile ?? process.env.NIGHTSHIFT_EMULATOR_LOG,
    ...(options.recordExchanges ? { exchanges: [] } : {})
  }

  const blobs = new Blobs({
    serverUrl: () => urls.server,
    ttlMs: options.blobTtlMs ?? 60_000,
    faults,
    exchanges: state.exchanges
  })

  const server: Server = createServer((req, res) => {
    void route(req, res).catch(e => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ message: `Emulator error: ${String(e)}` }))
    })
  })
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', urls.server)
    if (isGitRequest(url.pathname)) {
      return serveGit(req, res, url, {
        repo: (o, n) => {
          const r = repos.get(`${o}/${n}`.toLowerCase())
          return r
            ? {
                bareDir: r.bareDir,
                root: git.root,
                defaultBranch: r.defaultBranch,
                protectDefaultBranch: r.protectDefaultBranch
              }
            : null
        },
        token: v => tokens.get(v) ?? null,
        env: gitEnv
      })
    }
    if (Blobs.handles(url.pathname)) return blobs.serve(req, res, url)
    if (url.pathname === '/_emulator/faults') return faults.serve(req, res)
    if (url.pathname === '/graphql' && req.method === 'POST') {
      return serveGraphql(req, res, {
        token: v => tokens.get(v) ?? null,
        repo: (o, n) => repos.get(`${o}/${n}`.toLowerCase()) ?? null,
        violations: state.violations,
        logFile: state.logFile
      })
    }
    return handleApi(state, req, res, url)
  }
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  urls.server = `http://127.0.0.1:${port}`
  urls.api = urls.server

  const repoOf = (fullName: string): RepoStore => {
    const r = repos.get(fullName.toLowerCase())
    if (!r)
      throw new Error(
        `No repository ${JSON.stringify(fullName)} in the emulator; create it with createRepo(name, folder) first`
      )
    return r
  }
  const issueOf = (fullName: string, n: number) => {
    const i = repoOf(fullName).issueOrPull(n)
    if (!i) throw new Error(`No issue or pull request #${n} in ${fullName}`)
    return i
  }

  const assertClean = (): void => {
    if (state.violations.length) {
      throw new Error(
        `The emulator saw ${state.violations.length} problem(s):\n${state.violations.map(v => `- ${v.method} ${v.path} (${v.kind}): ${v.problems.join('; ')}`).join('\n')}`
      )
    }
  }

  return {
    apiUrl: urls.api,
    serverUrl: urls.server,
    token,
    faults,
    addToken,
    async createRepo(fullName, folder, o = {}) {
      const [owner, name] = fullName.split('/')
      if (!owner || !name)
        throw new Error(`Repository names look like owner/name, got ${JSON.stringify(fullName)}`)
      const branch = o.defaultBranch ?? 'main'
      const bare = await git.createFromFolder(owner, name, folder, branch)
      const repo = new RepoStore(ids.next('repo'), owner, name, branch, bare, isoNow())
      user(owner)
      repos.set(fullName.toLowerCase(), repo)
      await listWorkflows(repo, services)
      return repo
    },
    repo: repoOf,
    addCollaborator: (fullName, login, permission) => {
      user(login)
      repoOf(fullName).collaborators.set(login, permission)
    },
    createIssue(fullName, i) {
      const repo = repoOf(fullName)
      const now = isoNow()
      user(i.user)
      const issue: Issue = {
        id: ids.next('issue'),
        number: repo.nextNumber++,
        title: i.title,
        body: i.body ?? null,
        state: 'open',
        labels: [],
        assignees: [],
        user: i.user,
        createdAt: now,
        updatedAt: now,
        closedAt: null,
        comments: 0
      }
      repo.issues.set(issue.number, issue)
      for (const l of i.labels ?? []) ensureLabel(repo, services, l)
      addLabels(repo, services, issue, i.labels ?? [], i.user)
      return issue
    },
    createLabel: (fullName, name) => ensureLabel(repoOf(fullName), services, name),
    addLabel: (fullName, n, label, actor) => {
      user(actor)
      addLabels(repoOf(fullName), services, issueOf(fullName, n), [label], actor)
    },
    editIssue: (fullName, n, body, editor, at = isoNow()) => {
      user(editor)
      const repo = repoOf(fullName)
      const issue = issueOf(fullName, n)
      const versions = repo.bodyEdits.get(n) ?? [
        { editedAt: issue.createdAt, editor: issue.user, body: issue.body }
      ]
      versions.push({ editedAt: at, editor, body })
      repo.bodyEdits.set(n, versions)
      issue.body = body
      issue.updatedAt = isoNow()
    },
    deleteBodyVersion: (fullName, n, index) => {
      const version = repoOf(fullName).bodyEdits.get(n)?.[index]
      if (!version) throw new Error(`No version ${index} of the body of #${n} in ${fullName}`)
      version.body = null
    },
    assign: (fullName, n, login, actor) => {
      user(login)
      user(actor)
      assign(repoOf(fullName), services, issueOf(fullName, n), [login], actor)
    },
    comment: (fullName, n, body, login) => {
      user(login)
      return addComment(repoOf(fullName), services, issueOf(fullName, n), body, login).id
    },
    async createBranch(fullName, branch) {
      const repo = repoOf(fullName)
      const sha = (await git.resolve(repo.bareDir, `refs/heads/${repo.defaultBranch}`))!
      await git.updateRef(repo.bareDir, `refs/heads/${branch}`, sha)
      return sha
    },
    pushToDefault: (fullName, files, message) => {
      const repo = repoOf(fullName)
      return git.commitFiles(repo.bareDir, repo.defaultBranch, files, message)
    },
    pushToBranch: (fullName, branch, files, message) =>
      git.commitFiles(repoOf(fullName).bareDir, branch, files, message),
    protectDefaultBranch: (fullName, on) => {
      repoOf(fullName).protectDefaultBranch = on
    },
    setDispatchReply: reply => {
      services.dispatchReply = reply
    },
    exchanges: () => [...(state.exchanges ?? [])],
    usage(t = token) {
      const w = state.windows.get(t)
      const limit = tokens.get(t)?.rateLimit ?? 0
      return {
        used: w?.used ?? 0,
        remaining: limit - (w?.used ?? 0),
        notModified: state.notModified.get(t) ?? 0
      }
    },
    violations: () => [...state.violations],
    takeViolations: () => state.violations.splice(0),
    assertClean,
    idle: () => runner.idle(),
    async close(closeOptions = {}) {
      await runner.close()
      await new Promise<void>(resolve => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await rm(root, { recursive: true, force: true })
      if (!closeOptions.ignoreViolations) assertClean()
    }
  }
}
