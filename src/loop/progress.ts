/**
 * "No progress": an attempt whose CI failures are the same as the previous attempt's. The loop
 * climbs one rung of the model ladder (src/agent/models.ts, chooseModel), and hands back if it
 * happens twice in a row (peers' users asked for exactly this cap: hallucination loops burn budget otherwise).
 */
import type { Failure } from '../feedback/types.js'

/** A stable fingerprint of a set of failures: tool, file, test and the first message line; line numbers ignored (edits shift them). */
export function failureSignature(failures: Failure[]): string {
  const keys = failures.map(f =>
    [f.tool, f.file ?? '', f.test ?? '', (f.message.split('\n')[0] ?? '').trim()].join('\u0001')
  )
  return [...new Set(keys)].sort().join('\u0002')
}

/** True when both attempts failed CI and failed the same way. An empty set never counts as "the same". */
export function sameFailures(previous: Failure[] | null, current: Failure[]): boolean {
  if (previous === null || previous.length === 0 || current.length === 0) return false
  return failureSignature(previous) === failureSignature(current)
}
