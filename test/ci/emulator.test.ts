/**
 * The CI gate for real against the local GitHub emulator and its sample repository (octo/tinyledger):
 * real dispatches, a real runner executing the sample's `node --test`, real job logs and annotations.
 * Covers dispatch, correlation both ways, 304 watching, each non-success outcome and collection.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import type { RunResult } from '../../src/ci/types.js'
import { SAMPLE_REPOSITORY, startSampleEmulator } from '../emulator/sample.js'
import type { Emulator } from '../emulator/server.js'
import { clonePusher, emulatorCi, type Pusher } from './emulator-harness.js'

/** 10 virtual minutes: 12 s of real time at the clock's scale, far more than a sample run takes. */
const WATCH_LIMIT_MS = 10 * 60_000

const FIXED_MONEY = `// Amounts are kept in integer cents so sums never drift.

/** Parses "12.5", "12.50" or "12" into cents. */
export function parseAmount(text) {
  const m = /^(-)?(\\d+)(?:\\.(\\d{1,2}))?$/.exec(String(text).trim())
  if (!m) throw new Error(\`Not an amount: \${JSON.stringify(text)}\`)
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return m[1] ? -cents : cents
}

/** Formats cents as "12.50". */
export function formatAmount(cents) {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return \`\${sign}\${Math.floor(abs / 100)}.\${String(abs % 100).padStart(2, '0')}\`
}
`

/** A test that runs long enough for a cancel or a timeout to land while it runs. */
const SLOW_TEST = `import { test } from 'node:test'

test('settles a long ledger', async () => {
  await new Promise(resolve => setTimeout(resolve, 8000))
})
`

/** A test that keeps a run in progress for a few seconds. */
const SETTLING_TEST = SLOW_TEST.replace('8000', '3000')

const BUG_BRANCH = 'agent/1-one-decimal-digit'
const SLOW_BRANCH = 'agent/1-slow'

/** Requests per CI run, for the report: what the gate counted and what the emulator charged. */
const numbers: { scenario: string; requests: number; notModified: number; charged: number }[] = []

function record(emulator: Emulator, scenario: string, result: RunResult, usedBefore: number): void {
  const charged = emulator.usage().used - usedBefore
  numbers.push({ scenario, requests: result.api!.requests, notModified: result.api!.notModified, charged })
  // The gate's own count agrees with what the server charged: every request but the free 304s.
  expect(result.api!.requests - result.api!.notModified).toBe(charged)
}

describe('the CI gate against the emulator (GitHub.com behaviour)', () => {
  let emulator: Emulator
  let pusher: Pusher

  beforeAll(async () => {
    ;({ emulator } = await startSampleEmulator())
    pusher = await clonePusher(emulator, SAMPLE_REPOSITORY)
  })
  afterEach(() => {
    // Pinpoints the scenario that broke the OpenAPI description; close() below fails the suite too.
    expect(emulator.violations()).toEqual([])
  })
  afterAll(() => teardown(emulator, pusher))

  test('preflight passes on the sample ci.yml', async () => {
    const { ci, warnings } = emulatorCi(emulator, SAMPLE_REPOSITORY)
    await ci.preflight()
    expect(warnings).toEqual([])
    // ci.yml declares a `scope` input: fast and full CI are the same file with different scopes.
    expect(ci.fastIsFull()).toBe(false)
  })

  test('the real bug fails CI, with the failing node --test test and its line', async () => {
    const sha = await pusher.push(BUG_BRANCH, {}, 'Start work on #1')
    const { ci, api, clock } = emulatorCi(emulator, SAMPLE_REPOSITORY)
    await ci.preflight() // outside the run's count, as in the action
    const used = emulator.usage().used
    const run = await ci.dispatch(BUG_BRANCH, 'fast')
    expect(api.runDetailsSupported).toBe(true)
    expect(run.id).toBeGreaterThan(0)
    expect(run.url).toBe(`${emulator.serverUrl}/${SAMPLE_REPOSITORY}/actions/runs/${run.id}`)
    const result = await ci.wait(run, clock.now() + WATCH_LIMIT_MS)
    record(emulator, 'failure', result, used)
    expect(result).toMatchObject({ outcome: 'failure', conclusion: 'failure', headSha: sha })
    expect(result.failedJobs).toEqual([
      expect.objectContaining({ name: 'test', conclusion: 'failure', failedSteps: ['Unit tests'] })
    ])

    const { failures, feedback } = await ci.failures(result)
    expect(failures).toContainEqual(
      expect.objectContaining({
        file: 'test/money.test.js',
        line: 12,
        test: 'parses one decimal digit as tenths'
      })
    )
    expect(feedback).toContain('parses one decimal digit as tenths')
    expect(feedback).toContain('test/money.test.js:12')
    expect(feedback).toContain('1205 !== 1250')
    expect(feedback).not.toContain('/tmp/')
    expectSmallAndFree(result)
  })

  test('the fix pushed on the branch passes CI', async () => {
    const sha = await pusher.push(
      BUG_BRANCH,
      { 'src/money.js': FIXED_MONEY },
      'Read one decimal digit as tenths',
      BUG_BRANCH
    )
    const { ci, clock } = emulatorCi(emulator, SAMPLE_REPOSITORY)
    await ci.preflight() // outside the run's count, as in the action
    const used = emulator.usage().used
    const result = await ci.wait(await ci.dispatch(BUG_BRANCH, 'full'), clock.now() + WATCH_LIMIT_MS)
    record(emulator, 'success', result, used)
    expect(result).toMatchObject({ outcome: 'success', conclusion: 'success', headSha: sha, failedJobs: [] })
    expect(await ci.failures(result)).toEqual({ failures: [], feedback: '' })
    expectSmallAndFree(result)
    // The run really ran the scope the gate asked for.
    expect(emulator.repo(SAMPLE_REPOSITORY).runs.get(result.run.id)?.inputs).toMatchObject({
      'nightshift-id': result.run.correlationId,
      scope: 'full'
    })
  })

  test('a lost dispatch ends in never_started', async () => {
    const { ci, clock } = emulatorCi(emulator, SAMPLE_REPOSITORY, { appearTimeoutMs: 60_000 })
    emulator.faults.add({ kind: 'lose-dispatch' })
    await ci.preflight() // outside the run's count, as in the action
    const used = emulator.usage().used
    const run = await ci.dispatch(BUG_BRANCH, 'fast')
    const result = await ci.wait(run, clock.now() + WATCH_LIMIT_MS)
    record(emulator, 'never_started', result, used)
    expect(result).toMatchObject({ outcome: 'never_started', conclusion: null, failedJobs: [] })
    expect((await ci.failures(result)).feedback).toContain('CI did not start')
  })

  test('a run cancelled mid-way ends in cancelled', async () => {
    await pusher.push(SLOW_BRANCH, { 'test/slow.test.js': SLOW_TEST }, 'A slow test', BUG_BRANCH)
    const { ci, clock } = emulatorCi(emulator, SAMPLE_REPOSITORY)
    emulator.faults.add({ kind: 'cancel-run', afterSteps: 2 })
    await ci.preflight() // outside the run's count, as in the action
    const used = emulator.usage().used
    const result = await ci.wait(await ci.dispatch(SLOW_BRANCH, 'fast'), clock.now() + WATCH_LIMIT_MS)
    record(emulator, 'cancelled', result, used)
    expect(result).toMatchObject({ outcome: 'cancelled', conclusion: 'cancelled' })
    expect(result.failedJobs).toEqual([expect.objectContaining({ name: 'test', conclusion: 'cancelled' })])
    // Cancelled is not a failure of the code: no failed step, and the feedback says what happened.
    expect(result.failedJobs[0]!.failedSteps).toEqual([])
    const { feedback } = await ci.failures(result)
    expect(feedback).toContain('The operation was canceled.')
    expect(feedback).toContain('Run node --test')
  })

  test('a job that runs out of time ends in timed_out, with the runner annotation in the feedback', async () => {
    const { ci, clock } = emulatorCi(emulator, SAMPLE_REPOSITORY)
    emulator.faults.add({ kind: 'timeout-job', afterSteps: 2 })
    await ci.preflight() // outside the run's count, as in the action
    const used = emulator.usage().used
    const result = await ci.wait(await ci.dispatch(SLOW_BRANCH, 'fast'), clock.now() + WATCH_LIMIT_MS)
    record(emulator, 'timed-out job', result, used)
    // The emulator reports a job past `timeout-minutes` as cancelled plus the runner's annotation; the
    // gate reads that annotation to name the outcome `timed_out` (a hang to fix, not a human's cancel).
    expect(result).toMatchObject({ outcome: 'timed_out', conclusion: 'cancelled' })
    expect(result.failedJobs).toEqual([expect.objectContaining({ name: 'test', conclusion: 'cancelled' })])
    const { failures, feedback } = await ci.failures(result)
    const note = 'The job running on runner emulator has exceeded the maximum execution time of 10 minutes.'
    expect(failures).toContainEqual(
      expect.objectContaining({ tool: 'annotation', file: null, message: note })
    )
    expect(feedback).toContain(note)
  })
})

describe('the CI gate against an older server (400 for return_run_details, then 204)', () => {
  let emulator: Emulator
  let pusher: Pusher

  beforeAll(async () => {
    ;({ emulator } = await startSampleEmulator({ legacyDispatch: true }))
    pusher = await clonePusher(emulator, SAMPLE_REPOSITORY)
  })
  afterEach(() => {
    expect(emulator.violations()).toEqual([])
  })
  afterAll(() => teardown(emulator, pusher))

  test('finds the run by the nonce in display_title, watches it and collects the failure', async () => {
    // A run that lasts a few seconds, so the watch sees it unchanged (304) however fast or loaded the machine.
    const sha = await pusher.push(BUG_BRANCH, { 'test/settle.test.js': SETTLING_TEST }, 'Start work on #1')
    // Someone else's run on the same branch, dispatched first: correlation must not take it.
    const other = emulatorCi(emulator, SAMPLE_REPOSITORY)
    const foreign = await other.ci.dispatch(BUG_BRANCH, 'full')

    const { ci, api, clock, warnings } = emulatorCi(emulator, SAMPLE_REPOSITORY)
    await ci.preflight() // outside the run's count, as in the action
    const used = emulator.usage().used
    const run = await ci.dispatch(BUG_BRANCH, 'fast')
    expect(api.runDetailsSupported).toBe(false)
    expect(warnings).toEqual([])
    expect(run.id).not.toBe(foreign.id)
    const stored = emulator.repo(SAMPLE_REPOSITORY).runs.get(run.id)
    expect(stored).toMatchObject({
      displayTitle: `CI ${run.correlationId}`,
      event: 'workflow_dispatch',
      headBranch: BUG_BRANCH,
      inputs: { scope: 'fast' }
    })
    const result = await ci.wait(run, clock.now() + WATCH_LIMIT_MS)
    record(emulator, 'failure (legacy)', result, used)
    expect(result).toMatchObject({ outcome: 'failure', headSha: sha })
    const { failures } = await ci.failures(result)
    expect(failures).toContainEqual(
      expect.objectContaining({
        file: 'test/money.test.js',
        line: 12,
        test: 'parses one decimal digit as tenths'
      })
    )
    expectSmallAndFree(result)
  })

  test('a lost dispatch is never found and ends in never_started', async () => {
    const { ci, clock } = emulatorCi(emulator, SAMPLE_REPOSITORY, { appearTimeoutMs: 60_000 })
    emulator.faults.add({ kind: 'lose-dispatch' })
    const run = await ci.dispatch(BUG_BRANCH, 'fast')
    expect(run).toMatchObject({ id: 0, neverStarted: true })
    expect((await ci.wait(run, clock.now() + WATCH_LIMIT_MS)).outcome).toBe('never_started')
  })
})

afterAll(() => {
  if (process.env.NIGHTSHIFT_CI_NUMBERS) console.info(JSON.stringify(numbers, null, 1))
})

/** Closes the emulator even when the clone's removal fails; close() throws on OpenAPI violations. */
async function teardown(emulator: Emulator | undefined, pusher: Pusher | undefined): Promise<void> {
  try {
    await pusher?.done()
  } finally {
    await emulator?.close()
  }
}

/** Watching rides on 304s, and the requests that spend the rate limit stay few. */
function expectSmallAndFree(result: RunResult): void {
  expect(result.api!.notModified).toBeGreaterThan(0)
  expect(result.api!.requests - result.api!.notModified).toBeLessThanOrEqual(6)
}
