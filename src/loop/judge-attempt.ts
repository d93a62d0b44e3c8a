/**
 * After an attempt's push: the report moves to the new head, then fast CI judges exactly that commit.
 * Fills the attempt's outcome; never throws for a CI result, only when GitHub itself fails (the
 * attempt is already recorded by then).
 */
import { errorMessage } from '../errors.js'
import type { AttemptDeps, AttemptOutcome, AttemptPlan } from './attempt-types.js'
import { changedSoFar, judge, neverJudged } from './judge.js'
import type { LoopState } from './state.js'

export async function judgePushed(
  deps: AttemptDeps,
  plan: AttemptPlan,
  state: LoopState,
  out: AttemptOutcome
): Promise<void> {
  const { record } = out
  const sha = out.pushed!
  try {
    await deps.reporter.moveTo(sha, state)
  } catch (e) {
    out.error = errorMessage(e)
    out.cause = e
    record.problem = `the check run could not follow the push: ${out.error}`
    return
  }
  if (deps.clock.now() >= plan.ciDeadline) {
    record.problem ??= 'no time was left to run CI; the partial work is pushed'
    return
  }
  let ci: Awaited<ReturnType<typeof judge>>
  try {
    ci = await judge(
      {
        ci: deps.ci,
        log: deps.log,
        dispatched: p => deps.journal?.dispatched(p) ?? Promise.resolve(),
        judging: deps.judging
      },
      {
        ref: state.branch,
        sha,
        scope: 'fast',
        target: 'attempt',
        deadline: plan.ciDeadline,
        changed: changedSoFar(state, record)
      }
    )
  } catch (e) {
    out.error = errorMessage(e)
    out.cause = e
    record.problem = `CI could not be run or read: ${out.error}`
    return
  }
  record.ci = ci.record
  out.failures = ci.failures
  out.green = ci.record.outcome === 'success'
  out.moved = ci.moved
  out.neverJudged = ci.moved ? null : neverJudged(ci.record)
  if (!out.green && neverJudged(ci.record) === null) {
    out.feedback =
      ci.feedback ??
      `CI ended as ${ci.record.outcome} but reported no failures that could be parsed. Look at ${ci.record.runUrl}.`
    if (ci.failures.length > 0) await deps.reporter.annotate(ci.failures)
  }
}
