/**
 * End to end, `/nightshift fix-ci` on a human's pull request: CI fails on it, the agent's fix goes to
 * `agent/fix-<pr>-…` and a pull request into the human's branch once CI passes, the human's branch
 * untouched; a fork's pull request is refused with a comment and nothing else; with
 * `fix-ci-push: branch`, a human push while the agent works ends the round with `branch-moved` and
 * nothing overwritten.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { plainClient } from '../emulator/helpers.js'
import { commentEvent, workflowRunEvent } from './events.js'
import { expectOutcome, MAINTAINER, REPO, startScenario, writes, type Scenario } from './harness.js'

jest.setTimeout(240_000)

const [owner, repo] = REPO.split('/') as [string, string]
let scenario: Scenario | null = null
afterEach(async () => {
  await scenario?.close()
  scenario = null
})

/**
 * The maintainer's pull request: a README note on `branch`, made from main, whose tests still fail
 * (main carries the sample's rounding bug).
 */
async function humanPull(s: Scenario, branch: string): Promise<{ number: number; head: string }> {
  const main = (await s.remoteGit(['rev-parse', 'main'])).trim()
  const token = s.emulator.addToken({
    login: MAINTAINER,
    scopes: { contents: 'write', pull_requests: 'write' }
  })
  const gh = plainClient(s.emulator, token)
  await gh.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: main })
  const head = await s.emulator.pushToBranch(
    REPO,
    branch,
    { 'NOTES.md': 'Amounts are integer cents.\n' },
    'Note how amounts are kept'
  )
  const { data } = await gh.rest.pulls.create({
    owner,
    repo,
    head: branch,
    base: 'main',
    title: 'Note how amounts are kept',
    body: 'A short note for new contributors.'
  })
  return { number: data.number, head }
}

const fixCi = async (s: Scenario, number: number) =>
  commentEvent(s.emulator, REPO, { number, body: '/nightshift fix-ci', user: MAINTAINER })

describe('fix-ci', () => {
  test("on a human's pull request with a failing test: a fix pull request into that branch after CI passes", async () => {
    const s = (scenario = await startScenario(['right']))
    const human = await humanPull(s, 'notes')
    const result = await s.run('issue_comment', await fixCi(s, human.number))
    expectOutcome(result, 'success')
    const branch = result.outputs.branch!
    expect(branch).toMatch(new RegExp(`^agent/fix-${human.number}-note-how-amounts-are-kept$`))

    // The first attempt started from the pull request's failing CI.
    expect(s.fixer.prompts).toHaveLength(1)
    expect(s.fixer.prompts[0]).toContain("CI failed on the pull request's head")
    expect(s.fixer.prompts[0]).toContain('parses one decimal digit as tenths')
    expect(s.fixer.prompts[0]).toContain('A short note for new contributors.')

    // A pull request from the fix branch into the human's branch; the human's branch did not move.
    const pulls = (await s.client.rest.pulls.list({ owner, repo, state: 'all' })).data
    const fix = pulls.find(p => p.head.ref === branch)
    expect(fix?.base.ref).toBe('notes')
    expect(result.outputs['pull-request']).toBe(fix?.html_url)
    expect((await s.remoteGit(['rev-parse', 'notes'])).trim()).toBe(human.head)
    const fixHead = (await s.remoteGit(['rev-parse', branch])).trim()
    expect((await s.remoteGit(['merge-base', '--is-ancestor', human.head, fixHead])).trim()).toBe('')
    const checkRun = await s.checkRun(Number(result.outputs['check-run-id']))
    expect(checkRun).toMatchObject({ conclusion: 'success', head_sha: fixHead })

    // The human's pull request says where the fix is.
    const said = (await s.comments(human.number)).map(c => c.body)
    expect(said.some(b => b.includes(fix!.html_url))).toBe(true)
    expect(s.emulator.violations()).toEqual([])
  })

  test('a failed CI run on a labelled pull request (workflow_run): the same round, reading that run instead of dispatching', async () => {
    const s = (scenario = await startScenario(['right']))
    const human = await humanPull(s, 'notes')
    s.emulator.addLabel(REPO, human.number, 'agent-ok', MAINTAINER)
    // The pull request's own CI run, as a push would start it; it fails on the sample's rounding bug.
    await s.client.rest.actions.createWorkflowDispatch({ owner, repo, workflow_id: 'ci.yml', ref: 'notes' })
    await s.emulator.idle()
    const [failed] = (await s.client.rest.actions.listWorkflowRunsForRepo({ owner, repo, branch: 'notes' }))
      .data.workflow_runs
    expect(failed).toMatchObject({ conclusion: 'failure', head_sha: human.head })
    const event = await workflowRunEvent(s.emulator, REPO, {
      runId: failed!.id,
      pull: human.number,
      sender: MAINTAINER
    })
    const logged = (await s.exchanges()).length
    const result = await s.run('workflow_run', event)
    expectOutcome(result, 'success')
    expect(s.fixer.prompts[0]).toContain('parses one decimal digit as tenths')
    // The failed run was read, not run again: every dispatch went to the fix branch.
    const dispatched = writes((await s.exchanges()).slice(logged))
      .filter(e => e.path.endsWith('/dispatches'))
      .map(e => (e.request as { ref: string }).ref)
    expect(dispatched.length).toBeGreaterThan(0)
    expect(dispatched.every(ref => ref === result.outputs.branch)).toBe(true)
    const fix = (await s.client.rest.pulls.list({ owner, repo })).data.find(
      p => p.head.ref === result.outputs.branch
    )
    expect(fix?.base.ref).toBe('notes')
  })

  test("on a fork's pull request: refused with a comment, nothing else written", async () => {
    const s = (scenario = await startScenario(['right']))
    const human = await humanPull(s, 'from-fork')
    s.emulator.repo(REPO).pulls.get(human.number)!.headRepo = 'mallory/tinyledger'
    const event = await fixCi(s, human.number)
    const logged = (await s.exchanges()).length
    const result = await s.run('issue_comment', event)
    expectOutcome(result, 'refused')
    const written = writes((await s.exchanges()).slice(logged)).map(e => `${e.method} ${e.path}`)
    expect(written).toEqual([`POST /repos/${REPO}/issues/${human.number}/comments`])
    const last = (await s.comments(human.number)).at(-1)!
    expect(last.body).toContain('lives in a fork')
    expect(s.fixer.prompts).toHaveLength(0)
    expect(await s.branches()).not.toContain(expect.stringMatching(/^agent\//))
  })

  test('`fix-ci-push: branch`, and the human pushes while the agent works: branch-moved, nothing overwritten', async () => {
    let humanPush: string | null = null
    const s = (scenario = await startScenario(['right'], async (attempt, _prompt, sc) => {
      if (attempt === 1)
        humanPush = await sc.emulator.pushToBranch(
          REPO,
          'notes',
          { 'NOTES.md': 'Cents, always.\n' },
          'Reword'
        )
    }))
    const human = await humanPull(s, 'notes')
    const result = await s.run('issue_comment', await fixCi(s, human.number), {
      inputs: { 'fix-ci-push': 'branch' }
    })
    expectOutcome(result, 'escalated')
    expect(result.outputs.reason).toBe('branch-moved')
    expect(result.outputs.branch).toBe('notes')
    // The human's commit is the head; the agent's commit never reached the branch.
    expect(humanPush).not.toBeNull()
    expect((await s.remoteGit(['rev-parse', 'notes'])).trim()).toBe(humanPush)
    expect((await s.remoteGit(['log', '--format=%an', 'notes'])).split('\n')).not.toContain('nightshift')
    expect(await s.branches()).not.toContain(expect.stringMatching(/^agent\//))
    // The pull request keeps its own title and body, and no second pull request was opened.
    const pulls = (await s.client.rest.pulls.list({ owner, repo, state: 'all' })).data
    expect(pulls.map(p => [p.number, p.title, p.body])).toEqual([
      [human.number, 'Note how amounts are kept', 'A short note for new contributors.']
    ])
  })
})
