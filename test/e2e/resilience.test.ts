/**
 * End to end, interruptions: GitHub answering 5xx and 429 in the middle of the loop, and a run killed
 * mid-loop, completed by the post step, then resumed by `/nightshift retry` from the state the check
 * run keeps (the emulator has no cache service, as some runners have none).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { commentEvent } from './events.js'
import { FAILING_TEST } from './fixer.js'
import {
  expectOutcome,
  logOf,
  MAINTAINER,
  POST_SCRIPT,
  REPO,
  startScenario,
  type Scenario
} from './harness.js'

jest.setTimeout(180_000)

const ACTION = resolve(new URL('../../dist/index.js', import.meta.url).pathname)
/** Runs the bundled action after writing its process id, so the test can kill it like a cancelled job. */
const WRAPPER = `import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
writeFileSync(process.env.E2E_PID_FILE, String(process.pid))
await import(pathToFileURL(process.env.E2E_ACTION).href)
`

let scenario: Scenario | null = null
let scratch: string | null = null
afterEach(async () => {
  await scenario?.close()
  scenario = null
  if (scratch) await rm(scratch, { recursive: true, force: true })
  scratch = null
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
    scratch = await mkdtemp(join(tmpdir(), 'nightshift-e2e-kill-'))
    const dir = scratch
    const runnerTemp = join(dir, 'runner-temp')
    const pidFile = join(dir, 'pid')
    const wrapper = join(dir, 'wrapper.mjs')
    await writeFile(wrapper, WRAPPER)
    let killed = false
    // Attempt 1 fails CI (its state is saved); the job is killed as attempt 2 asks the model.
    const s = (scenario = await startScenario(['wrong', 'right', 'right'], async attempt => {
      if (attempt !== 2 || killed) return
      process.kill(Number(await readFile(pidFile, 'utf8')), 'SIGKILL')
      killed = true
    }))
    const env = { RUNNER_TEMP: runnerTemp, E2E_PID_FILE: pidFile, E2E_ACTION: ACTION }
    const first = await s.start({ script: wrapper, env })
    expect(killed).toBe(true)
    expect(first.code).toBeNull()
    expect(first.outputs.outcome).toBeUndefined()
    const checkRunId = Number(first.state['check-run-id'])
    expect(checkRunId).toBeGreaterThan(0)
    expect((await s.checkRun(checkRunId)).status).toBe('in_progress')

    // The post step, with the state the main step saved (the runner passes it as STATE_* variables).
    const saved = Object.fromEntries(Object.entries(first.state).map(([k, v]) => [`STATE_${k}`, v]))
    const post = await s.run('issues', await s.assignedPayload(), {
      script: POST_SCRIPT,
      env: { ...saved, RUNNER_TEMP: runnerTemp }
    })
    expect(post.code).toBe(0)
    const cancelled = await s.checkRun(checkRunId)
    if (cancelled.status !== 'completed' || cancelled.conclusion !== 'cancelled')
      throw new Error(
        `check run ${checkRunId} is ${cancelled.status}/${cancelled.conclusion} after the post step:\n${logOf(post)}`
      )
    expect(cancelled.state?.attempts.map(a => a.attempt)).toEqual([1])

    // `/nightshift retry` in a new job (a new runner: no file store, no cache; the check run's copy).
    const payload = await commentEvent(s.emulator, REPO, {
      number: s.issue.number,
      body: '/nightshift retry',
      user: MAINTAINER
    })
    const second = await s.run('issue_comment', payload)
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
    const trailers = await s.remoteGit([
      'log',
      '--format=%(trailers:key=Nightshift-Attempt,valueonly)',
      `main..${second.outputs.branch!}`
    ])
    expect(trailers.split('\n').filter(Boolean).sort()).toEqual(['1', '2'])
    expect(await s.pulls()).toHaveLength(1)
  })
})
