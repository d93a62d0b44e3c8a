/**
 * `model-tier: flex` on the wire (OpenAI Responses format, scripted server on loopback): flex asked for,
 * "429 Resource Unavailable" answered, and the configured fallback taken — standard at once, or wait
 * and ask flex again (an injected clock, so no test sleeps).
 */
import { describe, expect, it } from '@jest/globals'
import { createOpenAI } from '@ai-sdk/openai'
import { createBuiltinEngine } from '../../src/agent/builtin-engine.js'
import { splitModel } from '../../src/agent/providers.js'
import type { TierPolicy } from '../../src/agent/service-tier.js'
import { startModelServer, type ModelTurn } from '../emulator/model-server.js'
import { makeRepo } from '../workspace/sandbox-fixtures.js'
import { attemptInput, scratch } from './engine-fixtures.js'
import { testSandbox } from '../helpers/sandbox.js'

const scratchpad = scratch()

const USAGE = { input: 100_000, output: 1_000, cached: 80_000 }
const list: ModelTurn = { toolCalls: [{ name: 'list_files', arguments: {} }], usage: USAGE }
const done: ModelTurn = { toolCalls: [{ name: 'finish', arguments: { summary: 'done' } }], usage: USAGE }
const unavailable: ModelTurn = { status: 429, headers: { 'retry-after-ms': '1' } }

async function run(script: ModelTurn[], tier: TierPolicy, deadlineMs = 3_600_000) {
  const repo = (scratchpad.repo = makeRepo({ 'README.md': '# demo\n' }))
  const server = (scratchpad.server = await startModelServer(script))
  const url = server.url
  let now = 1_000_000
  const sleeps: number[] = []
  const clock = {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      now += ms
    }
  }
  const engine = createBuiltinEngine({
    credentials: {},
    maxRetries: 0,
    tier,
    clock,
    sandbox: await testSandbox(),
    languageModel: m => createOpenAI({ baseURL: url, apiKey: 'k' })(splitModel(m).id)
  })
  const result = await engine.attempt(
    attemptInput(repo.dir, {}, { model: 'openai:gpt-5-mini', deadline: now + deadlineMs })
  )
  const tiers = server.requests.map(r => (r.body as { service_tier?: string }).service_tier ?? 'standard')
  return { result, tiers, sleeps }
}

// gpt-5-mini: standard $0.25 input, $0.025 cached, $2 output; flex half of each.
const STEP_STANDARD = (20_000 * 0.25 + 80_000 * 0.025 + 1_000 * 2) / 1e6
const STEP_FLEX = STEP_STANDARD / 2

describe('model-tier: flex', () => {
  it('falls back to the standard tier for the step flex could not take, then asks flex again', async () => {
    const { result, tiers, sleeps } = await run([list, unavailable, list, done], {
      tier: 'flex',
      fallback: 'standard'
    })
    expect(result).toMatchObject({ stopReason: 'finished' })
    // Step 2 was asked at flex, refused with 429, and sent again without a tier.
    expect(tiers).toEqual(['flex', 'flex', 'standard', 'flex'])
    expect(result.stepTiers).toEqual(['flex', 'standard', 'flex'])
    expect(result.costUsd).toBeCloseTo(2 * STEP_FLEX + STEP_STANDARD, 12)
    expect(sleeps).toEqual([])
  })

  it('with flex-fallback: wait, waits 30 s then 60 s and stays on flex', async () => {
    const { result, tiers, sleeps } = await run([list, unavailable, unavailable, done], {
      tier: 'flex',
      fallback: 'wait'
    })
    expect(result).toMatchObject({ stopReason: 'finished' })
    expect(tiers).toEqual(['flex', 'flex', 'flex', 'flex'])
    expect(sleeps).toEqual([30_000, 60_000])
    expect(result.stepTiers).toEqual(['flex', 'flex'])
    expect(result.costUsd).toBeCloseTo(2 * STEP_FLEX, 12)
  })

  it('with flex-fallback: wait, stops at the deadline with the work kept and says why', async () => {
    const { result, sleeps } = await run([list, ...Array(20).fill(unavailable)], {
      tier: 'flex',
      fallback: 'wait'
    })
    expect(result.stopReason).toBe('timeout')
    expect(result.summary).toMatch(/Flex processing had no capacity until the attempt's deadline/)
    // 30 + 60 + 120 + 240 + 300 ... until less than the next wait is left of the 60 s? No: the deadline
    // is real time while the clock is fake, so the wait stops once the clock passes it.
    expect(sleeps[0]).toBe(30_000)
    expect(result.stepTiers).toEqual(['flex'])
  })

  it('does not treat other errors as "resource unavailable"', async () => {
    const { result, tiers } = await run([{ status: 400 }], { tier: 'flex', fallback: 'standard' })
    expect(result.stopReason).toBe('error')
    expect(tiers).toEqual(['flex'])
  })

  it('at the standard tier, sends no service_tier at all', async () => {
    const { result, tiers } = await run([list, done], { tier: 'standard', fallback: 'standard' })
    expect(tiers).toEqual(['standard', 'standard'])
    expect(result.stepTiers).toEqual(['standard', 'standard'])
    expect(result.costUsd).toBeCloseTo(2 * STEP_STANDARD, 12)
  })
})
