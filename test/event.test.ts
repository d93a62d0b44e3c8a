import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { scaledClock } from '../src/clock.js'
import { PayloadError } from '../src/errors.js'
import { readEvent } from '../src/event.js'
import { systemClock } from '../src/loop/ports.js'

describe('readEvent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nightshift-event-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads the event name and payload', () => {
    const path = join(dir, 'ok.json')
    writeFileSync(path, '{"action":"assigned","issue":{"number":3}}')
    expect(readEvent({ GITHUB_EVENT_NAME: 'issues' }, path)).toEqual({
      name: 'issues',
      payload: { action: 'assigned', issue: { number: 3 } }
    })
  })

  it('names the file and the problem for malformed JSON', () => {
    const path = join(dir, 'bad.json')
    writeFileSync(path, '{"action": "assigned",')
    expect(() => readEvent({ GITHUB_EVENT_NAME: 'issues' }, path)).toThrow(PayloadError)
    expect(() => readEvent({ GITHUB_EVENT_NAME: 'issues' }, path)).toThrow(
      new RegExp(`The issues event payload at ${path} is not valid JSON`)
    )
  })

  it('says what is missing outside a workflow', () => {
    expect(() => readEvent({}, join(dir, 'x.json'))).toThrow(/GITHUB_EVENT_NAME is not set/)
    expect(() => readEvent({ GITHUB_EVENT_NAME: 'issues' }, undefined)).toThrow(
      /GITHUB_EVENT_PATH is not set/
    )
    expect(() => readEvent({ GITHUB_EVENT_NAME: 'issues' }, join(dir, 'missing.json'))).toThrow(
      /Cannot read the issues event payload/
    )
  })
})

describe('scaledClock', () => {
  it('shortens waits but not time, and ignores nonsense scales', async () => {
    expect(scaledClock(1)).toBe(systemClock)
    expect(scaledClock(Number('abc'))).toBe(systemClock)
    expect(scaledClock(-2)).toBe(systemClock)
    const clock = scaledClock(0.001)
    const t0 = Date.now()
    await clock.sleep(5000)
    expect(Date.now() - t0).toBeLessThan(1000)
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(50)
  })
})
