/**
 * One model step under a tier policy (src/agent/service-tier.ts): flex first, and on OpenAI's
 * "resource unavailable" answer either the standard tier or a wait and flex again.
 */
import { APICallError, RetryError } from 'ai'
import type { Clock } from '../clock.js'
import type { TierPolicy } from './service-tier.js'
import type { ServiceTier } from './types.js'

const FIRST_WAIT_MS = 30_000
const LONGEST_WAIT_MS = 5 * 60_000

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
