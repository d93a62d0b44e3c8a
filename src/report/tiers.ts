/**
 * Which processing tier each model step ran on, in a few words: `flex`, or `flex 23 · standard 2
 * (steps 13–14)` when flex had no capacity for some steps and they ran at the standard tier.
 */
import type { ServiceTier } from '../agent/types.js'
import { plural } from './markdown.js'

/** `13–14, 20` from step numbers (1-based), consecutive ones as ranges. */
function ranges(steps: number[]): string {
  const out: string[] = []
  for (let i = 0; i < steps.length;) {
    let j = i
    while (j + 1 < steps.length && steps[j + 1] === steps[j]! + 1) j++
    out.push(i === j ? String(steps[i]) : `${steps[i]}–${steps[j]}`)
    i = j + 1
  }
  return out.join(', ')
}

/** Empty when every step ran at the standard tier (or nothing is known). */
export function tierSummary(stepTiers: ServiceTier[] | undefined): string {
  if (!stepTiers || !stepTiers.includes('flex')) return ''
  const standard = stepTiers.flatMap((t, i) => (t === 'standard' ? [i + 1] : []))
  if (standard.length === 0) return 'flex'
  const shown = standard.length > 12 ? `${ranges(standard.slice(0, 12))}, …` : ranges(standard)
  return `flex ${stepTiers.length - standard.length} · standard ${standard.length} (${plural(standard.length, 'step', { count: false })} ${shown})`
}
