/**
 * The CI gate's scenarios against the local GitHub emulator: one emulator per test file, one fresh
 * repository per test, runs that follow a script (the emulator's `script-run` fault) so each poll sees
 * a known state, and a clock that never really sleeps. The exchanges the emulator records show what the
 * gate sent and what it was answered.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createGitHubCi, type GitHubCi } from '../../src/ci/github-ci.js'
import type { Analyzer } from '../../src/ci/collect.js'
import { createClient } from '../../src/github/client.js'
import { createActionsApi, type ActionsApi } from '../../src/github/actions-api.js'
import type { Exchange } from '../emulator/api-pipeline.js'
import { plainClient } from '../emulator/helpers.js'
import type { TokenGrant } from '../emulator/model.js'
import type { RunScript } from '../emulator/scripted-run.js'
import { startEmulator, type Emulator } from '../emulator/server.js'
import { testClock, type TestClock } from './helpers.js'

export const OWNER = 'octo-org'

/** What a maintainer's token may do: everything the action needs, and reading repository settings. */
export const MAINTAINER_SCOPES: TokenGrant['scopes'] = {
  actions: 'write',
  administration: 'read',
  checks: 'write',
  contents: 'write',
  issues: 'write',
  pull_requests: 'write',
  metadata: 'read'
}

/** One repository in the emulator, set up as a test needs it. */
export interface Backend {
  emulator: Emulator
  apiUrl: string
  /** The token the gate uses (by default one that may read the repository's default permissions). */
  token: string
  owner: string
  repo: string
  /** Commits `.github/workflows/<file>` to the default branch. */
  setWorkflow(file: string, yaml: string): Promise<void>
  /** Points `branch` at the default branch's head (do it after the workflows are set: a dispatch reads them there). */
  branch(name: string): Promise<void>
  /** The next dispatched run follows `script` instead of running its workflow. */
  scriptNextRun(script: RunScript): void
  /** Someone else dispatches a run on `branch` with their own `nightshift-id` (correlation must skip it). */
  addForeignRun(branch: string, nonce: string): Promise<void>
  /** The workflow's numeric id, as GitHub lists it. */
  workflowId(file: string): Promise<number>
  /** The requests this test made so far (all tokens), in order. */
  exchanges(): Exchange[]
}

let repositories = 0

export async function backend(
  emulator: Emulator,
  options: {
    token?: string
    defaultPermissions?: 'read' | 'write'
    labels?: string[]
    /** Workflow files the repository starts with (one commit, faster than `setWorkflow` each). */
    workflows?: Record<string, string>
    /** Branches cut from that first commit. */
    branches?: string[]
  } = {}
): Promise<Backend> {
  const repo = `widgets-${++repositories}`
  const repository = `${OWNER}/${repo}`
  const folder = await mkdtemp(join(tmpdir(), 'ci-scenario-'))
  try {
    await writeFile(join(folder, 'README.md'), '# widgets\n')
    const workflows = Object.entries(options.workflows ?? {})
    if (workflows.length) await mkdir(join(folder, '.github/workflows'), { recursive: true })
    for (const [file, yaml] of workflows) await writeFile(join(folder, '.github/workflows', file), yaml)
    await emulator.createRepo(repository, folder)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
  for (const branch of options.branches ?? []) await emulator.createBranch(repository, branch)
  emulator.repo(repository).defaultWorkflowPermissions = options.defaultPermissions ?? 'read'
  for (const label of options.labels ?? ['agent-ok']) emulator.createLabel(repository, label)
  const token = options.token ?? emulator.addToken({ login: 'maria-lopez', scopes: MAINTAINER_SCOPES })
  const from = emulator.exchanges().length
  return {
    emulator,
    apiUrl: emulator.apiUrl,
    token,
    owner: OWNER,
    repo,
    async setWorkflow(file, yaml) {
      await emulator.pushToDefault(repository, { [`.github/workflows/${file}`]: yaml }, `Set ${file}`)
    },
    async branch(name) {
      await emulator.createBranch(repository, name)
    },
    scriptNextRun(script) {
      emulator.faults.add({ kind: 'script-run', ...script })
    },
    async addForeignRun(branch, nonce) {
      emulator.faults.add({ kind: 'script-run', states: ['queued'] })
      const other = emulator.addToken({ login: 'someone-else', scopes: MAINTAINER_SCOPES })
      await plainClient(emulator, other).rest.actions.createWorkflowDispatch({
        owner: OWNER,
        repo,
        workflow_id: 'ci.yml',
        ref: branch,
        inputs: { 'nightshift-id': nonce }
      })
    },
    async workflowId(file) {
      const { data } = await plainClient(emulator).rest.actions.getWorkflow({
        owner: OWNER,
        repo,
        workflow_id: file
      })
      return data.id
    },
    exchanges: () => emulator.exchanges().slice(from)
  }
}

/**
 * One emulator for the whole test file (its start and the first validation of each operation cost more
 * than a test): started before the tests, reset after each (a test's own spec violations fail it), and
 * closed at the end. `use` receives it.
 */
export function emulatorForFile(use: (emulator: Emulator) => void): void {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator({ recordExchanges: true })
    use(emulator)
  })
  afterEach(() => {
    emulator.faults.clear()
    emulator.setDispatchReply('details')
    expect(emulator.violations()).toEqual([])
  })
  afterAll(() => emulator.close())
}

export interface Harness {
  ci: GitHubCi
  api: ActionsApi
  clock: TestClock
  warnings: string[]
}

export function harness(
  backend: Backend,
  options: {
    ciWorkflow?: string
    fastCiWorkflow?: string
    analyze?: Analyzer
    allowCiSecrets?: boolean
    allowCiPermissions?: boolean
  } = {}
): Harness {
  const clock = testClock()
  const octokit = createClient({ token: backend.token, baseUrl: backend.apiUrl, retries: 0, retryBaseMs: 1 })
  const api = createActionsApi(
    octokit,
    { owner: backend.owner, repo: backend.repo },
    { baseUrl: backend.apiUrl }
  )
  const warnings: string[] = []
  const ci = createGitHubCi({
    api,
    clock,
    ciWorkflow: options.ciWorkflow ?? 'ci.yml',
    fastCiWorkflow: options.fastCiWorkflow ?? null,
    allowCiSecrets: options.allowCiSecrets,
    allowCiPermissions: options.allowCiPermissions,
    repository: `${backend.owner}/${backend.repo}`,
    analyze: options.analyze,
    warn: m => warnings.push(m)
  })
  return { ci, api, clock, warnings }
}

/** Dispatch bodies the gate sent (with its token), in order. */
export function dispatchBodies(backend: Backend): unknown[] {
  return backend
    .exchanges()
    .filter(
      e =>
        e.method === 'POST' &&
        e.path.endsWith('/dispatches') &&
        e.headers.authorization === `token ${backend.token}`
    )
    .map(e => e.request)
}

export function requestsTo(backend: Backend, pattern: RegExp): Exchange[] {
  return backend.exchanges().filter(e => pattern.test(e.path))
}
