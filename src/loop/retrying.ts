/**
 * Tries again, with growing waits, a write that must not be lost to a passing outage: completing the
 * check run, posting the hand-back comment. Only transient failures are retried (no response, 5xx,
 * rate limits); a refusal (401, 403, 404, 422) fails at once with its own message.
 */
import { ApiError, errorMessage } from '../errors.js'
import type { Clock } from './ports.js'

/** Waits between tries: with the client's own retries inside each try, this rides out a few minutes. */
export const CLOSING_DELAYS_MS = [5_000, 15_000, 30_000, 60_000]

export function transient(e: unknown): boolean {
  return e instanceof ApiError && e.transient
}

export async function retrying<T>(
  what: string,
  fn: () => Promise<T>,
  o: { clock: Clock; log: (line: string) => void; delaysMs?: number[] }
): Promise<T> {
  const delays = o.delaysMs ?? CLOSING_DELAYS_MS
  const longest = Math.max(0, ...delays)
  let waited = 0
  for (let i = 0; ; i++) {
    try {
      return await fn()
    } catch (e) {
      const scheduled = delays[i]
      if (!(e instanceof ApiError)) throw e
      if (scheduled === undefined || !transient(e)) {
        if (i === 0) throw e
        throw new ApiError(
          `Could not ${what} in ${i + 1} tries over ${waited / 1000} s: ${e.message}`,
          e.status,
          {
            cause: e,
            retries: e.retries,
            rateLimited: e.rateLimited,
            retryAfterMs: e.retryAfterMs
          }
        )
      }
      // A rate limit says how long it lasts: wait that, within the schedule's longest step (a longer
      // wait is the post step's to make, not the job's).
      const wait = Math.min(Math.max(scheduled, e.retryAfterMs ?? 0), Math.max(scheduled, longest))
      o.log(`Could not ${what} (${errorMessage(e)}); trying again in ${Math.round(wait / 1000)} s.`)
      await o.clock.sleep(wait)
      waited += wait
    }
  }
}
