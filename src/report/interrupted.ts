/**
 * The report of a main step that did not finish (cancelled, killed, crashed), as the post step
 * completes it: from the last saved state, cancelled, saying where the job ended — the attempt then in
 * progress, not the last one finished — and that a retry judges first what was pushed; with no saved
 * state, a short note that there is nothing to resume from.
 */
import type { CheckConclusion, CheckRunOutput } from '../loop/ports.js'
import type { LoopState } from '../loop/state.js'
import { phaseWords } from './outcome.js'
import { commandText, type Vocabulary } from './vocabulary.js'

export function interruptedState(saved: LoopState, words: Vocabulary): LoopState {
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
      `${commandText(words, 'retry')} to resume; a pushed commit that CI has not judged is judged first.`
  }
}

/** A check run whose job ended before nightshift saved its first step: cancelled, nothing to resume. */
export function cancelledUnsaved(words: Vocabulary): { conclusion: CheckConclusion; output: CheckRunOutput } {
  return {
    conclusion: 'cancelled',
    output: {
      title: 'Cancelled',
      summary: `The job ended before nightshift saved its first step. Comment ${commandText(words, 'retry')} to start again.`
    }
  }
}
