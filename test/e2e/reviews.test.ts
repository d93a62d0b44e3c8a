/**
 * End to end, review rounds on the agent's pull request: a reader's review changes nothing on GitHub;
 * a writer's review requesting changes with two inline comments runs one round on the same branch,
 * updates the same pull request, and answers both threads — the comment whose lines the round changed
 * as addressed in the new head, the other as not addressed, saying why.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { plainClient } from '../emulator/helpers.js'
import { reviewEvent } from './events.js'
import { ROUNDING_COMMENT } from './fixer.js'
import { expectOutcome, MAINTAINER, REPO, startScenario, writes, type Scenario } from './harness.js'

jest.setTimeout(240_000)

const [owner, repo] = REPO.split('/') as [string, string]
let scenario: Scenario | null = null
afterEach(async () => {
  await scenario?.close()
  scenario = null
})

/** Submits a review as `login` (a token of their own) and returns the REST review object. */
async function review(
  s: Scenario,
  login: string,
  pull: number,
  body: string,
  comments: { path: string; line: number; body: string }[]
): Promise<Record<string, unknown>> {
  const token = s.emulator.addToken({ login, scopes: { pull_requests: 'write' } })
  const { data } = await plainClient(s.emulator, token).rest.pulls.createReview({
    owner,
    repo,
    pull_number: pull,
    event: 'REQUEST_CHANGES',
    body,
    comments
  })
  return data as unknown as Record<string, unknown>
}

describe('review rounds', () => {
  test("a reader's review writes nothing; a writer's review with two inline comments runs one round and answers both threads", async () => {
    const s = (scenario = await startScenario(['right', 'comment']))
    const first = await s.start()
    expectOutcome(first, 'success')
    const branch = first.outputs.branch!
    const [pull] = await s.pulls()
    const headBefore = (await s.remoteGit(['rev-parse', branch])).trim()

    // Someone with read access requests changes: ignored, and not one write reaches GitHub.
    s.emulator.addCollaborator(REPO, 'drive-by', 'read')
    const drive = await review(s, 'drive-by', pull!.number, 'Rewrite it all.', [
      { path: 'src/money.js', line: 7, body: 'Use floats instead.' }
    ])
    const beforeReader = (await s.exchanges()).length
    const ignored = await s.run(
      'pull_request_review',
      await reviewEvent(s.emulator, REPO, { number: pull!.number, review: drive, sender: 'drive-by' })
    )
    expectOutcome(ignored, 'ignored')
    expect(ignored.stdout).toContain('no-permission')
    expect(writes((await s.exchanges()).slice(beforeReader))).toEqual([])
    expect(s.fixer.prompts).toHaveLength(1)

    // The maintainer requests changes with two inline comments on the pull request's diff.
    const asked = await review(s, MAINTAINER, pull!.number, 'Two things before this can merge.', [
      { path: 'src/money.js', line: 4, body: 'Explain the rounding above parseAmount.' },
      { path: 'src/money.js', line: 8, body: 'Also handle negative zero here.' }
    ])
    const threads = (
      await s.client.rest.pulls.listCommentsForReview({
        owner,
        repo,
        pull_number: pull!.number,
        review_id: Number(asked.id)
      })
    ).data
    expect(threads).toHaveLength(2)
    const logged = (await s.exchanges()).length
    const round = await s.run(
      'pull_request_review',
      await reviewEvent(s.emulator, REPO, { number: pull!.number, review: asked, sender: MAINTAINER })
    )
    expectOutcome(round, 'success')
    expect(round.outputs.branch).toBe(branch)

    // One round: one more prompt, quoting the review and both comments with their places and ids.
    expect(s.fixer.prompts).toHaveLength(2)
    const prompt = s.fixer.prompts[1]!
    expect(prompt).toContain('Two things before this can merge.')
    expect(prompt).toContain(`Comment ${threads[0]!.id} on \`src/money.js\` line 4:`)
    expect(prompt).toContain(`Comment ${threads[1]!.id} on \`src/money.js\` line 8:`)
    expect(prompt).toContain('Also handle negative zero here.')

    // The same pull request, updated: no second one, and one new commit on the same branch.
    expect((await s.pulls()).map(p => [p.number, p.head])).toEqual([[pull!.number, branch]])
    const pullWrites = writes((await s.exchanges()).slice(logged))
      .filter(e => /\/pulls(\/\d+)?$/.test(e.path))
      .map(e => `${e.method} ${e.path.replace(/^.*\/pulls/, '/pulls')}`)
    expect(pullWrites).toContain(`PATCH /pulls/${pull!.number}`)
    expect(pullWrites).not.toContain('POST /pulls')
    const headAfter = (await s.remoteGit(['rev-parse', branch])).trim()
    expect((await s.remoteGit(['rev-list', '--count', `${headBefore}..${headAfter}`])).trim()).toBe('1')
    expect(await s.remoteGit(['show', `${headAfter}:src/money.js`])).toContain(ROUNDING_COMMENT)

    // A reply in each thread: the first names the new head, the second says it was not addressed and why.
    const all = (await s.client.rest.pulls.listReviewComments({ owner, repo, pull_number: pull!.number }))
      .data
    const replyTo = (id: number) => all.filter(c => c.in_reply_to_id === id).map(c => c.body)
    expect(replyTo(threads[0]!.id)).toEqual([expect.stringContaining(`addressed in ${headAfter}`)])
    expect(replyTo(threads[0]!.id)[0]).not.toContain('not addressed')
    expect(replyTo(threads[1]!.id)).toEqual([
      expect.stringContaining(
        `not addressed in ${headAfter}: no change in this round touched \`src/money.js\` line 8`
      )
    ])
    expect(s.emulator.violations()).toEqual([])
  })
})
