/**
 * Time, injected so tests never sleep; every stage that waits takes a `Clock`.
 *
 * The action's clock: `NIGHTSHIFT_TIME_SCALE` (0.001–1) shortens every wait (polls, backoff) while
 * time itself runs normally: the local emulator finishes CI in a second, so the demo and end-to-end
 * tests use it instead of waiting out GitHub's poll intervals.
 */

/** Time as the stages see it. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms))
}

export function scaledClock(scale: number): Clock {
  if (!Number.isFinite(scale) || scale >= 1 || scale <= 0) return systemClock
  const s = Math.max(scale, 0.001)
  return { now: systemClock.now, sleep: ms => systemClock.sleep(ms * s) }
}
