/**
 * After a review round: one reply in each inline comment's thread. A comment whose lines the round's
 * commits changed (or, when the reviewed commit is not at hand, whose file) is answered "addressed in
 * <commit>"; any other says it was not addressed and why (no change touched those lines, or the round
 * ended without updating the pull request). The verdict comes from what was pushed and judged, never
 * from the agent's own account of its work.
 */
import { errorMessage } from '../errors.js'
import type { LoopState } from '../loop/state.js'
import { reasonWords } from '../report/outcome.js'
import { commandText, type Vocabulary } from '../report/vocabulary.js'
import { lineRange } from '../task/review.js'
import type { ReviewComment, ReviewRound } from '../trigger/types.js'
import type { ChangedRanges } from './round-diff.js'

/** A change this many lines from the commented range still answers it (a line added just above). */
const NEAR_LINES = 1

/** The write this module needs: a reply in the thread of a review comment. */
export interface ReviewReplies {
  reply(pullRequest: number, commentId: number, body: string): Promise<void>
}

/** The reply for each inline comment, in the review's order. */
export async function replies(
  review: ReviewRound,
  state: LoopState,
  changedRanges: ChangedRanges,
  words: Vocabulary
): Promise<{ id: number; body: string }[]> {
  const round = state.attempts.slice(state.roundStart).filter(a => a.pushed !== null)
  const head = state.outcome === 'success' ? (state.finalCi?.headSha ?? round.at(-1)?.pushed ?? null) : null
  const last = round.at(-1)?.pushed ?? null
  const out: { id: number; body: string }[] = []
  for (const c of review.comments) {
    let touched = round.filter(a => a.changedFiles.includes(c.path)).map(a => a.attempt)
    const ranges =
      touched.length && review.commitId && last ? await changedRanges(review.commitId, last, c.path) : null
    if (ranges && c.line !== null && !ranges.some(r => near(r, c.startLine ?? c.line!, c.line!))) touched = []
    out.push({ id: c.id, body: replyFor(c, touched, head, state, words) })
  }
  return out
}

function near([from, to]: [number, number], start: number, end: number): boolean {
  return from <= end + NEAR_LINES && to >= start - NEAR_LINES
}

function replyFor(
  c: ReviewComment,
  touched: number[],
  head: string | null,
  state: LoopState,
  words: Vocabulary
): string {
  const where = lineRange(c)
  const file = `\`${c.path}\``
  if (head === null) {
    const done = touched.length ? ` Attempt ${touched.join(', ')} changed ${file}, but this` : ' This'
    return (
      `**nightshift:** not addressed.${done} round ended ${state.outcome ?? 'unfinished'} ` +
      `(${reasonWords(state.reason, words)}) without updating the pull request; its check run says more.`
    )
  }
  if (touched.length)
    return `**nightshift:** addressed in ${head}: the round changed ${file} (attempt ${touched.join(', ')}), and CI passed on that commit.`
  return `**nightshift:** not addressed in ${head}: no change in this round touched ${where}. Reply with ${commandText(words, '<request>')} here, or request changes again, for another round.`
}

/** Posts the replies; a failed reply is logged and the others still go out. Returns how many were posted. */
export async function answerReview(
  port: ReviewReplies,
  pullRequest: number,
  review: ReviewRound,
  state: LoopState,
  changedRanges: ChangedRanges,
  words: Vocabulary,
  log: (line: string) => void
): Promise<number> {
  let posted = 0
  for (const r of await replies(review, state, changedRanges, words)) {
    try {
      await port.reply(pullRequest, r.id, r.body)
      posted++
    } catch (e) {
      log(`Could not reply to review comment ${r.id}: ${errorMessage(e)}`)
    }
  }
  return posted
}
