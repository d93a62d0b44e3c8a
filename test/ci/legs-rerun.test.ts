/**
 * The CI gate on runs of many jobs, against the emulator running real workflows with `node --test`:
 * a failure in two of three matrix legs is one record naming them, fail-fast cancellations are not
 * failures, jobs of a reusable workflow (`caller / callee`) are read like any other, the base's run
 * is found by its commit, and a flaky test gets one re-run of the failed jobs.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { describeLegs, type LegFailure } from '../../src/ci/legs.js'
import type { BaselineRecord } from '../../src/ci/baseline.js'
import { judgeRun } from '../../src/ci/verdict.js'
import { SAMPLE_REPOSITORY, startSampleEmulator } from '../emulator/sample.js'
import type { Emulator } from '../emulator/server.js'
import { emulatorCi } from './emulator-harness.js'

const LIMIT_MS = 10 * 60_000
const HEADER = `name: CI
run-name: CI \${{ inputs.nightshift-id }}
on:
  workflow_dispatch:
    inputs:
      nightshift-id:
        required: false
        default: ''
permissions:
  contents: read
`

/** Fails on every leg but 22, as a test of a newer runtime's behaviour would. */
const LEG_TEST = `import { test } from 'node:test'
import assert from 'node:assert/strict'

test('rounds half cents to even', () => {
  assert.equal(process.env.LEG === '22' ? 'even' : 'up', 'even')
})
`

/** Fails on the run's first attempt only, as a test racing a timer would now and then. */
const FLAKY_TEST = `import { test } from 'node:test'
import assert from 'node:assert/strict'

test('settles before the timeout', () => {
  assert.ok(process.env.GITHUB_RUN_ATTEMPT !== '1', 'timed out after 2000 ms')
})
`

const matrix = (failFast: boolean, test: string) => `${HEADER}jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: ${failFast}
      max-parallel: 1
      matrix:
        node: [18, 20, 22]
    steps:
      - uses: actions/checkout@v4
      - name: Unit tests
        run: node --test ${test}
        env:
          LEG: \${{ matrix.node }}
`

describe('runs of many jobs', () => {
  let emulator: Emulator
  beforeAll(async () => {
    ;({ emulator } = await startSampleEmulator())
  })
  afterEach(() => expect(emulator.violations()).toEqual([]))
  afterAll(async () => {
    await emulator?.close()
  })

  async function runOnMain(files: Record<string, string>) {
    await emulator.pushToDefault(SAMPLE_REPOSITORY, files, 'CI under test')
    const { ci, clock } = emulatorCi(emulator, SAMPLE_REPOSITORY)
    await ci.preflight()
    const result = await ci.wait(await ci.dispatch('main', 'full'), clock.now() + LIMIT_MS)
    return { ci, clock, result }
  }

  test('a failure on two of three legs is one record naming the legs it failed and passed on', async () => {
    const { ci, result } = await runOnMain({
      '.github/workflows/ci.yml': matrix(false, 'test/legs.test.js'),
      'test/legs.test.js': LEG_TEST
    })
    expect(result.outcome).toBe('failure')
    expect(result.failedJobs.map(j => j.name)).toEqual(['test (18)', 'test (20)'])
    const { failures, feedback } = await ci.failures(result)
    expect(failures).toHaveLength(1)
    const [f] = failures as LegFailure[]
    expect(f).toMatchObject({ test: 'rounds half cents to even', file: 'test/legs.test.js' })
    expect(f!.legs).toEqual({ failed: ['test (18)', 'test (20)'], passed: ['test (22)'], cancelled: [] })
    expect(describeLegs(f!.legs!)).toBe('test: fails on 18 and 20, passes on 22')
    // The text names the test once, with both failing steps.
    expect(feedback.match(/rounds half cents to even/g)).toHaveLength(1)
    expect(feedback).toContain('test (18) › Run node --test test/legs.test.js (exit code 1)')
    expect(feedback).toContain('test (20) › Run node --test test/legs.test.js (exit code 1)')
  })

  test('legs cancelled by fail-fast are not failures', async () => {
    const { ci, result } = await runOnMain({ '.github/workflows/ci.yml': matrix(true, 'test/legs.test.js') })
    expect(result.outcome).toBe('failure')
    expect(result.jobs?.map(j => [j.name, j.conclusion])).toEqual([
      ['test (18)', 'failure'],
      ['test (20)', 'cancelled'],
      ['test (22)', 'cancelled']
    ])
    expect(result.failedJobs.map(j => j.name)).toEqual(['test (18)'])
    const { failures, feedback } = await ci.failures(result)
    expect(failures).toHaveLength(1)
    expect((failures[0] as LegFailure).legs).toEqual({
      failed: ['test (18)'],
      passed: [],
      cancelled: ['test (20)', 'test (22)']
    })
    expect(feedback).not.toContain('test (20)')
    expect(feedback).not.toMatch(/cancel/i)
  })

  test('jobs of a reusable workflow are read like any other', async () => {
    const { ci, result } = await runOnMain({
      '.github/workflows/ci.yml': `${HEADER}jobs:
  checks:
    uses: ./.github/workflows/unit.yml
`,
      '.github/workflows/unit.yml': matrix(false, 'test/legs.test.js')
        .replace(HEADER, 'name: Unit\non:\n  workflow_call:\n')
        .replace('  test:\n', '  unit:\n')
    })
    expect(result.failedJobs.map(j => j.name)).toEqual(['checks / unit (18)', 'checks / unit (20)'])
    const { failures } = await ci.failures(result)
    expect(failures).toHaveLength(1)
    expect(describeLegs((failures[0] as LegFailure).legs!)).toBe(
      'checks / unit: fails on 18 and 20, passes on 22'
    )
  })

  test("the base's completed run is found by its commit, with its failures; a commit without one has none", async () => {
    const { ci, clock, result } = await runOnMain({
      '.github/workflows/ci.yml': matrix(false, 'test/legs.test.js')
    })
    const used = emulator.usage().used
    const found = await ci.completedRun!({ branch: 'main', sha: result.headSha }, clock.now() + LIMIT_MS)
    expect(found?.run.id).toBe(result.run.id)
    expect(found?.failedJobs.map(j => j.name)).toEqual(['test (18)', 'test (20)'])
    // One listing, the run read once, its jobs listed once.
    expect(emulator.usage().used - used).toBe(3)
    const other = await emulator.pushToDefault(SAMPLE_REPOSITORY, { 'NOTES.md': 'later\n' }, 'Notes')
    expect(await ci.completedRun!({ branch: 'main', sha: other }, clock.now() + LIMIT_MS)).toBeNull()
    // Without a sha, the branch's head is looked up first: it has no run yet either.
    expect(await ci.completedRun!({ branch: 'main', sha: null }, clock.now() + LIMIT_MS)).toBeNull()
  })

  test('a flaky test in a file the change does not touch is re-run once and named, and the run judged green', async () => {
    const { ci, clock, result } = await runOnMain({
      '.github/workflows/ci.yml': matrix(false, 'test/flaky.test.js'),
      'test/flaky.test.js': FLAKY_TEST
    })
    expect(result.outcome).toBe('failure')
    const baseline: BaselineRecord = {
      mode: 'auto',
      source: 'found',
      sha: 'b'.repeat(40),
      runId: 1,
      runUrl: null,
      outcome: 'success',
      failures: [],
      failureCount: 0,
      known: [],
      note: null
    }
    const logs: string[] = []
    const before = emulator.usage().used
    const verdict = await judgeRun(ci, result, {
      baseline,
      baseBranch: 'main',
      task: { text: 'Fix the ledger rounding', files: ['src/ledger.js'] },
      changed: ['src/ledger.js'],
      rerun: true,
      deadline: clock.now() + LIMIT_MS,
      log: m => logs.push(m)
    })
    expect(verdict).toMatchObject({ green: true, flaky: ['settles before the timeout'], failures: [] })
    expect(verdict.result.runAttempt).toBe(2)
    expect(verdict.result.run.id).toBe(result.run.id)
    expect(logs.join('\n')).toMatch(/re-running the failed jobs once/)
    const run = emulator.repo(SAMPLE_REPOSITORY).runs.get(result.run.id)!
    expect(run.runAttempt).toBe(2)
    // Collect (3 jobs: annotations + log each, 6), the re-run, then watching it: a handful.
    expect(emulator.usage().used - before).toBeLessThanOrEqual(12)
  })
})
