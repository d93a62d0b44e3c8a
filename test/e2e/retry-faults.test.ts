/**
 * End to end, `/nightshift retry` after each infrastructure fault that leaves a pushed head unjudged:
 * the dispatch refused past its retries (a secondary rate limit), a dispatch whose run never appears,
 * a cancelled CI run, a rebase conflict. The first run names the fault and closes its check run; the
 * retry judges the pushed head before any agent work and ends green when that work was right — the
 * agent is asked once in all, and attempt numbers do not restart.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import type { ActionResult } from '../emulator/run-action.js'
import { expectOutcome, REPO, startScenario, type Scenario } from './harness.js'
import { attemptTrailers, onLines, openCheckRuns, requestsTo, retry } from './jobs.js'

jest.setTimeout(180_000)

let scenario: Scenario | null = null
afterEach(async () => {
  await scenario?.close()
  scenario = null
})

/** What the first run must leave: its check run completed, the pushed commit on the branch. */
async function expectClosedAndIntact(s: Scenario, first: ActionResult) {
  const checkRun = await s.checkRun(Number(first.outputs['check-run-id']))
  expect(checkRun.status).toBe('completed')
  expect(openCheckRuns(s)).toEqual([])
  const pushed = checkRun.state!.attempts[0]!.pushed!
  expect((await s.remoteGit(['rev-parse', first.outputs.branch!])).trim()).toBe(pushed)
  expect(await s.pulls()).toEqual([])
  return checkRun
}

/** The retry ends green on the same head, asks the agent nothing, and keeps attempt 1. */
async function expectRetryGreen(s: Scenario, first: ActionResult) {
  const second = await retry(s)
  expectOutcome(second, 'success')
  expect(second.outputs.attempts).toBe('1')
  expect(s.fixer.prompts).toHaveLength(1)
  expect(await s.pulls()).toHaveLength(1)
  expect(await attemptTrailers(s, first.outputs.branch!)).toEqual(['1'])
  expect(openCheckRuns(s)).toEqual([])
  const done = await s.checkRun(Number(second.outputs['check-run-id']))
  expect(done.conclusion).toBe('success')
  expect(done.state?.finalCi?.headSha).toBe(done.head_sha)
  return { second, done }
}

describe('retry after an infrastructure fault judges the pushed head first', () => {
  test('dispatch refused by a secondary rate limit past the retries: `rate-limited`, named as such; retry is green', async () => {
    const s = (scenario = await startScenario(['right']))
    const first = await s.start({
      onOutput: onLines([
        /^Pushed \w+ to agent\//,
        () =>
          s.emulator.faults.add({
            kind: 'rate-limit',
            route: 'actions/create-workflow-dispatch',
            status: 403,
            retryAfter: 1,
            times: 4
          })
      ])
    })
    expectOutcome(first, 'failed', 1)
    expect(first.stdout).toMatch(/GitHub rate-limited the request \(retried 3 times/)
    // Not blamed on the setup (the debug lines list the requests made, permission reads among them).
    expect(first.stdout.replace(/^::debug::.*$/gm, '')).not.toMatch(/permissions/)
    const checkRun = await expectClosedAndIntact(s, first)
    expect(checkRun.state).toMatchObject({ reason: 'rate-limited', attempts: [{ attempt: 1, ci: null }] })
    await expectRetryGreen(s, first)
  })

  test('a dispatch whose run never appears: `ci-never-ran`; retry dispatches again and is green', async () => {
    const s = (scenario = await startScenario(['right'], attempt => {
      if (attempt === 1) scenario!.emulator.faults.add({ kind: 'lose-dispatch' })
    }))
    const first = await s.start()
    expectOutcome(first, 'escalated')
    const checkRun = await expectClosedAndIntact(s, first)
    expect(checkRun).toMatchObject({ conclusion: 'neutral', state: { reason: 'ci-never-ran' } })
    await expectRetryGreen(s, first)
  })

  test('a cancelled CI run: `ci-cancelled`; retry judges the same head again and is green', async () => {
    const s = (scenario = await startScenario(['right'], attempt => {
      if (attempt === 1) scenario!.emulator.faults.add({ kind: 'cancel-run', afterSteps: 0 })
    }))
    const first = await s.start()
    expectOutcome(first, 'escalated')
    const checkRun = await expectClosedAndIntact(s, first)
    expect(checkRun).toMatchObject({ conclusion: 'neutral', state: { reason: 'ci-cancelled' } })
    const dispatchesBefore = await requestsTo(s, 'POST', '/dispatches')
    await expectRetryGreen(s, first)
    // One quick run on the same head, one full run: no new attempt, no extra judging.
    expect((await requestsTo(s, 'POST', '/dispatches')) - dispatchesBefore).toBe(2)
  })

  test('a CI job that timed out: fed back within the run; retry judges the same head again first and is green', async () => {
    const s = (scenario = await startScenario(['right'], attempt => {
      if (attempt === 1) scenario!.emulator.faults.add({ kind: 'timeout-job', afterSteps: 2 })
    }))
    const first = await s.start()
    expectOutcome(first, 'escalated')
    const checkRun = await s.checkRun(Number(first.outputs['check-run-id']))
    expect(checkRun.status).toBe('completed')
    expect(checkRun.state?.attempts[0]?.ci?.outcome).toBe('timed_out')
    expect(openCheckRuns(s)).toEqual([])
    const prompts = s.fixer.prompts.length
    const second = await retry(s)
    expectOutcome(second, 'success')
    expect(s.fixer.prompts).toHaveLength(prompts)
    expect(await attemptTrailers(s, first.outputs.branch!)).toEqual(['1'])
    expect(await s.pulls()).toHaveLength(1)
  })

  test('a rebase conflict, then main is fixed: retry rebases the green head and publishes without the agent', async () => {
    let original = ''
    const s = (scenario = await startScenario(['right'], async (attempt, _prompt, sc) => {
      if (attempt !== 1) return
      original = await sc.remoteGit(['show', 'main:src/money.js'])
      const changed = original.replace(
        /const cents = .*/,
        'const cents = Number(m[2]) * 100 + Number(m[3] ?? 0) * (m[3]?.length === 1 ? 10 : 1)'
      )
      await sc.emulator.pushToDefault(REPO, { 'src/money.js': changed }, 'Read one-digit fractions as tenths')
    }))
    const first = await s.start()
    expectOutcome(first, 'escalated')
    const checkRun = await expectClosedAndIntact(s, first)
    expect(checkRun.state).toMatchObject({ reason: 'rebase-conflict' })
    // A maintainer reverts the conflicting change on main.
    await s.emulator.pushToDefault(
      REPO,
      { 'src/money.js': original },
      'Revert "Read one-digit fractions as tenths"'
    )
    const { done } = await expectRetryGreen(s, first)
    expect(done.state?.rebase).toMatchObject({ status: 'rebased' })
  })
})
