/**
 * OpenAI's flex processing for work nobody waits on: half price, slower, and at times "429 Resource
 * Unavailable" (not billed). On that answer a step either waits and asks flex again, or runs at the
 * standard tier, as `flex-fallback` says — the two strategies OpenAI's guide names:
 * https://developers.openai.com/api/docs/guides/flex-processing ("Resource unavailable errors").
 * The policy and which models can use it live here; src/agent/flex-step.ts runs a step under it.
 */
import { splitModel } from './models.js'
import { priceFor, type ModelPrice } from './prices.js'
import type { ServiceTier } from './types.js'

export interface TierPolicy {
  tier: ServiceTier
  /** On "resource unavailable": `standard` runs the step at the standard tier; `wait` retries flex later. */
  fallback: 'standard' | 'wait'
}

export const STANDARD: TierPolicy = { tier: 'standard', fallback: 'standard' }

/** OpenAI's guide: raise the client timeout to 15 minutes for flex, which queues. */
export const FLEX_REQUEST_TIMEOUT_MS = 15 * 60_000

/**
 * Why `model` cannot run on `tier`, in the user's terms, or null when it can. Flex needs OpenAI's own
 * API (not a server at openai-base-url) and a model with a flex price (the pricing page lists which).
 */
export function tierProblem(
  model: string,
  tier: ServiceTier,
  prices: Record<string, ModelPrice> = {},
  openaiBaseUrl: string | null = null
): string | null {
  if (tier === 'standard') return null
  const { provider } = splitModel(model)
  if (provider !== 'openai')
    return `model-tier: flex is OpenAI's flex processing, offered for openai: models only; "${model}" has no such tier. Use model-tier: standard.`
  if (openaiBaseUrl)
    return `model-tier: flex needs OpenAI's own API, but openai-base-url sends "${model}" to ${openaiBaseUrl}. Use model-tier: standard.`
  if (!priceFor(model, prices)?.flex)
    return `model-tier: flex is offered for gpt-5, gpt-5-mini, gpt-5-nano, o3 and o4-mini (https://developers.openai.com/api/docs/pricing); "${model}" has none. Use model-tier: standard, or give its flex price in model-prices ({"${model}": {"input": …, "output": …, "flex": {"input": …, "output": …}}}).`
  return null
}
