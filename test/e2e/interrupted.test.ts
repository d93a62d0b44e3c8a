/**
 * End to end, runs interrupted around the push: GitHub down while CI is watched, the job killed while
 * CI runs, the closing writes failing, an outside commit between runs, the check run failing to
 * follow a push. Each leaves no check run open (the post step closes what the main step could not),
 * and `/nightshift retry` resumes from the last judged point with attempt numbers going on.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { FAILING_TEST } from './fixer.js'
import { expectOutcome, logOf, REPO, startScenario, type Scenario } from './harness.js'
import {
  attemptTrailers,
  leaseMessage,
  onLines,
  openCheckRuns,
  requestsTo,
  retry,
  startJob,
  type Job
} from './jobs.js'

jest.setTimeout(180_000)

let scenario: Scenario | null = null
let job: Job | null = null
afterEach(async () => {
  await job?.close()
  job = null
  await scenario?.close()
  scenario = null
})

const handBacks = async (s: Scenario) =>
  (await s.comments()).filter(
    c =>
      c.login === 'github-actions[bot]' &&
      /nightshift (handed this issue back|could not work on this issue)/.test(c.body)
  )

describe('interrupted while CI runs', () => {
  test('GitHub down while CI is watched: failed `api-unavailable`; the post step closes the run and posts the hand-back; retry reads the same CI run', async () => {
    const s = (scenario = await startScenario(['right']))
    job = await startJob(s)
    const first = await job.main('issues', await s.assign(), {
      onOutput: onLines([
        /^CI \(fast\) dispatched/,
        () => s.emulator.faults.add({ kind: 'status', route: '* /**', status: 503, times: Infinity })
      ])
    })
    expectOutcome(first, 'failed', 1)
    expect(first.stdout).toMatch(/GitHub answered with a server error \(retried 3 times\)/)
    expect(first.stdout).toMatch(
      /Could not complete the check run in 5 tries .*HTTP 503.*The post step tries again/
    )
    expect(openCheckRuns(s)).toHaveLength(1)
    // GitHub is back; the post step of the same job completes what the main step could not.
    s.emulator.faults.clear()
    const post = await job.post(first)
    expect(post.code).toBe(0)
    expect(openCheckRuns(s)).toEqual([])
    const closed = await s.checkRun(Number(first.state['check-run-id']))
    expect(closed).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect(closed.state).toMatchObject({
      reason: 'api-unavailable',
      pending: { scope: 'fast', target: 'attempt' }
    })
    expect(await handBacks(s)).toHaveLength(1)
    expect(await leaseMessage(s)).toMatch(/Nightshift-Lease-Outcome: failed/)

    const fastBefore = await requestsTo(s, 'POST', '/dispatches')
    const second = await retry(s)
    expectOutcome(second, 'success')
    expect(second.stdout).toMatch(/Reading CI run \d+, dispatched on \w+ by an earlier job/)
    // Only the full run was dispatched: the quick run from before the outage was read, not repeated.
    expect((await requestsTo(s, 'POST', '/dispatches')) - fastBefore).toBe(1)
    expect(second.outputs.attempts).toBe('1')
    expect(s.fixer.prompts).toHaveLength(1)
    expect(openCheckRuns(s)).toEqual([])
  })

  test('killed while its CI run goes green: the post step completes it as cancelled, saying where; retry publishes without the agent', async () => {
    const s = (scenario = await startScenario(['right']))
    job = await startJob(s)
    const first = await job.main('issues', await s.assign(), {
      onOutput: onLines([/^CI \(fast\) dispatched/, () => job!.kill()])
    })
    expect(first.code).toBeNull()
    await s.emulator.idle()
    const post = await job.post(first)
    expect(post.code).toBe(0)
    const cancelled = await s.checkRun(Number(first.state['check-run-id']))
    if (cancelled.status !== 'completed')
      throw new Error(`check run still ${cancelled.status}:\n${logOf(post)}`)
    expect(cancelled.conclusion).toBe('cancelled')
    expect(cancelled.summary).toMatch(/The job ended while waiting for CI \(attempt 1\)/)
    expect(await leaseMessage(s)).toMatch(/Nightshift-Lease-Outcome: cancelled/)

    const second = await retry(s)
    expectOutcome(second, 'success')
    expect(second.stdout).toMatch(/Reading CI run \d+, dispatched on \w+ by an earlier job/)
    expect(second.outputs.attempts).toBe('1')
    expect(s.fixer.prompts).toHaveLength(1)
    expect(await s.pulls()).toHaveLength(1)
  })
})

describe('closing is guaranteed', () => {
  test('the final check-run update and the hand-back comment fail: the main step names the cause; the post step completes and posts', async () => {
    const s = (scenario = await startScenario(['wrong']))
    s.emulator.faults.add({
      kind: 'status',
      route: 'checks/update',
      status: 503,
      bodyIncludes: '"conclusion":"failure"',
      times: Infinity
    })
    s.emulator.faults.add({ kind: 'status', route: 'issues/create-comment', status: 503, times: Infinity })
    job = await startJob(s)
    const first = await job.main('issues', await s.assign(), { inputs: { 'max-attempts': '1' } })
    expectOutcome(first, 'escalated')
    expect(first.stdout).toMatch(/Could not post the hand-back comment in 5 tries .*HTTP 503/)
    expect(first.stdout).toMatch(/Could not complete the check run in 5 tries .*HTTP 503/)
    expect(openCheckRuns(s)).toHaveLength(1)
    expect(await handBacks(s)).toHaveLength(0)

    s.emulator.faults.clear()
    const post = await job.post(first)
    expect(post.stdout).toMatch(/Posted the hand-back comment the main step could not/)
    expect(openCheckRuns(s)).toEqual([])
    const closed = await s.checkRun(Number(first.state['check-run-id']))
    expect(closed).toMatchObject({
      conclusion: 'failure',
      state: { outcome: 'escalated', reason: 'max-attempts' }
    })
    expect(await handBacks(s)).toHaveLength(1)
    expect(await s.labels()).toContain('agent-escalated')
  })
})

describe('history survives outside commits and failed updates', () => {
  test('an outside commit after attempt 1: retry judges it, keeps the feedback, and goes on with attempt 2', async () => {
    const s = (scenario = await startScenario(['wrong', 'right']))
    const first = await s.start({ inputs: { 'max-attempts': '1' } })
    expectOutcome(first, 'escalated')
    const branch = first.outputs.branch!
    const outside = await s.emulator.pushToBranch(
      REPO,
      branch,
      { 'NOTES.md': 'Cents, always.\n' },
      'Add notes'
    )
    const second = await retry(s)
    expectOutcome(second, 'success')
    expect(second.outputs.attempts).toBe('2')
    expect(await attemptTrailers(s, branch)).toEqual(['1', '2'])
    expect(s.fixer.prompts).toHaveLength(2)
    expect(s.fixer.prompts[1]).toContain(FAILING_TEST)
    expect(s.fixer.prompts[1]).toContain(`Someone else pushed ${outside.slice(0, 7)}`)
    const done = await s.checkRun(Number(second.outputs['check-run-id']))
    expect(done.state?.outside).toMatchObject({ sha: outside, ci: { outcome: 'failure' } })
    expect(openCheckRuns(s)).toEqual([])
  })

  test('the check run cannot follow the push: the attempt is already recorded; retry judges its commit, no third attempt', async () => {
    const s = (scenario = await startScenario(['wrong', 'right']))
    // Attempt 1's push opens the check run; the one that should follow attempt 2's push is refused.
    s.emulator.faults.add({ kind: 'status', route: 'checks/create', status: 502, after: 1, times: Infinity })
    const first = await s.start()
    expectOutcome(first, 'failed', 1)
    expect(first.stdout).toMatch(
      /Could not create the check run: Server Error.*\(HTTP 502\).*retried 3 times/
    )
    expect(openCheckRuns(s)).toEqual([])
    const saved = (await s.checkRun(Number(first.outputs['check-run-id']))).state
    expect(saved?.attempts).toMatchObject([
      { attempt: 1, ci: { outcome: 'failure' } },
      { attempt: 2, pushed: expect.stringMatching(/^[0-9a-f]{40}$/), ci: null }
    ])
    s.emulator.faults.clear()

    const second = await retry(s)
    expectOutcome(second, 'success')
    expect(second.outputs.attempts).toBe('2')
    expect(s.fixer.prompts).toHaveLength(2)
    expect(await attemptTrailers(s, first.outputs.branch!)).toEqual(['1', '2'])
  })
})
