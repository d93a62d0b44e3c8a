/**
 * OpenAI's flex processing for work nobody waits on: half price, slower, and at times "429 Resource
 * Unavailable" (not billed). On that answer a step either waits and asks flex again, or runs at the
 * standard tier, as `flex-fallback` says — the two strategies OpenAI's guide names:
 * https://developers.openai.com/api/docs/guides/flex-processing ("Resource unavailable errors").
 */
import { APICallError, RetryError } from 'ai'
import type { Clock } from '../loop/ports.js'
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
const FIRST_WAIT_MS = 30_000
const LONGEST_WAIT_MS = 5 * 60_000

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

/** The provider's "resource unavailable" answer (429 or 503), after the SDK's own retries. */
export function isResourceUnavailable(e: unknown): boolean {
  const last = RetryError.isInstance(e) ? e.lastError : e
  return APICallError.isInstance(last) && (last.statusCode === 429 || last.statusCode === 503)
}

/** The tier that served a step: what the provider reports (`flex`, `default`), else what was asked. */
export function servedTier(asked: ServiceTier, reported: unknown): ServiceTier {
  if (typeof reported !== 'string') return asked
  return reported === 'flex' ? 'flex' : 'standard'
}

/** Flex had no capacity until the attempt's deadline (fallback `wait`). */
export class FlexUnavailableError extends Error {}

/**
 * Runs one model step under `policy`. Flex first; on "resource unavailable" either the same step at
 * the standard tier, or waits (30 s, doubling, at most 5 minutes) and asks flex again until `deadline`.
 */
export async function stepOnTier<T>(
  policy: TierPolicy,
  run: (tier: ServiceTier) => Promise<T>,
  context: { clock: Clock; deadline: number; log: (line: string) => void }
): Promise<{ value: T; tier: ServiceTier }> {
  if (policy.tier === 'standard') return { value: await run('standard'), tier: 'standard' }
  let wait = FIRST_WAIT_MS
  for (;;) {
    try {
      return { value: await run('flex'), tier: 'flex' }
    } catch (e) {
      if (!isResourceUnavailable(e)) throw e
      if (policy.fallback === 'standard') {
        context.log('flex: resource unavailable; this step runs at the standard tier')
        return { value: await run('standard'), tier: 'standard' }
      }
      const left = context.deadline - context.clock.now()
      if (left <= wait)
        throw new FlexUnavailableError(
          "Flex processing had no capacity until the attempt's deadline (flex-fallback: wait); the work written so far is kept."
        )
      context.log(`flex: resource unavailable; asking again in ${Math.round(wait / 1000)} s`)
      await context.clock.sleep(wait)
      wait = Math.min(wait * 2, LONGEST_WAIT_MS)
    }
  }
}
