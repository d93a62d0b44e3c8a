/**
 * End to end, judging exactly what is published, and one loop per issue: someone pushes to the agent
 * branch while CI runs (after the full CI was dispatched; between the push and the dispatch), and the
 * same event arrives twice at once, then once more after the loop. Through the bundled action.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { expectOutcome, logOf, REPO, startScenario, type Scenario } from './harness.js'
import { attemptTrailers, leaseMessage, onLines, openCheckRuns } from './jobs.js'

jest.setTimeout(180_000)

let scenario: Scenario | null = null
afterEach(async () => {
  await scenario?.close()
  scenario = null
})

const FAILING_OUTSIDE_TEST = `import { test } from 'node:test'
import assert from 'node:assert/strict'
import { formatAmount } from '../src/money.js'

test('formats thousands with a separator', () => {
  assert.equal(formatAmount(123456), '1,234.56')
})
`

describe('no pull request on a commit CI did not judge', () => {
  test('a failing test pushed after the full CI was dispatched: the branch check catches it, the outside commit is judged and handed back', async () => {
    const s = (scenario = await startScenario(['right']))
    let outside = ''
    let branch = ''
    const payload = await s.assign()
    const result = await s.run('issues', payload, {
      onOutput: onLines(
        [/^Pushed \w+ to (agent\/\S+)/, m => void (branch = m[1]!)],
        [
          /^CI \(full\) dispatched/,
          async () => {
            // The branch check before publishing is slow to answer, so the outside push lands first.
            s.emulator.faults.add({ kind: 'latency', route: 'GET /repos/*/*/git/ref/**', ms: 3000, times: 1 })
            outside = await s.emulator.pushToBranch(
              REPO,
              branch,
              { 'test/thousands.test.js': FAILING_OUTSIDE_TEST },
              'Add a test for thousands separators'
            )
          }
        ]
      )
    })
    expectOutcome(result, 'escalated')
    expect(outside).toMatch(/^[0-9a-f]{40}$/)
    expect(await s.pulls()).toEqual([])
    const checkRun = await s.checkRun(Number(result.outputs['check-run-id']))
    expect(checkRun).toMatchObject({ status: 'completed', conclusion: 'failure', head_sha: outside })
    expect(checkRun.state).toMatchObject({
      reason: 'branch-moved',
      finalCi: { scope: 'full', outcome: 'success' },
      outside: { sha: outside, ci: { outcome: 'failure', headSha: outside } }
    })
    expect(checkRun.state?.finalCi?.headSha).not.toBe(outside)
    const handBack = (await s.comments()).filter(c => c.login === 'github-actions[bot]')
    expect(handBack).toHaveLength(1)
    expect(handBack[0]!.body).toContain(outside.slice(0, 7))
    expect(handBack[0]!.body).toContain('formats thousands with a separator')
    expect(openCheckRuns(s)).toEqual([])
    expect(await attemptTrailers(s, branch)).toEqual(['1'])

    // The same event delivered again after that run is recognised as handled, not run a second time.
    const late = await s.run('issues', payload)
    expectOutcome(late, 'duplicate')
    expect(late.stdout).toMatch(/has handled it \(it ended escalated\)/)
    expect(s.fixer.prompts).toHaveLength(1)
  })

  test('an outside commit lands between the push and the dispatch: the run is matched by head_sha, and the pull request names the head CI judged', async () => {
    const s = (scenario = await startScenario(['right']))
    let outside = ''
    const result = await s.start({
      onOutput: onLines([
        /^Pushed \w+ to (agent\/\S+)/,
        async m => {
          // The dispatch is slow to reach GitHub; by then a maintainer has pushed a note on top.
          s.emulator.faults.add({
            kind: 'latency',
            route: 'actions/create-workflow-dispatch',
            ms: 3000,
            times: 1
          })
          outside = await s.emulator.pushToBranch(
            REPO,
            m[1]!,
            { 'NOTES.md': 'Amounts are stored in cents.\n' },
            'Note how amounts are stored'
          )
        }
      ])
    })
    expectOutcome(result, 'success')
    const checkRun = await s.checkRun(Number(result.outputs['check-run-id']))
    expect(checkRun.state?.attempts[0]?.ci).toMatchObject({ outcome: 'other_head', headSha: outside })
    expect(checkRun.state?.outside).toMatchObject({ sha: outside, ci: { outcome: 'success' } })
    const judged = checkRun.state!.finalCi!.headSha!
    expect(checkRun.head_sha).toBe(judged)
    const { data: pulls } = await s.client.rest.pulls.list({
      owner: 'octo',
      repo: 'tinyledger',
      state: 'all'
    })
    expect(pulls.map(p => p.head.sha)).toEqual([judged])
    // The published head holds the outside commit; the check run and the pull request name it.
    await s.remoteGit(['merge-base', '--is-ancestor', outside, judged])
    expect(checkRun.summary).toContain(judged.slice(0, 7))
    expect(pulls[0]!.body).toContain(judged.slice(0, 7))
    expect(openCheckRuns(s)).toEqual([])
  })
})

describe('one loop per issue', () => {
  test('the same event twice at once: one loop; the other run ends `duplicate`, exit 0, before spending anything', async () => {
    const s = (scenario = await startScenario(['right']))
    const payload = await s.assign()
    const [a, b] = await Promise.all([s.run('issues', payload), s.run('issues', payload)])
    const outcomes = [a.outputs.outcome, b.outputs.outcome].sort()
    if (outcomes.join() !== 'duplicate,success') throw new Error(`${logOf(a)}\n----\n${logOf(b)}`)
    const dup = a.outputs.outcome === 'duplicate' ? a : b
    expect(dup.code).toBe(0)
    expect(dup.stdout).toMatch(
      /::notice title=Duplicate nightshift run::#1 is already being worked on by workflow run/
    )
    expect(dup.outputs['check-run-id']).toBeUndefined()
    expect(s.fixer.prompts).toHaveLength(1)
    expect(await s.pulls()).toHaveLength(1)
    // One comment: the pull request link; no hand-back from a losing loop.
    expect((await s.comments()).filter(c => c.login === 'github-actions[bot]')).toHaveLength(1)
    expect(openCheckRuns(s)).toEqual([])
    expect(await leaseMessage(s)).toMatch(/Nightshift-Lease-Outcome: success/)
  })
})
