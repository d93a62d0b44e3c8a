/**
 * The token cap with a command agent: usage it reports counts (an attempt past the cap is a budget stop
 * and no further attempt starts); usage it does not report is unknown, never zero, in the state and in
 * what the run shows.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { createCommandEngine } from '../../src/agent/command-engine.js'
import { attemptsTable } from '../../src/report/sections.js'
import { releaseAll, testSandbox } from '../helpers/sandbox.js'
import { makeRepo, type TempRepo } from '../workspace/sandbox-fixtures.js'
import { failure } from './fakes.js'
import { setup } from './setup.js'

let repo: TempRepo | null = null
afterEach(async () => {
  await releaseAll()
  repo?.cleanup()
  repo = null
})

const budget = (maxTokens: number) => ({
  maxAttempts: 4,
  deadline: Date.parse('2026-11-23T11:00:00Z'),
  reserveMs: 0,
  minAttemptMs: 0,
  maxCostUsd: null,
  maxTokens
})

/** The loop with a real command engine working in a real repository (the workspace is the loop's fake). */
async function withCommand(command: string, maxTokens: number) {
  repo = makeRepo()
  const t = setup({
    fast: [1, 2, 3, 4].map(i => ({ outcome: 'failure' as const, failures: [failure(`t${i}`)] })),
    config: { budget: budget(maxTokens) }
  })
  const engine = createCommandEngine({
    command,
    timeoutMs: 10_000,
    sandbox: await testSandbox(),
    clock: t.clock
  })
  const dir = repo.dir
  t.deps.engine = {
    async attempt(input) {
      const result = await engine.attempt({ ...input, workspaceDir: dir })
      t.workspace.pending.push({ path: 'fix.txt', status: 'modified' })
      return result
    }
  }
  return t
}

describe('the token cap with a command agent', () => {
  it('stops the run once the usage the agent reports passes max-tokens', async () => {
    const t = await withCommand(
      'echo fixed > fix.txt; echo \'{"tokens":{"input":1400,"output":300},"cost_usd":0.02}\'',
      1000
    )
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'escalated', reason: 'token-limit' })
    expect(s.attempts).toHaveLength(1)
    expect(s.attempts[0]).toMatchObject({ stopReason: 'budget', tokens: { input: 1400, output: 300 } })
    expect(s.spent.tokens).toMatchObject({ input: 1400, output: 300 })
    expect(s.spent.tokensKnown).toBeUndefined()
  })

  it('shows tokens an agent did not report as unknown, not as zero', async () => {
    const t = await withCommand('echo fixed > fix.txt', 1000)
    const s = await t.run()
    expect(s.attempts.length).toBeGreaterThan(1)
    expect(s.attempts.every(a => a.tokensUnknown === true)).toBe(true)
    expect(s.spent.tokensKnown).toBe(false)
    const table = attemptsTable(s)
    expect(table).toContain('**Spent:** tokens unknown (the agent reported none), ≥ $0.00')
    expect(table).not.toMatch(/0 in \/ 0 out/)
  })
})
