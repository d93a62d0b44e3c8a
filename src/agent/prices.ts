/**
 * The price table: US dollars per million tokens, per model, for plain input, output, cache reads,
 * cache writes, and OpenAI's flex tier. List prices change, so `model-prices` overrides any entry
 * (keys as `provider:model` or the bare model name). Unknown models cost `null`, never a guess.
 *
 * Sources (read when this table was written):
 * - Anthropic, https://platform.claude.com/docs/en/about-claude/pricing ("Model pricing": base input,
 *   5m cache writes, 1h cache writes, cache hits and refreshes, output). A 5-minute cache write is
 *   1.25x the base input price and a cache hit 0.1x (e.g. Claude Sonnet 4.5: $3 input, $3.75 5m write,
 *   $0.30 hit, $15 output). Breakpoints here use the default 5-minute TTL.
 * - OpenAI, https://developers.openai.com/api/docs/pricing (standard and flex tables; cached input is
 *   the cache-read price, writes cost plain input) and
 *   https://developers.openai.com/api/docs/guides/flex-processing ("Tokens are priced at Batch API
 *   rates": half the standard price for input, cached input and output). Flex is offered for gpt-5,
 *   gpt-5-mini, gpt-5-nano, o3 and o4-mini; no Anthropic model has such a tier.
 */
import type { ServiceTier, TokenUsage } from './types.js'

export interface TierPrice {
  input: number
  output: number
  /** Price of cached input reads; defaults to the input price when unknown (never under-reports). */
  cached?: number
  /** Price of cache writes; defaults to the input price (OpenAI bills writes as plain input). */
  cacheWrite?: number
}

export interface ModelPrice extends TierPrice {
  /** The flex tier's prices, when the model has one (OpenAI only). */
  flex?: TierPrice
}

/** Anthropic: 5-minute cache writes at 1.25x input, hits at 0.1x. */
function anthropic(input: number, output: number): ModelPrice {
  return { input, output, cached: input / 10, cacheWrite: input * 1.25 }
}

/** OpenAI with a flex tier at half of every standard price. */
function openaiFlex(input: number, output: number, cached: number): ModelPrice {
  return { input, output, cached, flex: { input: input / 2, output: output / 2, cached: cached / 2 } }
}

export const PRICES: Record<string, ModelPrice> = {
  'anthropic:claude-opus-4-5': anthropic(5, 25),
  'anthropic:claude-opus-4-1': anthropic(15, 75),
  'anthropic:claude-opus-4': anthropic(15, 75),
  'anthropic:claude-sonnet-4-5': anthropic(3, 15),
  'anthropic:claude-sonnet-4': anthropic(3, 15),
  'anthropic:claude-haiku-4-5': anthropic(1, 5),
  'anthropic:claude-3-5-haiku': anthropic(0.8, 4),
  'openai:gpt-5': openaiFlex(1.25, 10, 0.125),
  'openai:gpt-5-codex': { input: 1.25, output: 10, cached: 0.125 },
  'openai:gpt-5-mini': openaiFlex(0.25, 2, 0.025),
  'openai:gpt-5-nano': openaiFlex(0.05, 0.4, 0.005),
  'openai:o3': openaiFlex(2, 8, 0.5),
  'openai:o4-mini': openaiFlex(1.1, 4.4, 0.275),
  'openai:gpt-4.1': { input: 2, output: 8, cached: 0.5 },
  'openai:gpt-4.1-mini': { input: 0.4, output: 1.6, cached: 0.1 },
  'openai:gpt-4o': { input: 2.5, output: 10, cached: 1.25 }
}

/**
 * The price of `model` (`provider:model`): an override first (full key, then bare name), then the table;
 * a dated snapshot (`claude-sonnet-4-5-20250929`, `gpt-4.1-2025-04-14`) takes its base model's price.
 */
export function priceFor(model: string, overrides: Record<string, ModelPrice> = {}): ModelPrice | null {
  const bare = model.includes(':') ? model.slice(model.indexOf(':') + 1) : model
  const provider = model.includes(':') ? model.slice(0, model.indexOf(':')) : ''
  const undated = bare.replace(/-(?:\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, '')
  for (const key of [model, bare, `${provider}:${undated}`, undated]) {
    if (overrides[key]) return overrides[key]
  }
  // openai-compatible servers have no list price: only an override prices them.
  if (provider === 'openai-compatible') return null
  return PRICES[model] ?? PRICES[`${provider}:${undated}`] ?? null
}

/** The prices that apply on `tier`: flex prices when the model has them, else null for flex. */
export function tierPrice(price: ModelPrice | null, tier: ServiceTier): TierPrice | null {
  if (!price) return null
  return tier === 'flex' ? (price.flex ?? null) : price
}

/**
 * Dollars for `tokens` at `price`; null when the price is unknown. `tokens.input` counts every input
 * token: plain ones, cache reads (`cached`) and cache writes (`cacheWrite`), each at its own price.
 */
export function costOf(tokens: TokenUsage, price: TierPrice | null): number | null {
  if (!price) return null
  const cached = Math.min(tokens.cached, tokens.input)
  const written = Math.min(tokens.cacheWrite ?? 0, tokens.input - cached)
  const fresh = tokens.input - cached - written
  return (
    (fresh * price.input +
      cached * (price.cached ?? price.input) +
      written * (price.cacheWrite ?? price.input) +
      tokens.output * price.output) /
    1_000_000
  )
}
