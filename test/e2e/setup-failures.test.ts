/**
 * End to end, runs a broken setup stops: a model provider that refuses the key, an agent command that
 * is not installed, a CI workflow that does not exist, a token GitHub refuses a write. Each ends as
 * `failed` with its own reason, fails the step, quotes the error on the issue and never labels the
 * issue as handed back: the issue was never the problem.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { startModelServer, type ModelServer } from '../emulator/model-server.js'
import type { ActionResult } from '../emulator/run-action.js'
import { expectOutcome, startScenario, type Scenario } from './harness.js'

jest.setTimeout(180_000)

let scenario: Scenario | null = null
let refusing: ModelServer | null = null
afterEach(async () => {
  await refusing?.close()
  refusing = null
  await scenario?.close()
  scenario = null
})

/** The checks every setup failure passes: failed step, named reason, quoted error, no label, no pull request. */
async function expectSetupFailure(s: Scenario, result: ActionResult, reason: string, quoted: string[]) {
  expectOutcome(result, 'failed', 1)
  expect(result.outputs.reason).toBe(reason)
  // The step's own message says what failed and what to do (the Actions UI shows it as the error).
  expect(result.stdout).toContain(`::error::nightshift failed (${reason}): `)
  expect(await s.labels()).not.toContain('agent-escalated')
  expect(await s.pulls()).toEqual([])
  const comments = (await s.comments()).filter(c => c.login === 'github-actions[bot]')
  expect(comments).toHaveLength(1)
  const comment = comments[0]!.body
  expect(comment).toContain(`### nightshift could not work on this issue`)
  expect(comment).toContain(`(\`${reason}\`)`)
  for (const q of quoted) expect(comment).toContain(q)
  expect(comment).toContain('nothing is wrong with the issue')
  expect(comment).not.toMatch(/clarify the issue|agent-escalated|attempt budget/i)
  // A check run only ever marks a pushed head of this work, never the default branch's.
  const main = (await s.remoteGit(['rev-parse', 'main'])).trim()
  const created = (await s.exchanges()).filter(e => e.method === 'POST' && e.path.endsWith('/check-runs'))
  for (const e of created) expect((e.request as { head_sha?: string }).head_sha).not.toBe(main)
  if (result.outputs.branch && !(await s.branches()).includes(result.outputs.branch))
    expect(created).toEqual([])
  return comment
}

describe('a broken setup fails the step and names the cause', () => {
  test('model-error: the model server answers 401; one attempt, the provider message quoted, no branch pushed', async () => {
    const s = (scenario = await startScenario(['right']))
    refusing = await startModelServer(() => ({ status: 401 }))
    const result = await s.start({ inputs: { 'openai-base-url': refusing.url } })
    const comment = await expectSetupFailure(s, result, 'model-error', ['Model request to', '401'])
    expect(refusing.requests.filter(r => r.api !== null)).toHaveLength(1)
    expect(result.outputs.attempts).toBe('1')
    expect(comment).toContain('**Branch:** nothing was pushed')
    expect(comment).not.toContain('/tree/')
    expect(await s.branches()).toEqual(['main'])
  })

  test('agent-error: the agent command is not found (exit 127); its exit status and output quoted', async () => {
    const s = (scenario = await startScenario([]))
    const result = await s.start({
      inputs: { agent: 'command', 'agent-command': 'nightshift-missing-agent --fix' }
    })
    const comment = await expectSetupFailure(s, result, 'agent-error', [
      'exited with 127',
      'nightshift-missing-agent'
    ])
    expect(comment).toMatch(/command not found|No such file/)
    expect(result.outputs.attempts).toBe('1')
    expect(comment).toContain('**Branch:** nothing was pushed')
  })

  test('config-error: ci-workflow names a file that does not exist; no attempt, the error quoted', async () => {
    const s = (scenario = await startScenario(['right']))
    const result = await s.start({ inputs: { 'ci-workflow': 'nope.yml' }, env: { RUNNER_DEBUG: '1' } })
    // Debug logging shows each API request with its status (the runner hides ::debug:: lines otherwise).
    expect(result.stdout).toMatch(/^::debug::GET \/repos\/\S+ → 200$/m)
    expect(result.stdout).toMatch(/^::debug::GET \/repos\/\S+\/contents\/\S+ → 404$/m)
    const comment = await expectSetupFailure(s, result, 'config-error', [
      'The CI workflow ".github/workflows/nope.yml" was not found on the default branch'
    ])
    expect(s.fixer.prompts).toHaveLength(0)
    expect(comment).not.toContain('What was tried')
    expect(comment).toContain('**Branch:** nothing was pushed')
    expect(comment).not.toContain('/tree/')
  })

  test('github-error: a dispatch refused with 403 (no `actions: write`) before any attempt: nothing pushed', async () => {
    const s = (scenario = await startScenario(['right']))
    s.emulator.faults.add({
      kind: 'status',
      route: 'actions/create-workflow-dispatch',
      status: 403,
      message: 'Resource not accessible by integration',
      times: 10
    })
    const result = await s.start()
    const comment = await expectSetupFailure(s, result, 'github-error', [
      'Resource not accessible by integration'
    ])
    expect(comment).toContain('permissions')
    // The base's CI is dispatched first: refused there, the agent never ran and the comment says so once.
    expect(s.fixer.prompts).toHaveLength(0)
    expect(comment).toContain('**Branch:** nothing was pushed')
    expect(comment.split('Resource not accessible by integration')).toHaveLength(2)
  })
})
