/**
 * The CI gate's scenarios, written against a backend that behaves like GitHub. Today the backend is
 * the loopback fake in this folder; the same functions can run against the emulator once it offers
 * the `Backend` controls below.
 */
import { createGitHubCi, type GitHubCi } from '../../src/ci/github-ci.js'
import type { Analyzer } from '../../src/ci/collect.js'
import { createClient } from '../../src/github/client.js'
import { createActionsApi, type ActionsApi } from '../../src/github/actions-api.js'
import type { DispatchMode, Exchange, RunScript } from './fake-github.js'
import { testClock, type TestClock } from './helpers.js'

/** What a scenario needs from a GitHub stand-in. */
export interface Backend {
  apiUrl: string
  token: string
  owner: string
  repo: string
  exchanges: Exchange[]
  setWorkflow(file: string, yaml: string): void
  setDispatchMode(mode: DispatchMode): void
  scriptNextRun(script: RunScript): void
  addForeignRun(branch: string, title: string): void
  rateLimitRunReads(count: number, retryAfterSeconds: number): void
}

export interface Harness {
  ci: GitHubCi
  api: ActionsApi
  clock: TestClock
  warnings: string[]
}

export function harness(
  backend: Backend,
  options: { ciWorkflow?: string; fastCiWorkflow?: string; analyze?: Analyzer; allowCiSecrets?: boolean } = {}
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
    analyze: options.analyze,
    warn: m => warnings.push(m)
  })
  return { ci, api, clock, warnings }
}

/** Dispatch bodies the backend received, in order. */
export function dispatchBodies(backend: Backend): unknown[] {
  return backend.exchanges
    .filter(e => e.method === 'POST' && e.path.endsWith('/dispatches'))
    .map(e => e.request)
}

export function requestsTo(backend: Backend, pattern: RegExp): Exchange[] {
  return backend.exchanges.filter(e => pattern.test(e.path))
}
