/**
 * What a GitHub failure says once the client's own retries are spent: a rate limit is named as one,
 * with the number of retries, never blamed on the workflow's permissions; a refusal still points to
 * them. The wait GitHub asks for travels on the error (`retry-after` for a secondary limit, the time
 * until `x-ratelimit-reset` when the primary limit is spent, nothing for a refusal), and whoever waits
 * on a rate limit waits that. Real requests to the emulator with injected faults.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { watchRun } from '../../src/ci/watch.js'
import { ApiError } from '../../src/errors.js'
import { createActionsApi } from '../../src/github/actions-api.js'
import { apiError, createClient } from '../../src/github/client.js'
import { retrying } from '../../src/loop/retrying.js'
import { testClock } from '../ci/helpers.js'
import { SAMPLE_REPOSITORY, startSampleEmulator } from '../emulator/sample.js'
import type { Emulator } from '../emulator/server.js'

const o = { owner: 'octo', repo: 'tinyledger' }
let emulator: Emulator

beforeAll(async () => {
  ;({ emulator } = await startSampleEmulator())
})
afterEach(() => emulator.faults.clear())
afterAll(async () => {
  await emulator?.close()
})

async function failure(token = emulator.token): Promise<ApiError> {
  const gh = createClient({ token, baseUrl: emulator.apiUrl, timeScale: 0.001 })
  try {
    await gh.rest.repos.get(o)
  } catch (e) {
    return apiError('read the repository', e)
  }
  throw new Error('the request succeeded')
}

describe('errors after the retries', () => {
  test('a secondary rate limit that outlasts the retries says so, with the count, and blames nothing', async () => {
    emulator.faults.add({ kind: 'rate-limit', route: 'repos/get', status: 403, retryAfter: 1, times: 4 })
    const e = await failure()
    expect(e).toMatchObject({ status: 403, rateLimited: true, retries: 3 })
    expect(e.transient).toBe(true)
    expect(e.message).toMatch(/GitHub rate-limited the request \(retried 3 times/)
    expect(e.message).not.toMatch(/permissions/)
  })

  test('429 is a rate limit too', async () => {
    emulator.faults.add({ kind: 'rate-limit', route: 'repos/get', status: 429, retryAfter: 1, times: 50 })
    expect((await failure()).message).toMatch(/rate-limited the request \(retried 3 times/)
  })

  test('server errors name the retries', async () => {
    emulator.faults.add({ kind: 'status', route: 'repos/get', status: 502, times: 4 })
    const e = await failure()
    expect(e).toMatchObject({ status: 502, retries: 3 })
    expect(e.transient).toBe(true)
    expect(e.message).toMatch(/server error \(retried 3 times\)/)
  })

  test('a refusal for lack of permission still points to the permissions, and is not transient', async () => {
    const reader = emulator.addToken({ login: 'reader-bot', scopes: { metadata: 'read' } })
    emulator.faults.add({
      kind: 'status',
      route: 'repos/get',
      status: 403,
      message: 'Resource not accessible by integration'
    })
    const e = await failure(reader)
    expect(e.message).toMatch(/Check the workflow `permissions:`/)
    expect(e.rateLimited).toBe(false)
    expect(e.transient).toBe(false)
    expect(SAMPLE_REPOSITORY).toBe('octo/tinyledger')
  })
})

describe('the retry wait on ApiError', () => {
  test('a secondary rate limit carries its retry-after, in ms', async () => {
    emulator.faults.add({ kind: 'rate-limit', route: 'repos/get', status: 403, retryAfter: 90, times: 4 })
    const e = await failure()
    expect(e.rateLimited).toBe(true)
    expect(e.retryAfterMs).toBe(90_000)
  })

  test('a spent primary limit carries the time until its reset', async () => {
    const spent = emulator.addToken({ login: 'spent-bot', rateLimit: 1 })
    const gh = createClient({ token: spent, baseUrl: emulator.apiUrl, timeScale: 0.001 })
    await gh.rest.repos.get(o)
    const before = Date.now()
    const e = await failure(spent)
    expect(e.rateLimited).toBe(true)
    // The emulator's window lasts an hour from the first request, as GitHub's does.
    expect(e.retryAfterMs).toBeGreaterThan(3_500_000)
    expect(e.retryAfterMs).toBeLessThanOrEqual(3_600_000 + (Date.now() - before))
  })

  test('a refusal and a server error carry no wait', async () => {
    emulator.faults.add({ kind: 'status', route: 'repos/get', status: 404, times: 1 })
    expect((await failure()).retryAfterMs).toBeNull()
    emulator.faults.add({ kind: 'status', route: 'repos/get', status: 502, times: 4 })
    expect((await failure()).retryAfterMs).toBeNull()
  })

  test('no response at all carries no wait', async () => {
    const gh = createClient({ token: 't', baseUrl: 'http://127.0.0.1:9', retries: 0 })
    const e = await gh.rest.repos.get(o).then(
      () => null,
      (x: unknown) => apiError('read the repository', x)
    )
    expect(e).toMatchObject({ status: null, retryAfterMs: null })
  })
})

describe('watching a run through a rate limit', () => {
  test('waits what the error carries, then goes on polling', async () => {
    // Four answers in a row: the client's three retries are spent, so the wait reaches the watch.
    emulator.faults.add({
      kind: 'rate-limit',
      route: 'actions/get-workflow-run',
      status: 403,
      retryAfter: 90,
      times: 4
    })
    const octokit = createClient({ token: emulator.token, baseUrl: emulator.apiUrl, timeScale: 0.001 })
    const api = createActionsApi(octokit, o, { baseUrl: emulator.apiUrl })
    const clock = testClock()
    const run = { id: 424242, url: '', correlationId: 'c', workflow: 'ci.yml', ref: 'main' }
    // The run never appears (404 after the limit): the watch names it after the appear timeout.
    const result = await watchRun(api, clock, run, clock.now() + 600_000, undefined, 120_000)
    expect(result.outcome).toBe('never_started')
    expect(clock.sleeps[0]).toBe(90_000)
    expect(clock.sleeps.slice(1, 3)).toEqual([10_000, 15_000])
  })
})

describe('retrying a closing write through a rate limit', () => {
  const limited = (retryAfterMs: number | null) =>
    new ApiError('Could not comment: secondary rate limit (HTTP 403).', 403, {
      rateLimited: true,
      retryAfterMs
    })

  test("waits what the error carries, within the schedule's longest step, and keeps the wait on the last error", async () => {
    const clock = testClock()
    const errors = [limited(20_000), limited(600_000), limited(null)]
    const e = await retrying(
      'post the comment',
      async () => {
        throw errors.shift() ?? limited(7_000)
      },
      { clock, log: () => {}, delaysMs: [5_000, 15_000, 30_000] }
    ).catch((x: unknown) => x as ApiError)
    expect(clock.sleeps).toEqual([20_000, 30_000, 30_000])
    expect(e).toBeInstanceOf(ApiError)
    expect(e.message).toMatch(/^Could not post the comment in 4 tries over 80 s: /)
    expect(e).toMatchObject({ rateLimited: true, retryAfterMs: 7_000 })
  })
})
