/**
 * End to end, the runs that hand the issue back to a human: the attempt budget spent, no progress,
 * and a rebase conflict with a default branch that changed the same line.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { expectOutcome, REPO, startScenario, type Scenario } from './harness.js'

jest.setTimeout(180_000)

let scenario: Scenario | null = null
afterEach(async () => {
  await scenario?.close()
  scenario = null
})

async function expectHandBack(s: Scenario, checkRunId: number) {
  const labels = await s.labels()
  expect(labels).toContain('agent-escalated')
  expect(await s.pulls()).toEqual([])
  const checkRun = await s.checkRun(checkRunId)
  expect(checkRun.status).toBe('completed')
  expect(checkRun.conclusion).not.toBe('success')
  const handBacks = (await s.comments()).filter(c => c.login === 'github-actions[bot]')
  expect(handBacks).toHaveLength(1)
  return { checkRun, comment: handBacks[0]!.body }
}

describe('hand-back', () => {
  test('the attempt budget runs out: escalated, a hand-back comment with the branch, the label, no pull request', async () => {
    const s = (scenario = await startScenario(['wrong', 'break-format']))
    const result = await s.start({ inputs: { 'max-attempts': '2' } })
    expectOutcome(result, 'escalated')
    expect(result.outputs.attempts).toBe('2')
    expect(result.outputs['pull-request']).toBeUndefined()
    const { checkRun, comment } = await expectHandBack(s, Number(result.outputs['check-run-id']))
    expect(checkRun.state?.reason).toBe('max-attempts')
    expect(comment).toContain(result.outputs.branch!)
    // The diagnosis carries the last attempt's failure.
    expect(comment).toContain('formats cents')
    expect(s.fixer.prompts).toHaveLength(2)
  })

  test('no progress without an escalation model: stops after two attempts with the same failures', async () => {
    const s = (scenario = await startScenario(['wrong', 'wrong', 'wrong']))
    const result = await s.start()
    expectOutcome(result, 'escalated')
    expect(result.outputs.attempts).toBe('2')
    const { checkRun } = await expectHandBack(s, Number(result.outputs['check-run-id']))
    expect(checkRun.state?.reason).toBe('no-progress')
    expect(s.fixer.prompts).toHaveLength(2)
  })

  test('a rebase conflict: main changed the same line while attempt 1 ran; handed back naming src/money.js', async () => {
    let moved: string | null = null
    const s = (scenario = await startScenario(['right'], async (attempt, _prompt, sc) => {
      if (attempt !== 1) return
      const money = await sc.remoteGit(['show', 'main:src/money.js'])
      const changed = money.replace(
        /const cents = .*/,
        'const cents = Number(m[2]) * 100 + Number(m[3] ?? 0) * (m[3]?.length === 1 ? 10 : 1)'
      )
      if (changed === money) throw new Error('src/money.js no longer has the line the scenario changes')
      moved = await sc.emulator.pushToDefault(
        REPO,
        { 'src/money.js': changed },
        'Read one-digit fractions as tenths'
      )
    }))
    const result = await s.start()
    expect(moved).not.toBeNull()
    expectOutcome(result, 'escalated')
    expect(result.outputs.attempts).toBe('1')
    const { checkRun, comment } = await expectHandBack(s, Number(result.outputs['check-run-id']))
    expect(checkRun.state?.reason).toBe('rebase-conflict')
    expect(checkRun.state?.rebase?.status).toBe('conflict')
    expect(comment).toContain('src/money.js')
    // The branch keeps the attempt's work, on the base it started from (no half-done rebase pushed).
    const base = await s.remoteGit(['merge-base', 'main', result.outputs.branch!])
    expect(base.trim()).not.toBe(moved)
  })
})
