/**
 * `/nightshift retry` resumes from the last judged point: a head that was pushed but never judged is
 * judged first (reading the run an earlier job dispatched when there is one), a failed rebase or an
 * unfinished publish is finished, and only then does the agent work again. Attempt numbers continue.
 */
import { describe, expect, it } from '@jest/globals'
import { ApiError } from '../../src/errors.js'
import { recoverAttempts, resumeState } from '../../src/loop/run-loop.js'
import { entryPoint } from '../../src/loop/resume.js'
import type { LoopState } from '../../src/loop/state.js'
import { failure } from './fakes.js'
import { setup, task } from './setup.js'

type Setup = ReturnType<typeof setup>

/** A second job on the same branch: the remote as the first job left it, shas numbered on from it. */
async function retry(first: Setup, opts: Parameters<typeof setup>[0] = {}) {
  const second = setup(opts)
  second.workspace.remote = first.workspace.remote
  second.workspace.heads = first.workspace.heads + 10
  const stored = (await first.store.load('issue-7')) as LoopState
  const state = resumeState(stored, task, second.clock.now())
  return { second, state }
}

const ok = { outcome: 'success' as const }

/** The saved state of a job whose only attempt failed CI (budget: one attempt). */
async function afterOneFailedAttempt(): Promise<LoopState> {
  const first = setup({
    fast: [{ outcome: 'failure', failures: [failure('t1')] }],
    config: { budget: { ...setup({}).config.budget, maxAttempts: 1 } }
  })
  await first.run()
  return (await first.store.load('issue-7')) as LoopState
}

describe('resume', () => {
  it('after GitHub failed while CI was watched: reads the same run, no new attempt, then publishes', async () => {
    const first = setup({})
    first.ci.wait = async () => {
      throw new ApiError('Could not read the workflow run 1: Server Error (HTTP 502).', 502)
    }
    const ended = await first.run()
    expect(ended).toMatchObject({ outcome: 'failed', reason: 'api-unavailable' })
    expect(ended.pending).toMatchObject({ runId: 1, scope: 'fast', target: 'attempt' })

    const { second, state } = await retry(first)
    const s = await second.run(state)
    expect(s).toMatchObject({ outcome: 'success', reason: 'green' })
    expect(second.engine.inputs).toHaveLength(0)
    // Run 1 was read, not dispatched again; then the full CI on the head.
    expect(second.ci.calls).toEqual([
      'preflight',
      'wait 1 success',
      'dispatch agent/7-add-returns-a-wrong-sum full',
      'wait 1 success'
    ])
    expect(s.attempts.map(a => [a.attempt, a.ci?.outcome])).toEqual([[1, 'success']])
    expect(s.finalCi?.headSha).toBe(first.workspace.remote)
    expect(second.forge.pullRequests).toHaveLength(1)
  })

  it.each([
    ['never_started', 'ci-never-ran'],
    ['cancelled', 'ci-cancelled'],
    ['watch_timeout', 'ci-never-ran']
  ] as const)('after CI %s: judges the pushed head again before any agent work', async (outcome, reason) => {
    const first = setup({ fast: [{ outcome }] })
    expect(await first.run()).toMatchObject({ outcome: 'escalated', reason })
    const { second, state } = await retry(first)
    const s = await second.run(state)
    expect(s.outcome).toBe('success')
    expect(second.engine.inputs).toHaveLength(0)
    expect(second.ci.calls.filter(c => c.startsWith('dispatch'))).toEqual([
      'dispatch agent/7-add-returns-a-wrong-sum fast',
      'dispatch agent/7-add-returns-a-wrong-sum full'
    ])
    expect(s.attempts.map(a => a.attempt)).toEqual([1])
  })

  it('after a timed-out CI job: the head is judged again before the agent works on it', async () => {
    const first = setup({ fast: [{ outcome: 'timed_out' }, { outcome: 'timed_out' }] })
    first.config.budget.maxAttempts = 1
    await first.run()
    const { second, state } = await retry(first)
    const s = await second.run(state)
    expect(s.outcome).toBe('success')
    expect(second.engine.inputs).toHaveLength(0)
    expect(s.attempts.map(a => [a.attempt, a.ci?.outcome])).toEqual([[1, 'success']])
  })

  it('after a rebase conflict: the green head goes straight back to the final gate', async () => {
    const first = setup({})
    first.workspace.rebaseResult = 'conflict'
    first.workspace.conflicts = ['src/math.js']
    expect((await first.run()).reason).toBe('rebase-conflict')
    const { second, state } = await retry(first)
    second.workspace.rebaseResult = 'rebased'
    const s = await second.run(state)
    expect(s).toMatchObject({ outcome: 'success', rebase: { status: 'rebased' } })
    expect(second.engine.inputs).toHaveLength(0)
    expect(second.workspace.calls).toEqual([
      'prepare agent/7-add-returns-a-wrong-sum main',
      'scrub',
      'rebase',
      'push'
    ])
  })

  it('after the pull request could not be opened: publishes the head the full CI judged, nothing re-run', async () => {
    const first = setup({})
    first.forge.failures = {
      createPullRequest: [new ApiError('Could not open a pull request (HTTP 502).', 502)]
    }
    expect(await first.run()).toMatchObject({ outcome: 'failed', reason: 'api-unavailable' })
    const { second, state } = await retry(first)
    const s = await second.run(state)
    expect(s.outcome).toBe('success')
    expect(second.ci.calls).toEqual(['preflight'])
    expect(second.forge.pullRequests).toHaveLength(1)
  })

  it('after an outside commit: judges it, feeds its failures to the next attempt, numbers go on at 2', async () => {
    const first = setup({
      fast: [{ outcome: 'failure', failures: [failure('t1')] }],
      config: { budget: { ...setup({}).config.budget, maxAttempts: 1 } }
    })
    expect((await first.run()).reason).toBe('max-attempts')
    first.workspace.remote = 'f'.repeat(40)
    const { second, state } = await retry(first, {
      fast: [{ outcome: 'failure', failures: [failure('broken by the outside commit')] }, ok]
    })
    const s = await second.run(state)
    expect(s.outcome).toBe('success')
    expect(s.outside).toMatchObject({ sha: 'f'.repeat(40), ci: { outcome: 'failure' } })
    expect(s.attempts.map(a => a.attempt)).toEqual([1, 2])
    expect(second.engine.inputs[0]!.attempt).toBe(2)
    expect(second.engine.inputs[0]!.feedback).toMatch(
      /Someone else pushed fffffff[\s\S]*broken by the outside commit/
    )
  })

  it('an attempt the last job pushed but could not save is recovered from the branch and judged', async () => {
    const stored = await afterOneFailedAttempt()
    const mine = stored.attempts[0]!.pushed!
    const lost = 'a'.repeat(40)
    // What the branch's `Nightshift-Attempt` trailers say: attempt 2 exists, the state never heard of it.
    expect(
      recoverAttempts(stored, [
        { attempt: 1, sha: mine },
        { attempt: 2, sha: lost }
      ])
    ).toBe(1)
    expect(stored.attempts.map(a => [a.attempt, a.pushed, a.ci?.outcome ?? null])).toEqual([
      [1, mine, 'failure'],
      [2, lost, null]
    ])
    expect(entryPoint(stored, lost, true)).toEqual({
      kind: 'judge',
      sha: lost,
      scope: 'fast',
      target: 'attempt',
      resume: null
    })
    const second = setup({})
    second.workspace.remote = lost
    second.workspace.heads = 50
    const s = await second.run(resumeState(stored, task, second.clock.now()))
    expect(s.outcome).toBe('success')
    expect(second.engine.inputs).toHaveLength(0)
    expect(s.attempts[1]).toMatchObject({ attempt: 2, ci: { outcome: 'success', headSha: lost } })
  })

  it('a branch this run created, or a head whose last verdict failed, goes to the agent', async () => {
    const stored = await afterOneFailedAttempt()
    const head = stored.attempts[0]!.pushed!
    expect(entryPoint(stored, head, true)).toEqual({ kind: 'attempts' })
    expect(entryPoint(stored, head, false)).toEqual({ kind: 'attempts' })
  })
})
