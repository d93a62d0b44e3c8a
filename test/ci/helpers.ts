/** Shared test helpers for the CI gate: workflow fixtures and a clock that never really sleeps. */
import { readFileSync } from 'node:fs'
import type { Clock } from '../../src/loop/ports.js'

export function workflowFixture(name: string): string {
  return readFileSync(new URL(`./workflows/${name}`, import.meta.url), 'utf8')
}

export interface TestClock extends Clock {
  sleeps: number[]
}

/** Starts at the real time (the emulator stamps runs with it); `sleep` only moves the clock. */
export function testClock(start = Date.now()): TestClock {
  let t = start
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => t,
    sleep: async ms => {
      sleeps.push(ms)
      t += ms
      await Promise.resolve()
    }
  }
}
