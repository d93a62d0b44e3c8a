/**
 * List prices: US dollars per million tokens, per model id, for plain input, output, cache reads,
 * cache writes, and OpenAI's flex tier. Each provider's row in src/agent/providers.ts links its list;
 * `model-prices` overrides any entry, and src/agent/prices.ts looks them up.
 *
 * Sources (read when these lists were written):
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

/** Prices by model id (the part after `provider:`). */
export type PriceList = Readonly<Record<string, ModelPrice>>

/** Anthropic: 5-minute cache writes at 1.25x input, hits at 0.1x. */
function anthropic(input: number, output: number): ModelPrice {
  return { input, output, cached: input / 10, cacheWrite: input * 1.25 }
}

/** OpenAI with a flex tier at half of every standard price. */
function openaiFlex(input: number, output: number, cached: number): ModelPrice {
  return { input, output, cached, flex: { input: input / 2, output: output / 2, cached: cached / 2 } }
}

export const ANTHROPIC_PRICES: PriceList = {
  'claude-opus-4-5': anthropic(5, 25),
  'claude-opus-4-1': anthropic(15, 75),
  'claude-opus-4': anthropic(15, 75),
  'claude-sonnet-4-5': anthropic(3, 15),
  'claude-sonnet-4': anthropic(3, 15),
  'claude-haiku-4-5': anthropic(1, 5),
  'claude-3-5-haiku': anthropic(0.8, 4)
}

export const OPENAI_PRICES: PriceList = {
  'gpt-5': openaiFlex(1.25, 10, 0.125),
  'gpt-5-codex': { input: 1.25, output: 10, cached: 0.125 },
  'gpt-5-mini': openaiFlex(0.25, 2, 0.025),
  'gpt-5-nano': openaiFlex(0.05, 0.4, 0.005),
  o3: openaiFlex(2, 8, 0.5),
  'o4-mini': openaiFlex(1.1, 4.4, 0.275),
  'gpt-4.1': { input: 2, output: 8, cached: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cached: 0.1 },
  'gpt-4o': { input: 2.5, output: 10, cached: 1.25 }
}
