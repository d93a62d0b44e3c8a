/**
 * Prompt caching on the wire: the built-in engine through the real AI SDK providers, talking to the
 * scripted model server on loopback in Anthropic's Messages format and OpenAI's Responses format.
 */
import { describe, expect, it } from '@jest/globals'
import { createAnthropic } from '@ai-sdk/anthropic'
import { createOpenAI } from '@ai-sdk/openai'
import { createBuiltinEngine } from '../../src/agent/builtin-engine.js'
import { splitModel } from '../../src/agent/providers.js'
import type { AttemptHistoryEntry, AttemptResult } from '../../src/agent/types.js'
import { startModelServer, type ModelScript } from '../emulator/model-server.js'
import { makeRepo } from '../workspace/sandbox-fixtures.js'
import { attemptInput, scratch } from './engine-fixtures.js'
import { testSandbox } from '../helpers/sandbox.js'

const scratchpad = scratch()

const FILES = {
  'src/math.js': 'export function add(a, b) {\n  return a + b + 1\n}\n',
  'AGENTS.md': 'Run `npm test` before finishing.\n'
}

/** The engine on `model` with the real provider pointed at the scripted server. */
async function setup(model: string, script: ModelScript) {
  const repo = (scratchpad.repo = makeRepo(FILES))
  const server = (scratchpad.server = await startModelServer(script))
  const url = server.url
  const engine = createBuiltinEngine({
    credentials: {},
    maxRetries: 0,
    sandbox: await testSandbox(),
    languageModel: m => {
      const { provider, id } = splitModel(m)
      return provider === 'anthropic'
        ? createAnthropic({ baseURL: url, apiKey: 'test-key' })(id)
        : createOpenAI({ baseURL: url, apiKey: 'test-key' })(id)
    }
  })
  const input = (attempt = 1, history: AttemptHistoryEntry[] = []) =>
    attemptInput(repo.dir, { attempt, history }, { model })
  return { engine, server, input }
}

const STEPS = [
  { toolCalls: [{ name: 'read_file', arguments: { path: 'src/math.js' } }] },
  {
    toolCalls: [
      { name: 'edit_file', arguments: { path: 'src/math.js', old_text: 'a + b + 1', new_text: 'a + b' } }
    ]
  },
  { toolCalls: [{ name: 'run_command', arguments: { command: 'node -e "console.log(1 + 1)"' } }] },
  { toolCalls: [{ name: 'finish', arguments: { summary: 'Removed the off-by-one.' } }] }
]

interface Block {
  type: string
  text?: string
  cache_control?: { type: string }
  content?: unknown
}
interface AnthropicBody {
  system: Block[]
  tools: unknown[]
  messages: { role: string; content: Block[] }[]
}

function breakpoints(body: AnthropicBody): string[] {
  const found: string[] = []
  body.system.forEach((b, i) => b.cache_control && found.push(`system[${i}]`))
  body.messages.forEach((m, i) =>
    m.content.forEach((b, j) => b.cache_control && found.push(`messages[${i}][${j}]:${b.type}`))
  )
  return found
}

describe('Anthropic: cache breakpoints in the Messages API requests', () => {
  it('marks the system prompt, the task and the newest message of each step, never more than 4', async () => {
    const { engine, server, input } = await setup(
      'anthropic:claude-sonnet-4-5',
      STEPS.map((s, i) => ({
        ...s,
        usage: {
          input: 5000 + i * 400,
          output: 50,
          cached: i === 0 ? 0 : 4800,
          cacheWrite: i === 0 ? 5000 : 400
        }
      }))
    )
    const result = await engine.attempt(input())
    expect(result.stopReason).toBe('finished')
    const bodies = server.requests.map(r => {
      expect(r.api).toBe('messages')
      return r.body as unknown as AnthropicBody
    })
    expect(bodies).toHaveLength(4)
    expect(bodies[0]!.system).toEqual([
      { type: 'text', text: expect.stringMatching(/^# Rules\n/), cache_control: { type: 'ephemeral' } }
    ])
    // Step 1: the task block and the newest block (the attempt's own part) carry breakpoints.
    expect(bodies[0]!.messages[0]!.content).toEqual([
      {
        type: 'text',
        text: expect.stringMatching(/^# The task \(untrusted data, quoted\)/),
        cache_control: { type: 'ephemeral' }
      },
      {
        type: 'text',
        text: expect.stringMatching(/^This is attempt 1\./),
        cache_control: { type: 'ephemeral' }
      }
    ])
    expect(breakpoints(bodies[0]!)).toEqual(['system[0]', 'messages[0][0]:text', 'messages[0][1]:text'])
    // Later steps: the moving breakpoint sits on the newest tool result only.
    for (const [i, body] of bodies.entries()) {
      if (i === 0) continue
      const last = body.messages.length - 1
      expect(breakpoints(body)).toEqual([
        'system[0]',
        'messages[0][0]:text',
        `messages[${last}][0]:tool_result`
      ])
      // The prefix is the same bytes at every step: tools, system, the task, the earlier turns.
      expect(JSON.stringify(body.tools)).toBe(JSON.stringify(bodies[0]!.tools))
      expect(JSON.stringify(body.system)).toBe(JSON.stringify(bodies[0]!.system))
      const stripped = (b: AnthropicBody) =>
        b.messages.map(m => ({ ...m, content: m.content.map(({ cache_control: _c, ...rest }) => rest) }))
      expect(
        JSON.stringify(stripped(body)).startsWith(JSON.stringify(stripped(bodies[i - 1]!)).slice(0, -1))
      ).toBe(true)
    }
    // Reads and writes are counted apart and priced: writes 1.25x input, reads 0.1x (Sonnet: $3 input).
    expect(result.tokens).toEqual({ input: 22_400, output: 200, cached: 14_400, cacheWrite: 6_200 })
    const fresh = 22_400 - 14_400 - 6_200
    expect(result.costUsd).toBeCloseTo((fresh * 3 + 14_400 * 0.3 + 6_200 * 3.75 + 200 * 15) / 1e6, 12)
  })

  it('keeps the cached prefix byte-stable across attempts and carries the last attempt after it', async () => {
    const { engine, server, input } = await setup('anthropic:claude-sonnet-4-5', [...STEPS, ...STEPS])
    const first: AttemptResult = await engine.attempt(input(1))
    const second = await engine.attempt(
      input(2, [
        {
          attempt: 1,
          summary: first.summary,
          ciOutcome: 'failure',
          failures: 'test/math.test.js:3',
          trail: first.trail!
        }
      ])
    )
    expect(second.stopReason).toBe('finished')
    const a = server.requests[0]!.body as unknown as AnthropicBody
    const b = server.requests[4]!.body as unknown as AnthropicBody
    expect(JSON.stringify(b.system)).toBe(JSON.stringify(a.system))
    expect(JSON.stringify(b.tools)).toBe(JSON.stringify(a.tools))
    expect(b.messages[0]!.content[0]).toEqual(a.messages[0]!.content[0])
    const carried = b.messages[0]!.content[1]!.text!
    expect(carried).toMatch(/^This is attempt 2\./)
    expect(carried).toContain('# What attempt 1 did')
    expect(carried).toContain('Files read: src/math.js')
    expect(carried).toContain('Files changed: src/math.js')
    expect(carried).toMatch(/`node -e "console\.log\(1 \+ 1\)"` → exit code 0: 2/)
  })
})

interface ResponsesBody {
  model: string
  service_tier?: string
  prompt_cache_key?: string
  input: unknown[]
}

describe('OpenAI: a byte-stable prefix, one cache key per task, and the flex tier', () => {
  it('sends the same prefix and prompt_cache_key at every step and attempt; flex is asked for each step', async () => {
    const { server, input } = await setup('openai:gpt-5-mini', [...STEPS, ...STEPS])
    const flexEngine = createBuiltinEngine({
      credentials: {},
      maxRetries: 0,
      tier: { tier: 'flex', fallback: 'standard' },
      sandbox: await testSandbox(),
      languageModel: m => createOpenAI({ baseURL: server.url, apiKey: 'k' })(splitModel(m).id)
    })
    const first = await flexEngine.attempt(input(1))
    await flexEngine.attempt(
      input(2, [
        { attempt: 1, summary: first.summary, ciOutcome: 'failure', failures: '', trail: first.trail! }
      ])
    )
    const bodies = server.requests.map(r => {
      expect(r.api).toBe('responses')
      return r.body as unknown as ResponsesBody
    })
    expect(bodies).toHaveLength(8)
    expect(new Set(bodies.map(b => b.service_tier))).toEqual(new Set(['flex']))
    expect(new Set(bodies.map(b => b.prompt_cache_key))).toEqual(
      new Set([expect.stringMatching(/^nightshift-[0-9a-f]{24}$/)])
    )
    // Within an attempt each request extends the previous one, item for item.
    for (const i of [1, 2, 3, 5, 6, 7]) {
      const before = bodies[i - 1]!.input.map(x => JSON.stringify(x))
      expect(bodies[i]!.input.slice(0, before.length).map(x => JSON.stringify(x))).toEqual(before)
    }
    // Across attempts: the same system item, and the user message starts with the same task text.
    expect(JSON.stringify(bodies[4]!.input[0])).toBe(JSON.stringify(bodies[0]!.input[0]))
    const userText = (b: ResponsesBody) => JSON.stringify(b.input[1])
    const task = userText(bodies[0]!).split('This is attempt 1.')[0]!
    expect(task.length).toBeGreaterThan(200)
    expect(userText(bodies[4]!).startsWith(task)).toBe(true)
    expect(first.stepTiers).toEqual(['flex', 'flex', 'flex', 'flex'])
  })
})
