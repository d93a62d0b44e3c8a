/**
 * End to end, the bundled action against the local GitHub: the runs that end in a pull request, and
 * what must not happen around them (a second run for a re-delivered event, a protected path pushed).
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { FAILING_TEST } from './fixer.js'
import { expectOutcome, REPO, startScenario, writes, type Scenario } from './harness.js'

jest.setTimeout(180_000)
const [OWNER, NAME] = REPO.split('/') as [string, string]

let scenario: Scenario | null = null
afterEach(async () => {
  await scenario?.close()
  scenario = null
})

describe('success', () => {
  test('one attempt: a pull request that closes the issue, a comment linking it, a green check run; a re-delivered event starts nothing', async () => {
    const s = (scenario = await startScenario(['right']))
    const result = await s.start()
    expectOutcome(result, 'success')
    expect(result.outputs.attempts).toBe('1')
    expect(result.outputs.branch).toMatch(/^agent\/1-amounts-with-one-decimal-digit/)
    expect(Number(result.outputs.tokens)).toBeGreaterThan(0)
    expect(Number(result.outputs['cost-usd'])).toBeGreaterThan(0)

    const pulls = await s.pulls()
    expect(pulls).toHaveLength(1)
    expect(pulls[0]!.head).toBe(result.outputs.branch)
    expect(pulls[0]!.body).toContain(`Closes #${s.issue.number}`)
    // git's measure of the change, not only the agent's account of it.
    expect(pulls[0]!.body).toMatch(/\*\*Files changed \(1\), \+\d+ −\d+:\*\*/)
    expect(pulls[0]!.body).toMatch(/\| `src\/money\.js` \| \+\d+ \| −\d+ \|/)
    expect(result.outputs['pull-request']).toBe(pulls[0]!.html_url)
    const comments = await s.comments()
    expect(comments.filter(c => c.body.includes(pulls[0]!.html_url))).toHaveLength(1)

    const checkRun = await s.checkRun(Number(result.outputs['check-run-id']))
    expect({ status: checkRun.status, conclusion: checkRun.conclusion }).toEqual({
      status: 'completed',
      conclusion: 'success'
    })
    expect(checkRun.state?.outcome).toBe('success')
    expect(checkRun.state?.finalCi?.outcome).toBe('success')
    // The check run belongs to the pull request's head.
    const { data: ref } = await s.client.rest.git.getRef({
      owner: OWNER,
      repo: NAME,
      ref: `heads/${result.outputs.branch!}`
    })
    expect(checkRun.head_sha).toBe(ref.object.sha)
    // No check run ever landed on the default branch's head: one per pushed head, none superseded.
    const main = (await s.remoteGit(['rev-parse', 'main'])).trim()
    const { data: onMain } = await s.client.rest.checks.listForRef({ owner: OWNER, repo: NAME, ref: main })
    // (The base's own CI run, dispatched on main before attempt 1, has its job check runs there.)
    expect(onMain.check_runs.filter(r => r.name === 'nightshift')).toEqual([])
    expect(result.summary).toContain('nightshift')
    expect(result.outputs).toMatchObject({
      reason: 'green',
      'pull-request-number': String(pulls[0]!.number),
      'head-sha': ref.object.sha,
      'check-run-url': checkRun.html_url
    })

    // The same `assigned` delivery again: nothing new starts, nothing is written.
    const before = (await s.exchanges()).length
    const again = await s.run('issues', await s.assignedPayload())
    expectOutcome(again, 'ignored')
    expect(await s.pulls()).toHaveLength(1)
    expect(await s.comments()).toHaveLength(comments.length)
    expect(writes((await s.exchanges()).slice(before))).toEqual([])
    expect(s.fixer.prompts).toHaveLength(1)
  })

  test('after a failed attempt: the second prompt names the failing test, and the second attempt opens the pull request', async () => {
    const s = (scenario = await startScenario(['wrong', 'right']))
    const result = await s.start()
    expectOutcome(result, 'success')
    expect(result.outputs.attempts).toBe('2')
    expect(s.fixer.prompts).toHaveLength(2)
    expect(s.fixer.prompts[0]).not.toContain(FAILING_TEST)
    expect(s.fixer.prompts[1]).toContain(FAILING_TEST)

    const checkRun = await s.checkRun(Number(result.outputs['check-run-id']))
    expect(checkRun.conclusion).toBe('success')
    expect(checkRun.state?.attempts.map(a => [a.attempt, a.ci?.outcome])).toEqual([
      [1, 'failure'],
      [2, 'success']
    ])
    expect(checkRun.state?.attempts[0]?.ci?.failures.map(f => f.test)).toContain(FAILING_TEST)
    expect(await s.pulls()).toHaveLength(1)
  })

  test('protected-path edits (by edit_file, then by a shell command) are refused before push and never reach the remote; the next attempt succeeds', async () => {
    const s = (scenario = await startScenario(['workflow', 'workflow-shell', 'right']))
    const original = await readCi(s, 'main')
    const result = await s.start()
    expectOutcome(result, 'success')
    expect(result.outputs.attempts).toBe('3')
    const checkRun = await s.checkRun(Number(result.outputs['check-run-id']))
    const [byTool, byShell] = checkRun.state?.attempts ?? []
    // edit_file refuses the path itself, so that attempt changes nothing...
    expect(byTool?.ci).toBeNull()
    expect(byTool?.problem).toBeTruthy()
    // ...a command writes the file anyway, and the guard refuses the diff before push.
    expect(byShell?.ci).toBeNull()
    expect(byShell?.problem ?? '').toMatch(/\.github\/workflows\/ci\.yml/)
    expect(s.fixer.prompts[2]).toMatch(/protected|\.github\/workflows/)
    // The workflow file on the agent branch is main's, and no commit the remote holds outside main
    // ever touched it (the refused attempt was never pushed, to any ref).
    expect(await readCi(s, result.outputs.branch!)).toBe(original)
    const touched = await s.remoteGit([
      'log',
      '--all',
      '--not',
      'main',
      '--format=%H',
      '--',
      '.github/workflows/ci.yml'
    ])
    expect(touched.trim()).toBe('')
    const onBranch = await s.remoteGit(['log', '--format=%H', `main..${result.outputs.branch!}`])
    expect(onBranch.trim().split('\n')).toHaveLength(1)
  })
})

async function readCi(s: Scenario, ref: string): Promise<string> {
  const { data } = await s.client.rest.repos.getContent({
    owner: OWNER,
    repo: NAME,
    path: '.github/workflows/ci.yml',
    ref
  })
  if (Array.isArray(data) || data.type !== 'file')
    throw new Error(`.github/workflows/ci.yml at ${ref} is not a file`)
  return Buffer.from(data.content, 'base64').toString('utf8')
}
