/**
 * The review endpoints, through a real Octokit client and checked against GitHub's OpenAPI description:
 * a review with inline comments on lines of the pull request's diff (each with the hunk up to its line),
 * its comments listed, a reply joining a thread, and a line outside the diff refused.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { hunkUpTo } from './routes/reviews.js'
import { plainClient } from './helpers.js'
import { SAMPLE_MAINTAINER, SAMPLE_REPOSITORY, startSampleEmulator } from './sample.js'
import type { Emulator } from './server.js'

const o = { owner: 'octo', repo: 'tinyledger' }
let emulator: Emulator

beforeAll(async () => {
  ;({ emulator } = await startSampleEmulator())
})

afterAll(async () => {
  await emulator?.close()
})

describe('pull request reviews', () => {
  test('a review with two inline comments, listed, answered in a thread; a line outside the diff is refused', async () => {
    const gh = plainClient(emulator)
    const main = await gh.rest.git.getRef({ ...o, ref: 'heads/main' })
    await gh.rest.git.createRef({ ...o, ref: 'refs/heads/feature', sha: main.data.object.sha })
    const money = (await gh.rest.repos.getContent({ ...o, path: 'src/money.js' })).data as { content: string }
    const text = Buffer.from(money.content, 'base64').toString('utf8')
    await emulator.pushToBranch(
      SAMPLE_REPOSITORY,
      'feature',
      {
        'src/money.js': text.replace(
          '* 100 + Number(m[3] ?? 0)',
          "* 100 + Number((m[3] ?? '').padEnd(2, '0'))"
        )
      },
      'Pad the fraction'
    )
    const pr = await gh.rest.pulls.create({ ...o, head: 'feature', base: 'main', title: 'Pad' })
    const reviewer = emulator.addToken({ login: SAMPLE_MAINTAINER, scopes: { pull_requests: 'write' } })
    const rv = plainClient(emulator, reviewer)
    const review = await rv.rest.pulls.createReview({
      ...o,
      pull_number: pr.data.number,
      event: 'REQUEST_CHANGES',
      body: 'Two things.',
      comments: [
        { path: 'src/money.js', line: 7, body: 'Explain the padding.' },
        { path: 'src/money.js', line: 5, start_line: 4, body: 'Name the groups.' }
      ]
    })
    expect(review.data).toMatchObject({ state: 'CHANGES_REQUESTED', user: { login: SAMPLE_MAINTAINER } })

    const comments = await gh.rest.pulls.listCommentsForReview({
      ...o,
      pull_number: pr.data.number,
      review_id: review.data.id
    })
    expect(comments.data.map(c => [c.path, c.body])).toEqual([
      ['src/money.js', 'Explain the padding.'],
      ['src/money.js', 'Name the groups.']
    ])
    expect(comments.data[0]!.diff_hunk).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@/)
    expect(comments.data[0]!.diff_hunk.split('\n').at(-1)).toContain("padEnd(2, '0')")
    expect(comments.data[1]!.diff_hunk.split('\n').at(-1)).toContain('const m =')

    const reply = await gh.rest.pulls.createReplyForReviewComment({
      ...o,
      pull_number: pr.data.number,
      comment_id: comments.data[0]!.id,
      body: 'Done.'
    })
    expect(reply.status).toBe(201)
    expect(reply.data.in_reply_to_id).toBe(comments.data[0]!.id)
    const all = await gh.rest.pulls.listReviewComments({ ...o, pull_number: pr.data.number })
    expect(all.data.map(c => c.in_reply_to_id ?? null)).toEqual([null, null, comments.data[0]!.id])

    await expect(
      rv.rest.pulls.createReview({
        ...o,
        pull_number: pr.data.number,
        event: 'COMMENT',
        comments: [{ path: 'README.md', line: 1, body: 'Not in the diff.' }]
      })
    ).rejects.toMatchObject({ status: 422 })
    expect(emulator.violations()).toEqual([])
  })

  test('hunkUpTo cuts the hunk at the new-side line and answers null outside it', () => {
    const diff = ['diff --git a/x b/x', '@@ -1,3 +1,3 @@', ' a', '-b', '+B', ' c'].join('\n')
    expect(hunkUpTo(diff, 2)).toBe(['@@ -1,3 +1,3 @@', ' a', '-b', '+B'].join('\n'))
    expect(hunkUpTo(diff, 9)).toBeNull()
  })
})
