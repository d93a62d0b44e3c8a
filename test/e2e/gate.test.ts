/**
 * End to end, who may start or stop a run: a `/nightshift run` from a reader is ignored without a
 * single write, an issue that needs a human decision is refused, and a maintainer's `/nightshift stop`
 * ends a running loop.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { commentEvent, issuesEvent } from './events.js'
import { BOT, expectOutcome, MAINTAINER, REPO, startScenario, writes, type Scenario } from './harness.js'

jest.setTimeout(180_000)

let scenario: Scenario | null = null
afterEach(async () => {
  await scenario?.close()
  scenario = null
})

describe('gate', () => {
  test('`/nightshift run` from a user with read access is ignored, and the action writes nothing', async () => {
    const s = (scenario = await startScenario(['right']))
    s.emulator.addCollaborator(REPO, 'rita-reader', 'read')
    s.emulator.addLabel(REPO, s.issue.number, 'agent-ok', MAINTAINER)
    const payload = await commentEvent(s.emulator, REPO, {
      number: s.issue.number,
      body: '/nightshift run',
      user: 'rita-reader'
    })
    const before = (await s.exchanges()).length
    const result = await s.run('issue_comment', payload)
    expectOutcome(result, 'ignored')
    const during = (await s.exchanges()).slice(before)
    // It did look the commenter up (so the refusal is the permission check, not a parse failure)...
    expect(during.some(e => e.path.includes('/collaborators/rita-reader/permission'))).toBe(true)
    // ...and wrote nothing: no comment, no branch, no check run, no label.
    expect(writes(during)).toEqual([])
    expect(await s.branches()).toEqual(['main'])
    expect(s.fixer.prompts).toEqual([])
    expect(result.stdout).toMatch(/rita-reader/)
  })

  test("a writer's malformed command is answered with what is accepted; a reader's gets no reply", async () => {
    const s = (scenario = await startScenario(['right']))
    s.emulator.addCollaborator(REPO, 'rita-reader', 'read')
    const before = (await s.exchanges()).length
    const typo = await s.run(
      'issue_comment',
      await commentEvent(s.emulator, REPO, {
        number: s.issue.number,
        body: '/nightshift run now please',
        user: MAINTAINER
      })
    )
    expectOutcome(typo, 'answered')
    const replies = writes((await s.exchanges()).slice(before))
    // One reply on the issue, nothing else: no branch, no check run, no label.
    expect(replies.map(e => `${e.method} ${e.path}`)).toEqual([
      `POST /repos/${REPO}/issues/${s.issue.number}/comments`
    ])
    const reply = (await s.comments()).at(-1)!
    expect(reply.login).not.toBe(MAINTAINER)
    expect(reply.body).toContain(`@${MAINTAINER} nightshift did not act on this comment`)
    expect(reply.body).toContain('/nightshift run --force')
    expect(await s.branches()).toEqual(['main'])

    const quiet = (await s.exchanges()).length
    const reader = await s.run(
      'issue_comment',
      await commentEvent(s.emulator, REPO, {
        number: s.issue.number,
        body: '/nightshift run now please',
        user: 'rita-reader'
      })
    )
    expectOutcome(reader, 'ignored')
    expect(writes((await s.exchanges()).slice(quiet))).toEqual([])
    expect(s.fixer.prompts).toEqual([])
  })

  test('an issue that needs a design decision (`rfc`) is refused with a comment, and no branch is made', async () => {
    const s = (scenario = await startScenario(['right']))
    const rfc = s.emulator.createIssue(REPO, {
      title: 'RFC: switch the ledger to a double-entry model',
      body: 'We should decide whether balances are derived from postings or stored. Which approach do we want?',
      user: MAINTAINER,
      labels: ['rfc']
    })
    s.emulator.addLabel(REPO, rfc.number, 'agent-ok', MAINTAINER)
    s.emulator.assign(REPO, rfc.number, BOT, MAINTAINER)
    const payload = await issuesEvent(s.emulator, REPO, {
      action: 'assigned',
      number: rfc.number,
      sender: MAINTAINER,
      assignee: BOT
    })
    const result = await s.run('issues', payload)
    expectOutcome(result, 'refused')
    const comments = await s.comments(rfc.number)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.body).toMatch(/rfc/i)
    expect(await s.branches()).toEqual(['main'])
    expect(await s.pulls()).toEqual([])
    expect(s.fixer.prompts).toEqual([])
  })

  test('`/nightshift stop` from the maintainer while attempt 2 runs: the loop stops, outcome stopped', async () => {
    const s = (scenario = await startScenario(['wrong', 'break-format', 'right'], (attempt, _prompt, sc) => {
      if (attempt === 2) sc.emulator.comment(REPO, sc.issue.number, '/nightshift stop', MAINTAINER)
    }))
    const result = await s.start()
    expectOutcome(result, 'stopped')
    expect(result.outputs.attempts).toBe('2')
    expect(s.fixer.prompts).toHaveLength(2)
    expect(await s.pulls()).toEqual([])
    const checkRun = await s.checkRun(Number(result.outputs['check-run-id']))
    expect(checkRun.status).toBe('completed')
    expect(checkRun.conclusion).not.toBe('success')
    expect(checkRun.state?.outcome).toBe('stopped')
    // The work stays on the branch for a later retry.
    expect(await s.branches()).toContain(result.outputs.branch!)
  })
})
