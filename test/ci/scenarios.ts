/**
 * The CI gate's scenarios, written against a backend that behaves like GitHub. Today the backend is
 * the loopback fake in this folder; the same functions can run against the emulator once it offers
 * the `Backend` controls below.
 */
import { createGitHubCi, type GitHubCi } from '../../src/ci/github-ci.js'
import type { Analyzer } from '../../src/ci/collect.js'
import { createClient } from '../../src/github/client.js'
import { createActionsApi, type ActionsApi } from '../../src/github/actions-api.js'
import type { Exchange, FakeGitHub } from './fake-github.js'
import { testClock, type TestClock } from './helpers.js'

/** What a scenario needs from a GitHub stand-in (the fake, or the emulator behind the same calls). */
export type Backend = Omit<FakeGitHub, 'close'>

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

/** Dispatch bodies the backend received, in order. */
export function dispatchBodies(backend: Backend): unknown[] {
  return backend.exchanges
    .filter(e => e.method === 'POST' && e.path.endsWith('/dispatches'))
    .map(e => e.request)
}

export function requestsTo(backend: Backend, pattern: RegExp): Exchange[] {
  return backend.exchanges.filter(e => pattern.test(e.path))
}
