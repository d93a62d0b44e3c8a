/**
 * The report of a main step that did not finish (cancelled, killed, crashed), as the post step
 * completes it from the last saved state: cancelled, saying where the job ended — the attempt then in
 * progress, not the last one finished — and that a retry judges first what was pushed.
 */
import type { LoopState } from '../loop/state.js'
import { phaseWords } from './outcome.js'

export function interruptedState(saved: LoopState, command = '/nightshift'): LoopState {
  const n = saved.attempts.length
  const where =
    saved.phase === 'attempt'
      ? `during attempt ${n + 1} (${phaseWords('attempt')})`
      : saved.phase === 'done' || saved.phase === 'classify'
        ? 'before nightshift finished'
        : `while ${phaseWords(saved.phase)}${n ? ` (attempt ${n})` : ''}`
  return {
    ...saved,
    outcome: 'cancelled',
    reason: 'cancelled',
    phase: 'done',
    nextStep:
      `The job ended ${where}. The branch \`${saved.branch}\` and the saved state are kept: comment ` +
      `\`${command} retry\` to resume; a pushed commit that CI has not judged is judged first.`
  }
}
