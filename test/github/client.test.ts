/**
 * What a GitHub failure says once the client's own retries are spent: a rate limit is named as one,
 * with the number of retries, never blamed on the workflow's permissions; a refusal still points to
 * them. Real requests to the emulator with injected faults.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { ApiError } from '../../src/errors.js'
import { apiError, createClient } from '../../src/github/client.js'
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
