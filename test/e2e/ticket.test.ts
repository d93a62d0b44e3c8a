/**
 * End to end, a `repository_dispatch` ticket from another tool: the action opens an issue for it (the
 * branch, the comments and the pull request need one) with the ticket's labels and the trigger label,
 * then treats it like any labelled issue: refused when its labels ask for a design decision, else run
 * to a pull request.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { repositoryDispatchEvent } from './events.js'
import { expectOutcome, MAINTAINER, REPO, startScenario, writes, type Scenario } from './harness.js'

jest.setTimeout(180_000)

let scenario: Scenario | null = null
afterEach(async () => {
  await scenario?.close()
  scenario = null
})

async function ticket(s: Scenario, clientPayload: Record<string, unknown>) {
  const payload = await repositoryDispatchEvent(s.emulator, REPO, {
    eventType: 'nightshift-ticket',
    clientPayload,
    sender: MAINTAINER
  })
  const before = (await s.exchanges()).length
  const result = await s.run('repository_dispatch', payload)
  return { result, during: (await s.exchanges()).slice(before) }
}

describe('repository_dispatch ticket', () => {
  test('opens an issue with its labels and the trigger label; a design label alone refuses it there', async () => {
    const s = (scenario = await startScenario(['right']))
    // A plain bug report: only the label says it needs a design decision.
    const { result, during } = await ticket(s, {
      title: s.issue.title,
      body: s.issue.body ?? '',
      labels: ['needs-design']
    })
    expectOutcome(result, 'refused')
    const opened = writes(during).filter(e => e.method === 'POST' && e.path === `/repos/${REPO}/issues`)
    expect(opened).toHaveLength(1)
    const number = (opened[0]!.response as { number: number }).number
    expect(number).not.toBe(s.issue.number)
    expect((await s.labels(number)).sort()).toEqual(['agent-ok', 'needs-design'])
    const comments = await s.comments(number)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.body).toMatch(/needs-design/)
    expect(await s.branches()).toEqual(['main'])
    expect(s.fixer.prompts).toEqual([])
  })

  test('a plain ticket runs like a labelled issue, to a pull request that closes the issue opened for it', async () => {
    const s = (scenario = await startScenario(['right']))
    const { result, during } = await ticket(s, { title: s.issue.title, body: s.issue.body ?? '' })
    expectOutcome(result, 'success')
    const opened = writes(during).find(e => e.method === 'POST' && e.path === `/repos/${REPO}/issues`)!
    const number = (opened.response as { number: number }).number
    expect(await s.labels(number)).toEqual(['agent-ok'])
    expect(result.outputs.branch).toMatch(new RegExp(`^agent/${number}-`))
    const [pull] = await s.pulls()
    expect(pull!.head).toBe(result.outputs.branch)
    expect(pull!.body).toContain(`#${number}`)
  })
})
