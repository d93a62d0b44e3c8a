/**
 * The per-issue lease against the emulator (real refs and commits in a bare repository, every request
 * checked against GitHub's OpenAPI description): first come wins, a duplicate sees the holder, an
 * expired or released lease is taken over by compare-and-set, and a race for one old lease has one winner.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createClient } from '../../src/github/client.js'
import { createLeaseApi, formatLease, leaseRef, parseLease, type LeaseApi } from '../../src/github/lease.js'
import { plainClient } from '../emulator/helpers.js'
import { SAMPLE_REPOSITORY, startSampleEmulator } from '../emulator/sample.js'
import type { Emulator } from '../emulator/server.js'

const repo = { owner: 'octo', repo: 'tinyledger' }
const T0 = Date.parse('2026-11-23T10:00:00Z')
const TTL = 20 * 60_000
let emulator: Emulator
let api: LeaseApi

beforeAll(async () => {
  ;({ emulator } = await startSampleEmulator())
  api = createLeaseApi(
    createClient({ token: emulator.token, baseUrl: emulator.apiUrl, retries: 0, timeScale: 0.01 }),
    repo
  )
})
afterAll(async () => {
  await emulator?.close()
})

const ask = (issue: number, run: string, now = T0, eventTime: number | null = null) =>
  api.acquire({ issue, run, url: `https://github.test/runs/${run}`, ttlMs: TTL, now, eventTime })

async function refTarget(issue: number): Promise<string | null> {
  const refs = await plainClient(emulator).rest.git.listMatchingRefs({
    ...repo,
    ref: `nightshift/lock/${issue}`
  })
  return refs.data.find(r => r.ref === leaseRef(issue))?.object.sha ?? null
}

describe('the issue lease', () => {
  test('the first run takes it; a second run sees the holder, its url and expiry', async () => {
    const first = await ask(11, '100/1')
    expect(first.kind).toBe('acquired')
    const second = await ask(11, '200/1', T0 + 1000)
    expect(second).toMatchObject({
      kind: 'held',
      ref: 'refs/nightshift/lock/11',
      holder: { run: '100/1', url: 'https://github.test/runs/100/1', expiresAt: T0 + TTL, releasedAt: null }
    })
    if (first.kind === 'acquired') expect(await refTarget(11)).toBe(first.lease.sha)
  })

  test('two runs racing for a fresh issue: exactly one acquires', async () => {
    const results = await Promise.all([ask(12, '300/1'), ask(12, '400/1'), ask(12, '500/1')])
    expect(results.filter(r => r.kind === 'acquired')).toHaveLength(1)
    expect(results.filter(r => r.kind === 'held')).toHaveLength(2)
  })

  test('released: the next run takes it over, and learns how the last run ended', async () => {
    const first = await ask(13, '600/1')
    if (first.kind !== 'acquired') throw new Error(first.kind)
    expect(await api.release(first.lease, 'escalated', T0 + 5000)).toBe(true)
    const next = await ask(13, '700/1', T0 + 6000)
    expect(next).toMatchObject({
      kind: 'acquired',
      previous: { run: '600/1', releasedAt: T0 + 5000, outcome: 'escalated' }
    })
  })

  test('a crashed holder: the lease expires and is taken over; two runs racing for it, one wins', async () => {
    const dead = await ask(14, '800/1')
    expect(dead.kind).toBe('acquired')
    const later = T0 + TTL + 1
    const results = await Promise.all([ask(14, '900/1', later), ask(14, '901/1', later)])
    expect(results.map(r => r.kind).sort()).toEqual(['acquired', 'held'])
    // The loser's late release must not free the winner's lease.
    if (dead.kind === 'acquired') expect(await api.release(dead.lease, 'cancelled', later)).toBe(false)
    expect((await ask(14, '902/1', later + 1000)).kind).toBe('held')
  })

  test('a re-run of the same workflow run takes over its earlier attempt', async () => {
    expect((await ask(15, '1000/1')).kind).toBe('acquired')
    expect((await ask(15, '1000/2', T0 + 1000)).kind).toBe('acquired')
  })

  test('an event that a later run already served is reported as served, not run again', async () => {
    const first = await ask(16, '1100/1', T0 + 5000)
    if (first.kind !== 'acquired') throw new Error(first.kind)
    await api.release(first.lease, 'success', T0 + 9000)
    // The event happened before that run started (it waited in the concurrency queue behind it).
    expect(await ask(16, '1200/1', T0 + 10_000, T0 + 1000)).toMatchObject({
      kind: 'served',
      by: { run: '1100/1' }
    })
    // A newer event (a `/nightshift retry` after it ended) runs.
    expect((await ask(16, '1300/1', T0 + 11_000, T0 + 9500)).kind).toBe('acquired')
  })

  test('the lease record survives formatting and refuses look-alikes', () => {
    const record = {
      run: '1/2',
      url: null,
      startedAt: T0,
      expiresAt: T0 + TTL,
      releasedAt: null,
      outcome: null
    }
    expect(parseLease(formatLease(7, record))).toEqual(record)
    expect(parseLease('Merge branch main')).toBeNull()
    expect(parseLease('Nightshift-Lease-Run: 1/1\nNightshift-Lease-Started: yesterday')).toBeNull()
  })

  test('every request and response matched the OpenAPI description', () => {
    expect(emulator.violations()).toEqual([])
    expect(SAMPLE_REPOSITORY).toBe('octo/tinyledger')
  })
})
