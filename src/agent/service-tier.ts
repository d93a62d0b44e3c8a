/**
 * OpenAI's flex processing for work nobody waits on: half price, slower, and at times "429 Resource
 * Unavailable" (not billed). On that answer a step either waits and asks flex again, or runs at the
 * standard tier, as `flex-fallback` says — the two strategies OpenAI's guide names:
 * https://developers.openai.com/api/docs/guides/flex-processing ("Resource unavailable errors").
 * The policy and which models can use it live here; src/agent/flex-step.ts runs a step under it.
 */
import { priceFor, type ModelPrice } from './prices.js'
import { accessOf, PROVIDERS, providerOf, wordList, type Credentials } from './providers.js'
import type { ServiceTier } from './types.js'

export interface TierPolicy {
  tier: ServiceTier
  /** On "resource unavailable": `standard` runs the step at the standard tier; `wait` retries flex later. */
  fallback: 'standard' | 'wait'
}

export const STANDARD: TierPolicy = { tier: 'standard', fallback: 'standard' }

/** OpenAI's guide: raise the client timeout to 15 minutes for flex, which queues. */
export const FLEX_REQUEST_TIMEOUT_MS = 15 * 60_000

/** "openai:" for the providers that offer flex. */
const FLEX_PROVIDERS = PROVIDERS.filter(p => p.flex)
  .map(p => `${p.id}:`)
  .join(', ')

/**
 * Why `model` cannot run on `tier`, in the user's terms, or null when it can. Flex needs a provider
 * that offers it, its own API (not a server at its base URL) and a model with a flex price (the
 * provider's pricing page lists which).
 */
export function tierProblem(
  model: string,
  tier: ServiceTier,
  prices: Record<string, ModelPrice> = {},
  credentials: Credentials = {}
): string | null {
  if (tier === 'standard') return null
  const provider = providerOf(model)
  if (!provider?.flex)
    return `model-tier: flex is OpenAI's flex processing, offered for ${FLEX_PROVIDERS} models only; "${model}" has no such tier. Use model-tier: standard.`
  const server = accessOf(provider, credentials).baseUrl
  if (server)
    return `model-tier: flex needs OpenAI's own API, but ${provider.baseUrl?.input} sends "${model}" to ${server}. Use model-tier: standard.`
  if (!priceFor(model, prices)?.flex) {
    const offered = Object.keys(provider.prices).filter(id => provider.prices[id]?.flex)
    return `model-tier: flex is offered for ${wordList(offered, 'and')} (${provider.pricing}); "${model}" has none. Use model-tier: standard, or give its flex price in model-prices ({"${model}": {"input": …, "output": …, "flex": {"input": …, "output": …}}}).`
  }
  return null
}
