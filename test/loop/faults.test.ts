/**
 * The loop under faults: a branch that moves under it (CI testing another commit, a push between the
 * verdict and the pull request, a rejected push), GitHub failing after a push, the closing writes
 * retried, and an attempt that hits its own time limit.
 */
import { describe, expect, it } from '@jest/globals'
import { ApiError, GitError } from '../../src/errors.js'
import type { LoopState } from '../../src/loop/state.js'
import { PushRejectedError } from '../../src/workspace/branch.js'
import { failure } from './fakes.js'
import { setup } from './setup.js'

const OUTSIDE = 'e'.repeat(40)
const outage = () => new ApiError('Could not update the check run: Service Unavailable (HTTP 503).', 503)

describe('a branch that moves under the loop', () => {
  it('full CI ran on a commit someone else pushed: no pull request; that commit is judged and handed back', async () => {
    const t = setup({
      fast: [{ outcome: 'success' }, { outcome: 'failure', failures: [failure('outside breaks it')] }]
    })
    t.ci.headOf = run => {
      if (t.ci.scopes.get(run.id) !== 'full') return null
      t.workspace.remote = OUTSIDE
      return OUTSIDE
    }
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'escalated', reason: 'branch-moved' })
    expect(t.forge.pullRequests).toHaveLength(0)
    expect(s.finalCi).toMatchObject({ outcome: 'other_head', headSha: OUTSIDE })
    expect(s.outside).toMatchObject({ sha: OUTSIDE, ci: { outcome: 'failure', headSha: OUTSIDE } })
    // The workspace followed the branch, and the check run moved to the outside head.
    expect(t.workspace.calls.filter(c => c.startsWith('prepare'))).toHaveLength(2)
    expect(t.reporter.calls).toContain(`moveTo ${OUTSIDE.slice(0, 4)}`)
    expect(t.forge.comments.map(c => c.body)).toEqual(['Handing back: branch-moved'])
  })

  it('the branch moved after the full CI passed: the check before publishing catches it; the new head is judged, then published', async () => {
    const t = setup({})
    let moved = false
    t.forge.headOf = () => {
      // The first look, just before publishing, finds a commit pushed after the full CI was dispatched.
      if (!moved && t.ci.calls.some(c => c.endsWith('full'))) {
        moved = true
        t.workspace.remote = OUTSIDE
      }
      return t.workspace.remote
    }
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'success', reason: 'green' })
    expect(s.finalCi).toMatchObject({ scope: 'full', outcome: 'success', headSha: OUTSIDE })
    expect(t.forge.pullRequests).toHaveLength(1)
    expect(t.ci.calls.filter(c => c.startsWith('dispatch'))).toEqual([
      'dispatch agent/7-add-returns-a-wrong-sum fast',
      'dispatch agent/7-add-returns-a-wrong-sum full',
      'dispatch agent/7-add-returns-a-wrong-sum fast',
      'dispatch agent/7-add-returns-a-wrong-sum full'
    ])
  })

  it('a pull request GitHub opened on another head than the judged one is not claimed as a success', async () => {
    const t = setup({})
    t.forge.prHeadOf = () => OUTSIDE
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'escalated', reason: 'branch-moved' })
    expect(s.pullRequest?.number).toBeGreaterThan(0)
    expect(s.outside?.sha).toBe(OUTSIDE)
  })

  it('a run matched to the wrong dispatch (the branch did not move) is named, not blamed on an outside commit', async () => {
    const t = setup({})
    t.ci.headOf = () => OUTSIDE
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'escalated', reason: 'ci-never-ran', outside: null })
    expect(t.forge.pullRequests).toHaveLength(0)
  })

  it('a push that loses the race ("cannot lock ref") ends naming the head that won', async () => {
    const t = setup({})
    const stderr = "! [remote rejected] HEAD -> agent/7 (cannot lock ref 'refs/heads/agent/7': is at eee)"
    t.workspace.pushError = new PushRejectedError(
      'rejected',
      'The push lost a race',
      new GitError('push failed', ['push'], 1, stderr)
    )
    t.forge.headOf = () => OUTSIDE
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'escalated', reason: 'branch-moved', outside: { sha: OUTSIDE } })
    expect(t.forge.pullRequests).toHaveLength(0)
  })
})

describe('GitHub failing around the push', () => {
  it('the check run cannot follow the push: the attempt is already saved with its pushed commit', async () => {
    const t = setup({})
    t.reporter.failures = { moveTo: [outage()] }
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'failed', reason: 'api-unavailable' })
    const saved = (await t.store.load('issue-7')) as LoopState
    expect(saved.attempts).toHaveLength(1)
    expect(saved.attempts[0]).toMatchObject({ attempt: 1, pushed: t.workspace.remote })
    expect(t.ci.calls.filter(c => c.startsWith('dispatch'))).toEqual([])
  })

  it('a rate limit past the retries is named as one', async () => {
    const t = setup({})
    t.ci.wait = async () => {
      throw new ApiError('Could not read the run: secondary rate limit (HTTP 403).', 403, {
        rateLimited: true
      })
    }
    expect(await t.run()).toMatchObject({ outcome: 'failed', reason: 'rate-limited' })
  })

  it('the closing writes are retried through a short outage, and a long one leaves the work to the post step', async () => {
    const t = setup({ fast: [{ outcome: 'never_started' }] })
    t.forge.failures = { comment: [outage()] }
    t.reporter.failures = { complete: [outage(), outage(), outage()] }
    const s = await t.run()
    expect(s.reason).toBe('ci-never-ran')
    // The comment went through on its second try; the check run could not be completed in three.
    expect(t.forge.comments).toHaveLength(1)
    expect(t.handBacks).toEqual(['pending', 'posted'])
    expect(t.reporter.calls.filter(c => c.startsWith('complete'))).toEqual([
      'complete failed',
      'complete failed',
      'complete failed'
    ])
    expect(t.logs.join('\n')).toMatch(
      /Could not complete the check run in 3 tries over 20 s: .*HTTP 503\)\. The post step tries again\.$/
    )
  })

  it('a refusal is not retried', async () => {
    const t = setup({ fast: [{ outcome: 'never_started' }] })
    t.forge.failures = {
      comment: [new ApiError('Could not comment (HTTP 403). Check the workflow permissions.', 403)]
    }
    await t.run()
    expect(t.forge.callsTo('comment')).toHaveLength(1)
    expect(t.handBacks).toEqual(['pending'])
  })
})

describe('an attempt that hits its own time limit', () => {
  it('is judged like any other and the loop goes on while the task has time', async () => {
    const t = setup({
      engine: [{ files: ['src/math.js'], stopReason: 'timeout' }, { files: ['src/math.js'] }],
      fast: [{ outcome: 'failure', failures: [failure('half done')] }, { outcome: 'success' }]
    })
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'success', reason: 'green' })
    expect(s.attempts.map(a => a.stopReason)).toEqual(['timeout', 'finished'])
  })
})
