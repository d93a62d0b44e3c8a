/**
 * End to end, interruptions: GitHub answering 5xx and 429 in the middle of the loop, and a run killed
 * mid-loop, completed by the post step, then resumed by `/nightshift retry` from the state the check
 * run keeps (the emulator has no cache service, as some runners have none).
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { FAILING_TEST } from './fixer.js'
import { expectOutcome, logOf, startScenario, type Scenario } from './harness.js'
import { attemptTrailers, retry, startJob, type Job } from './jobs.js'

jest.setTimeout(180_000)

let scenario: Scenario | null = null
let job: Job | null = null
afterEach(async () => {
  await job?.close()
  job = null
  await scenario?.close()
  scenario = null
})

describe('resilience', () => {
  test('5xx on the run reads and 429 on the check-run updates mid-loop: the attempt is kept and the loop succeeds', async () => {
    const s = (scenario = await startScenario(['right'], (attempt, _prompt, sc) => {
      if (attempt !== 1) return
      sc.emulator.faults.add({ kind: 'status', route: 'actions/get-workflow-run', status: 502, times: 2 })
      sc.emulator.faults.add({
        kind: 'rate-limit',
        route: 'checks/update',
        status: 429,
        retryAfter: 1,
        times: 2
      })
    }))
    const result = await s.start()
    expectOutcome(result, 'success')
    expect(result.outputs.attempts).toBe('1')
    expect(s.fixer.prompts).toHaveLength(1)
    const log = await s.exchanges()
    const failed = log.filter(e => e.status === 502 || e.status === 429).map(e => `${e.method} ${e.status}`)
    expect(failed.filter(f => f === 'GET 502')).toHaveLength(2)
    expect(failed.filter(f => f === 'PATCH 429')).toHaveLength(2)
    const checkRun = await s.checkRun(Number(result.outputs['check-run-id']))
    expect(checkRun.conclusion).toBe('success')
    expect(checkRun.state?.attempts.map(a => a.attempt)).toEqual([1])
    expect(await s.pulls()).toHaveLength(1)
  })

  test('killed mid-loop: the post step completes the check run as cancelled; `/nightshift retry` resumes at attempt 2', async () => {
    let killed = false
    // Attempt 1 fails CI (its state is saved); the job is killed as attempt 2 asks the model.
    const s = (scenario = await startScenario(['wrong', 'right', 'right'], async attempt => {
      if (attempt !== 2 || killed) return
      killed = true
      await job!.kill()
    }))
    job = await startJob(s)
    const first = await job.main('issues', await s.assign())
    expect(killed).toBe(true)
    expect(first.code).toBeNull()
    expect(first.outputs.outcome).toBeUndefined()
    const checkRunId = Number(first.state['check-run-id'])
    expect(checkRunId).toBeGreaterThan(0)
    const running = await s.checkRun(checkRunId)
    expect(running.status).toBe('in_progress')
    // The live report names the attempt at work, not the last one finished.
    expect(running.summary).toContain('Running: agent at work (attempt 2)')

    const post = await job.post(first)
    expect(post.code).toBe(0)
    const cancelled = await s.checkRun(checkRunId)
    if (cancelled.status !== 'completed' || cancelled.conclusion !== 'cancelled')
      throw new Error(
        `check run ${checkRunId} is ${cancelled.status}/${cancelled.conclusion} after the post step:\n${logOf(post)}`
      )
    expect(cancelled.state?.attempts.map(a => a.attempt)).toEqual([1])
    expect(cancelled.summary).toContain('The job ended during attempt 2 (agent at work)')
    expect(cancelled.summary).not.toContain('(attempt 1)')

    // `/nightshift retry` in a new job (a new runner: no file store, no cache; the check run's copy).
    const second = await retry(s)
    expectOutcome(second, 'success')
    expect(second.outputs.attempts).toBe('2')
    expect(second.outputs.branch).toBe(first.state.branch ?? second.outputs.branch)
    expect(s.fixer.prompts).toHaveLength(3)
    // The resumed attempt 2 got attempt 1's failure as feedback.
    expect(s.fixer.prompts[2]).toContain(FAILING_TEST)
    const done = await s.checkRun(Number(second.outputs['check-run-id']))
    expect(done.conclusion).toBe('success')
    expect(done.state?.attempts.map(a => [a.attempt, a.ci?.outcome])).toEqual([
      [1, 'failure'],
      [2, 'success']
    ])
    expect((await attemptTrailers(s, second.outputs.branch!)).sort()).toEqual(['1', '2'])
    expect(await s.pulls()).toHaveLength(1)
  })
})
