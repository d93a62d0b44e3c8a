/**
 * GitHub's issue endpoints serve pull requests by number: the issue object carries `pull_request`, and
 * a pull request's conversation is issue comments on its number. Every exchange here is validated
 * against the OpenAPI subset (`close()` throws on a violation).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { plainClient } from './helpers.js'
import { SAMPLE_MAINTAINER, SAMPLE_REPOSITORY, startSampleEmulator } from './sample.js'
import type { Emulator } from './server.js'
import type { Issue } from './model.js'

const o = { owner: 'octo', repo: 'tinyledger' }
let emulator: Emulator
let issue: Issue

beforeAll(async () => {
  ;({ emulator, issue } = await startSampleEmulator())
})

afterAll(async () => {
  await emulator?.close()
})

async function openPull(gh: ReturnType<typeof plainClient>): Promise<number> {
  const main = await gh.rest.git.getRef({ ...o, ref: 'heads/main' })
  const next = await emulator.pushToDefault(SAMPLE_REPOSITORY, { 'NOTES.md': 'x\n' }, 'Notes')
  await gh.rest.git.createRef({ ...o, ref: 'refs/heads/agent/1-amounts', sha: next })
  await gh.rest.git.updateRef({ ...o, ref: 'heads/main', sha: main.data.object.sha, force: true })
  const pr = await gh.rest.pulls.create({ ...o, head: 'agent/1-amounts', base: 'main', title: 'Fix amounts' })
  return pr.data.number
}

describe('pull requests through the issue endpoints', () => {
  test('get, comment, list comments and label a pull request by its number; issues stay plain', async () => {
    const gh = plainClient(emulator)
    const n = await openPull(gh)
    expect(n).toBe(issue.number + 1)

    const asIssue = await gh.rest.issues.get({ ...o, issue_number: n })
    expect(asIssue.data).toMatchObject({
      number: n,
      title: 'Fix amounts',
      state: 'open',
      comments: 0,
      html_url: `${emulator.serverUrl}/${SAMPLE_REPOSITORY}/pull/${n}`,
      pull_request: {
        url: `${emulator.apiUrl}/repos/${SAMPLE_REPOSITORY}/pulls/${n}`,
        html_url: `${emulator.serverUrl}/${SAMPLE_REPOSITORY}/pull/${n}`,
        diff_url: `${emulator.serverUrl}/${SAMPLE_REPOSITORY}/pull/${n}.diff`
      }
    })
    const plain = await gh.rest.issues.get({ ...o, issue_number: issue.number })
    expect(plain.data.pull_request).toBeUndefined()
    expect(plain.data.html_url).toBe(`${emulator.serverUrl}/${SAMPLE_REPOSITORY}/issues/${issue.number}`)
    await expect(gh.rest.issues.get({ ...o, issue_number: n + 1 })).rejects.toMatchObject({ status: 404 })

    // A comment through the API and one from the control helper land on the pull request's number.
    const created = await gh.rest.issues.createComment({ ...o, issue_number: n, body: 'Looks right' })
    expect(created.data.html_url).toBe(
      `${emulator.serverUrl}/${SAMPLE_REPOSITORY}/pull/${n}#issuecomment-${created.data.id}`
    )
    const id = emulator.comment(SAMPLE_REPOSITORY, n, '/nightshift also test 0.5', SAMPLE_MAINTAINER)
    const listed = await gh.rest.issues.listComments({ ...o, issue_number: n })
    expect(listed.data.map(c => [c.id, c.body, c.issue_url])).toEqual([
      [created.data.id, 'Looks right', asIssue.data.url],
      [id, '/nightshift also test 0.5', asIssue.data.url]
    ])
    expect((await gh.rest.issues.listComments({ ...o, issue_number: issue.number })).data).toEqual([])
    expect((await gh.rest.issues.get({ ...o, issue_number: n })).data.comments).toBe(2)
    expect((await gh.rest.pulls.get({ ...o, pull_number: n })).data.comments).toBe(2)

    // Labels too; the repository's issue list still leaves pull requests out (a documented difference).
    await gh.rest.issues.addLabels({ ...o, issue_number: n, labels: ['agent-ok'] })
    expect(
      (await gh.rest.issues.get({ ...o, issue_number: n })).data.labels.map(l =>
        typeof l === 'string' ? l : l.name
      )
    ).toEqual(['agent-ok'])
    const all = await gh.rest.issues.listForRepo({ ...o, state: 'all' })
    expect(all.data.map(i => i.number)).toEqual([issue.number])

    // Closing the pull request closes its issue view: one record, not two to keep in step.
    await gh.rest.pulls.update({ ...o, pull_number: n, state: 'closed' })
    expect((await gh.rest.issues.get({ ...o, issue_number: n })).data.state).toBe('closed')
    emulator.assertClean()
  })
})
