import { gzipSync } from 'node:zlib'
import {
  compactState,
  decodeState,
  encodeState,
  stateFromCheckRunText,
  withoutState
} from '../../src/state/codec.js'
import { parseState } from '../../src/state/schema.js'
import { attempt, ci, escalatedOnBudget, jestFailure, running, successAfterTwo } from '../report/states.js'

function block(json: string | Buffer): string {
  const raw = typeof json === 'string' ? Buffer.from(json) : json
  return `<!-- nightshift-state:v1 ${gzipSync(raw).toString('base64')} -->`
}

describe('state encode/decode', () => {
  it('round-trips a state (compacted: long messages cut, few failures kept)', () => {
    const state = escalatedOnBudget()
    const encoded = encodeState(state)
    expect(encoded).toMatch(/^<!-- nightshift-state:v1 [A-Za-z0-9+/=]+ -->$/)
    expect(decodeState(encoded)).toEqual(compactState(state))
    expect(decodeState(encoded)?.attempts[2]?.ci?.failures[0]?.test).toBe(jestFailure.test)
  })

  it('keeps cache writes, step tiers and the latest trail for a resumed run', () => {
    const trail = {
      read: ['src/a.js'],
      changed: ['src/a.js'],
      commands: [{ command: 'npm test', result: 'exit code 1' }]
    }
    const state = successAfterTwo()
    state.attempts = [
      attempt(1, {
        trail,
        stepTiers: ['flex', 'standard'],
        tokens: { input: 9, output: 1, cached: 4, cacheWrite: 3 }
      }),
      attempt(2, { trail: { ...trail, read: ['src/b.js'] }, stepTiers: ['flex'] })
    ]
    const back = decodeState(encodeState(state))!
    expect(back.attempts[0]).toMatchObject({ stepTiers: ['flex', 'standard'], tokens: { cacheWrite: 3 } })
    expect(back.attempts[0]!.trail).toBeUndefined()
    expect(back.attempts[1]!.trail?.read).toEqual(['src/b.js'])
    // The full state (the cache store's copy) keeps every trail through the schema.
    expect(parseState(JSON.parse(JSON.stringify(state)))?.attempts[0]?.trail).toEqual(trail)
  })

  it('stays small for a large state and keeps every attempt', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({
      ...jestFailure,
      line: i + 1,
      message: `${i} `.repeat(2000)
    }))
    const state = successAfterTwo()
    state.attempts = Array.from({ length: 20 }, (_, i) =>
      attempt(i + 1, { summary: 's'.repeat(100_000) + Math.random(), ci: ci('failure', many, 7000 + i) })
    )
    const encoded = encodeState(state)
    expect(encoded.length).toBeLessThanOrEqual(16_000)
    const back = decodeState(encoded)
    expect(back?.attempts).toHaveLength(20)
    expect(back?.attempts[0]?.ci?.failureCount).toBe(500)
  })

  it('returns null on garbage, tampering, other versions and wrong shapes', () => {
    const good = encodeState(successAfterTwo())
    const payload = /v1 (\S+) -->/.exec(good)![1]!
    const flipped = payload.slice(0, 40) + (payload[40] === 'A' ? 'B' : 'A') + payload.slice(41)
    const garbage = [
      '',
      'hello',
      '<!-- nightshift-state:v1 !!!! -->',
      '<!-- nightshift-state:v1 AAAA -->',
      `<!-- nightshift-state:v1 ${flipped} -->`, // gzip CRC or JSON breaks
      `<!-- nightshift-state:v2 ${payload} -->`,
      block('not json'),
      block('null'),
      block('[]'),
      block(JSON.stringify({ ...successAfterTwo(), version: 2 })),
      block(JSON.stringify({ ...successAfterTwo(), outcome: 'victory' })), // tampered enum
      block(JSON.stringify({ ...successAfterTwo(), attempts: [{ attempt: 'one' }] })),
      block(JSON.stringify({ ...successAfterTwo(), spent: { costUsd: -5 } })),
      block(Buffer.alloc(3 * 1024 * 1024, 0x20)) // 3 MB of spaces: over the decompression cap
    ]
    for (const g of garbage) expect(decodeState(g)).toBeNull()
  })

  it('reads only a trailing block from a check run text', () => {
    const good = encodeState(successAfterTwo())
    expect(stateFromCheckRunText(`details…\n\n${good}\n`)?.issue).toBe(17)
    expect(stateFromCheckRunText(`${good}\n\nmore text after`)).toBeNull()
    expect(stateFromCheckRunText(null)).toBeNull()
  })

  it('removes only a trailing, well-formed block from a text', () => {
    const good = encodeState(successAfterTwo())
    expect(withoutState(`details…\n\n${good}\n`)).toBe('details…\n\n')
    expect(withoutState(`details…\n\n${encodeState(running())}`)).toBe('details…\n\n')
    for (const kept of [
      `${good}\n\nmore text after`,
      'details <!-- nightshift-state:v1 not*base64 -->',
      'plain'
    ])
      expect(withoutState(kept)).toBe(kept)
  })

  it('accepts states written before lastFeedback and roundStart existed', () => {
    const { lastFeedback: _l, roundStart: _r, ...older } = successAfterTwo()
    expect(parseState(older)?.roundStart).toBe(0)
    expect(parseState(older)?.lastFeedback).toBeNull()
  })
})
