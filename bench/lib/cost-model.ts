/**
 * An in-process scripted model for the cost bench (no network): it answers each step of a transcript
 * with the scripted text and tool call, records every request as the provider would receive it
 * (blocks, breakpoints), and reports usage from a cache model, so the engine's own accounting runs.
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult
} from '@ai-sdk/provider'
import { blocksOf, tokens, type Block, type Cache } from './cost-sim.js'

/** One scripted step: what the model says, and the tool it calls. */
export interface ScriptStep {
  say: string
  tool: string
  input: Record<string, unknown>
}

/** One request as recorded: its blocks, the output tokens of its answer, and when it was sent. */
export interface RecordedStep {
  blocks: Block[]
  output: number
  at: number
}

export interface ScriptedModelOptions {
  provider: 'anthropic' | 'openai'
  modelId: string
  steps: ScriptStep[]
  /** The cache whose usage the engine is told (the engine prices it). */
  cache: Cache
  /** Simulated time of the next request. */
  clock: () => number
  normalise: (s: string) => string
  record: RecordedStep[]
}

export function scriptedModel(o: ScriptedModelOptions): LanguageModelV3 {
  let next = 0
  return {
    specificationVersion: 'v3',
    provider: o.provider === 'anthropic' ? 'anthropic.messages' : 'openai.responses',
    modelId: o.modelId,
    supportedUrls: {},
    async doGenerate(call: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
      const step = o.steps[Math.min(next++, o.steps.length - 1)]!
      const blocks = blocksOf(call, o.normalise)
      const at = o.clock()
      const use = o.cache.use(blocks, at)
      const args = JSON.stringify(step.input)
      const output = tokens(step.say) + tokens(JSON.stringify({ name: step.tool, input: args }))
      o.record.push({ blocks, output, at })
      const tier = (call.providerOptions?.openai as { serviceTier?: string } | undefined)?.serviceTier
      return {
        content: [
          { type: 'text', text: step.say },
          { type: 'tool-call', toolCallId: `call_${next}`, toolName: step.tool, input: args }
        ],
        finishReason: { unified: 'tool-calls', raw: 'tool_use' },
        usage: {
          inputTokens: {
            total: use.input,
            noCache: use.input - use.cached - use.cacheWrite,
            cacheRead: use.cached,
            cacheWrite: use.cacheWrite
          },
          outputTokens: { total: output, text: output, reasoning: undefined }
        },
        ...(o.provider === 'openai'
          ? { providerMetadata: { openai: { serviceTier: tier ?? 'default' } } }
          : {}),
        warnings: []
      }
    },
    doStream() {
      throw new Error('the cost bench only generates')
    }
  }
}
