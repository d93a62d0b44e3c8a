/**
 * What a model's tokens cost: the list prices of its provider's row (src/agent/providers.ts links them,
 * src/agent/price-list.ts holds them) unless `model-prices` overrides them (keys as `provider:model`
 * or the bare model name). Unknown models cost `null`, never a guess.
 */
import { providerNamed } from './providers.js'
import type { ModelPrice, TierPrice } from './price-list.js'
import type { ServiceTier, TokenUsage } from './types.js'

export type { ModelPrice, TierPrice } from './price-list.js'

/**
 * The price of `model` (`provider:model`): an override first (full key, then bare name), then the table;
 * a dated snapshot (`claude-sonnet-4-5-20250929`, `gpt-4.1-2025-04-14`) takes its base model's price.
 */
export function priceFor(model: string, overrides: Record<string, ModelPrice> = {}): ModelPrice | null {
  const bare = model.includes(':') ? model.slice(model.indexOf(':') + 1) : model
  const provider = model.includes(':') ? model.slice(0, model.indexOf(':')) : ''
  const undated = bare.replace(/-(?:\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, '')
  // Own entries only: a model named like an Object method ("constructor") is no price.
  const own = (table: Readonly<Record<string, ModelPrice>>, keys: string[]) =>
    keys.filter(key => Object.hasOwn(table, key)).map(key => table[key]!)[0]
  const list = providerNamed(provider)?.prices ?? {}
  return (
    own(overrides, [model, bare, `${provider}:${undated}`, undated]) ?? own(list, [bare, undated]) ?? null
  )
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
