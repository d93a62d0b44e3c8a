/**
 * Judging against the base, on the pure parts: fingerprints that survive an edit, the base that cannot
 * run (told from a red one by real tool output), what counts as already failing, the one line the agent
 * reads about it, and when a re-run may tell a flaky test from a broken one.
 */
import { describe, expect, test } from '@jest/globals'
import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import {
  cannotRun,
  preExisting,
  preExistingLine,
  taskIsAbout,
  type BaselineRecord
} from '../../src/ci/baseline.js'
import { digest, fingerprint, normaliseMessage } from '../../src/ci/fingerprint.js'
import { stem, touches, worthRerun } from '../../src/ci/rerun.js'
import type { RunResult } from '../../src/ci/types.js'
import { analyze } from '../../src/feedback/index.js'
import type { Failure } from '../../src/feedback/types.js'
import { fixturesDir } from '../feedback/helpers.js'

const run = (conclusion: string): RunResult => ({
  run: { id: 1, url: 'https://example.test/runs/1', correlationId: 'c', workflow: 'ci.yml', ref: 'main' },
  outcome: 'failure',
  conclusion,
  headSha: 'a'.repeat(40),
  durationMs: 1000,
  failedJobs: [{ id: 2, name: 'test', conclusion: 'failure', failedSteps: ['Run npm ci'], url: '' }]
})

async function failuresOf(fixture: string): Promise<Failure[]> {
  const { failures } = await analyze([
    { name: 'test', content: createReadStream(join(fixturesDir, `${fixture}.log`)) }
  ])
  return failures
}

const jestFailure: Failure = {
  tool: 'jest',
  file: 'src/ledger.test.ts',
  line: 41,
  column: 7,
  test: 'ledger › settles debts',
  message: 'expect(received).toBe(expected)\n\nExpected: 3\nReceived: 4'
}

function baselineOf(failures: Failure[]): BaselineRecord {
  return {
    mode: 'auto',
    source: 'found',
    sha: 'b'.repeat(40),
    runId: 7,
    runUrl: 'https://example.test/runs/7',
    outcome: failures.length ? 'failure' : 'success',
    failures,
    failureCount: failures.length,
    known: failures.map(digest),
    note: null
  }
}

describe('fingerprints', () => {
  test('line numbers, timings, tool-cache and runner folders do not change a failure; the test or message does', () => {
    const moved = { ...jestFailure, line: 57, column: 3 }
    expect(fingerprint(moved)).toBe(fingerprint(jestFailure))
    const leg18 = {
      ...jestFailure,
      message: 'TypeError at /opt/hostedtoolcache/node/18.20.4/x64/lib/node.js:12:5 (12ms)'
    }
    const leg20 = {
      ...jestFailure,
      message: 'TypeError at /opt/hostedtoolcache/node/20.11.1/x64/lib/node.js:99:1 (3 ms)'
    }
    expect(fingerprint(leg18)).toBe(fingerprint(leg20))
    expect(normaliseMessage('/home/runner/work/tinyledger/tinyledger/src/a.ts:3:4 error')).toBe(
      'src/a.ts:_ error'
    )
    expect(fingerprint({ ...jestFailure, test: 'ledger › splits evenly' })).not.toBe(fingerprint(jestFailure))
    expect(fingerprint({ ...jestFailure, message: 'Expected: 5' })).not.toBe(fingerprint(jestFailure))
    expect(digest(moved)).toMatch(/^[0-9a-f]{16}$/)
  })
})

describe('a base whose CI cannot run', () => {
  test('an install that fails (npm ci on an out-of-date lock file) cannot run', async () => {
    const failures = await failuresOf('npm-ci-lockfile')
    expect(failures.map(f => f.tool)).toEqual(['npm'])
    expect(cannotRun(run('failure'), failures)).toBe(true)
  })

  test('failing tests, compiler errors or a script that says what is wrong are a red base, not a broken one', async () => {
    for (const fixture of ['jest-assertions', 'tsc', 'custom-script', 'eslint-stylish']) {
      const failures = await failuresOf(fixture)
      expect(failures.length).toBeGreaterThan(0)
      expect([fixture, cannotRun(run('failure'), failures)]).toEqual([fixture, false])
    }
  })

  test("a shell's missing command, a missing module, a workflow that could not start", () => {
    const log = (message: string): Failure => ({
      tool: 'log',
      file: null,
      line: null,
      column: null,
      test: null,
      message
    })
    expect(cannotRun(run('failure'), [log('> test\n> jest --ci\nsh: 1: jest: not found')])).toBe(true)
    expect(cannotRun(run('failure'), [log('bash: line 1: pytest: command not found')])).toBe(true)
    expect(
      cannotRun(run('failure'), [
        log("Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'vitest' imported from /w/x.js")
      ])
    ).toBe(true)
    expect(cannotRun(run('startup_failure'), [])).toBe(true)
    // Nothing recognised: nothing says the base cannot run.
    expect(cannotRun(run('failure'), [])).toBe(false)
    // A missing module inside a test file is that test failing.
    expect(cannotRun(run('failure'), [{ ...jestFailure, message: "Cannot find module 'left-pad'" }])).toBe(
      false
    )
  })
})

describe('what counts as already failing', () => {
  const task = { text: 'Balances are wrong after a refund', files: ['src/refund.js'] }

  test('a failure the baseline holds, wherever it moved; not one it does not', () => {
    const isOld = preExisting(baselineOf([jestFailure]), task)
    expect(isOld({ ...jestFailure, line: 99 })).toBe(true)
    expect(isOld({ ...jestFailure, test: 'ledger › refunds' })).toBe(false)
    expect(preExisting(null, task)(jestFailure)).toBe(false)
    expect(preExisting(baselineOf([]), task)(jestFailure)).toBe(false)
  })

  test('unless the task is about it: it names the test, the file, or the module the test file tests', () => {
    const base = baselineOf([jestFailure])
    const naming = (text: string, files: string[] = []) => preExisting(base, { text, files })(jestFailure)
    expect(naming('The test `ledger › settles debts` fails on main')).toBe(false)
    expect(naming('src/ledger.test.ts is red')).toBe(false)
    expect(naming('Settling is off by one', ['src/ledger.ts'])).toBe(false)
    expect(naming('Settling is off by one', ['src/money.ts'])).toBe(true)
    expect(taskIsAbout({ text: '', files: ['./src/ledger.js'] }, jestFailure)).toBe(true)
    // The task quotes what the failure says: two of its numbers or identifiers.
    const bug: Failure = {
      ...jestFailure,
      file: 'test/parse.test.js',
      test: 'reads tenths',
      message: 'Expected values to be strictly equal:\n\n1205 !== 1250'
    }
    expect(taskIsAbout({ text: "parseAmount('12.5') returns 1205, expected 1250", files: [] }, bug)).toBe(
      true
    )
    expect(taskIsAbout({ text: 'parseAmount returns 1205 for 12.5', files: [] }, bug)).toBe(false)
    expect(taskIsAbout({ text: 'Totals are off by 1250 cents', files: [] }, jestFailure)).toBe(false)
  })

  test('the agent reads one line that names them and leaves them alone', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ ...jestFailure, test: `ledger › case ${i}` }))
    const line = preExistingLine(many, 'main', 300)
    expect(line.split('\n')).toHaveLength(1)
    expect(line.length).toBeLessThanOrEqual(300)
    expect(line).toMatch(
      /^Already failing on main, not yours \(leave them\): jest ledger › case 0 \(src\/ledger.test.ts\)/
    )
    expect(line).toMatch(/; and \d+ more\.$/)
    expect(preExistingLine([], 'main', 300)).toBe('')
  })
})

describe('flaky or broken', () => {
  const flaky: Failure = { ...jestFailure, file: 'test/clock.test.js', test: 'settles before the timeout' }

  test('the change touches a failure: its file, the test file of a changed module, a changed file in its stack', () => {
    expect(stem('test/money.test.js')).toBe('money')
    expect(stem('tests/test_money.py')).toBe('money')
    expect(stem('pkg/money_test.go')).toBe('money')
    expect(touches(flaky, ['test/clock.test.js'])).toBe(true)
    expect(touches(flaky, ['src/clock.js'])).toBe(true)
    expect(touches({ ...flaky, message: 'at tick (src/timer.js:3:9)' }, ['src/timer.js'])).toBe(true)
    expect(touches(flaky, ['src/money.js'])).toBe(false)
  })

  test('worth a re-run only with a baseline, only for tests, only when the change touches none of them', () => {
    const green = baselineOf([])
    expect(worthRerun([flaky], green, ['src/money.js'])).toBe(true)
    expect(worthRerun([flaky], green, ['src/clock.js'])).toBe(false)
    expect(worthRerun([flaky, { ...jestFailure, tool: 'tsc', test: null }], green, [])).toBe(false)
    expect(worthRerun([flaky], null, [])).toBe(false)
    expect(worthRerun([flaky], { ...green, source: 'off' }, [])).toBe(false)
    expect(worthRerun([], green, [])).toBe(false)
  })
})
