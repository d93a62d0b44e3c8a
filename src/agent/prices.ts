/**
 * The price table: US dollars per million tokens, per model, for input, output and cached input reads.
 * List prices from the providers' pricing pages; they change, so `model-prices` overrides any entry
 * (keys as `provider:model` or the bare model name). Unknown models cost `null`, never a guess.
 */
import type { TokenUsage } from './types.js'

export interface ModelPrice {
  input: number
  output: number
  /** Price of cached input reads; defaults to the input price when unknown (never under-reports). */
  cached?: number
}

export const PRICES: Record<string, ModelPrice> = {
  'anthropic:claude-opus-4-5': { input: 5, output: 25, cached: 0.5 },
  'anthropic:claude-opus-4-1': { input: 15, output: 75, cached: 1.5 },
  'anthropic:claude-opus-4': { input: 15, output: 75, cached: 1.5 },
  'anthropic:claude-sonnet-4-5': { input: 3, output: 15, cached: 0.3 },
  'anthropic:claude-sonnet-4': { input: 3, output: 15, cached: 0.3 },
  'anthropic:claude-haiku-4-5': { input: 1, output: 5, cached: 0.1 },
  'anthropic:claude-3-5-haiku': { input: 0.8, output: 4, cached: 0.08 },
  'openai:gpt-5': { input: 1.25, output: 10, cached: 0.125 },
  'openai:gpt-5-codex': { input: 1.25, output: 10, cached: 0.125 },
  'openai:gpt-5-mini': { input: 0.25, output: 2, cached: 0.025 },
  'openai:gpt-5-nano': { input: 0.05, output: 0.4, cached: 0.005 },
  'openai:gpt-4.1': { input: 2, output: 8, cached: 0.5 },
  'openai:gpt-4.1-mini': { input: 0.4, output: 1.6, cached: 0.1 },
  'openai:gpt-4o': { input: 2.5, output: 10, cached: 1.25 },
  'openai:o4-mini': { input: 1.1, output: 4.4, cached: 0.275 }
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

/** Dollars for `tokens` at `price`; null when the price is unknown. `tokens.input` includes cached reads. */
export function costOf(tokens: TokenUsage, price: ModelPrice | null): number | null {
  if (!price) return null
  const cached = Math.min(tokens.cached, tokens.input)
  const fresh = tokens.input - cached
  return (
    (fresh * price.input + cached * (price.cached ?? price.input) + tokens.output * price.output) / 1_000_000
  )
}
