/**
 * End to end, the comment commands after a run: `/nightshift status` on the issue answers from the
 * latest check run's state, and `/nightshift <request>` on the agent's pull request starts a new round
 * on the same branch that updates that pull request (never a second one).
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { commentEvent } from './events.js'
import { ROUNDING_COMMENT } from './fixer.js'
import { expectOutcome, MAINTAINER, REPO, startScenario, writes, type Scenario } from './harness.js'

jest.setTimeout(180_000)

let scenario: Scenario | null = null
afterEach(async () => {
  await scenario?.close()
  scenario = null
})

describe('comment commands', () => {
  test('`status` on the issue answers with the finished run; a request on the pull request runs a new round on its branch', async () => {
    const s = (scenario = await startScenario(['right', 'comment']))
    const first = await s.start()
    expectOutcome(first, 'success')
    const branch = first.outputs.branch!
    const [pull] = await s.pulls()
    expect(pull).toBeDefined()
    const headBefore = (await s.remoteGit(['rev-parse', branch])).trim()

    // `/nightshift status` on the issue: one new comment, from the action, with the finished state.
    const before = await s.comments()
    const status = await s.run(
      'issue_comment',
      await commentEvent(s.emulator, REPO, {
        number: s.issue.number,
        body: '/nightshift status',
        user: MAINTAINER
      })
    )
    expectOutcome(status, 'answered')
    const after = await s.comments()
    // The command itself and the answer.
    expect(after).toHaveLength(before.length + 2)
    const answer = after[after.length - 1]!
    expect(answer.login).not.toBe(MAINTAINER)
    expect(answer.body).toContain('**nightshift status:**')
    expect(answer.body).toContain('- Phase: finished (`success`)')
    expect(answer.body).toMatch(/^- Attempts: 1 of 4$/m)
    expect(answer.body).toContain(`[#${pull!.number}](${pull!.html_url})`)
    expect(s.fixer.prompts).toHaveLength(1)

    // `/nightshift <request>` on the pull request: a new round on the same branch, same pull request.
    const request = 'also explain the rounding in a comment'
    const logged = (await s.exchanges()).length
    const round = await s.run(
      'issue_comment',
      await commentEvent(s.emulator, REPO, {
        number: pull!.number,
        body: `/nightshift ${request}`,
        user: MAINTAINER
      })
    )
    expectOutcome(round, 'success')
    expect(round.outputs.branch).toBe(branch)
    expect(s.fixer.prompts).toHaveLength(2)
    expect(s.fixer.prompts[1]).toContain(request)

    const pulls = await s.pulls()
    expect(pulls.map(p => [p.number, p.head])).toEqual([[pull!.number, branch]])
    expect(round.outputs['pull-request']).toBe(pull!.html_url)
    // The round updated the pull request it was asked on and opened none.
    const pullWrites = writes((await s.exchanges()).slice(logged))
      .filter(e => /\/pulls(\/\d+)?$/.test(e.path))
      .map(e => `${e.method} ${e.path.replace(/^.*\/pulls/, '/pulls')}`)
    expect(pullWrites).toContain(`PATCH /pulls/${pull!.number}`)
    expect(pullWrites).not.toContain('POST /pulls')
    const headAfter = (await s.remoteGit(['rev-parse', branch])).trim()
    expect(headAfter).not.toBe(headBefore)
    expect((await s.remoteGit(['rev-list', '--count', `${headBefore}..${headAfter}`])).trim()).toBe('1')
    expect(await s.remoteGit(['show', `${headAfter}:src/money.js`])).toContain(ROUNDING_COMMENT)

    // The round's check run continues the numbering: attempt 2 follows the first round's attempt 1.
    const checkRun = await s.checkRun(Number(round.outputs['check-run-id']))
    expect(checkRun.conclusion).toBe('success')
    expect(checkRun.head_sha).toBe(headAfter)
    expect(checkRun.state?.attempts.map(a => [a.attempt, a.ci?.outcome])).toEqual([
      [1, 'success'],
      [2, 'success']
    ])
  })
})
