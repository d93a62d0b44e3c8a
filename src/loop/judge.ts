/**
 * Judging a commit with CI: dispatch on the branch, match the run to the sha that was pushed (its
 * `head_sha`), wait, collect failures. A run that tested another commit judges nothing about ours:
 * it ends `other_head` and names the commit the branch moved to.
 */
import type { CI, CiOutcome, CiScope, RunRef, RunResult } from '../ci/types.js'
import { judgeRun, type Verdict } from '../ci/verdict.js'
import type { Failure } from '../feedback/types.js'
import type { BaselineRecord, TaskText } from '../ci/baseline.js'
import type { AttemptRecord, CiRecord, LoopState, PendingCi } from './state.js'

/** The base a change is judged against (src/ci/verdict.ts). */
export interface Judging {
  baseline: BaselineRecord | null
  baseBranch: string
  task: TaskText
}

/** Every file the attempts so far changed (and `current`'s), for telling flaky tests from broken ones. */
export function changedSoFar(state: LoopState, current?: AttemptRecord): string[] {
  const all = [...state.attempts, ...(current ? [current] : [])].flatMap(a => a.changedFiles)
  return [...new Set(all)]
}

/** Failures kept per CI record in the saved state (the rest are counted). */
export const KEPT_FAILURES = 30

/**
 * The record of a run. With a verdict against the base, `outcome` is the change's: `success` when the
 * run failed only with failures already on the base or with tests that passed on a re-run.
 */
export function ciRecord(
  result: RunResult,
  scope: CiScope,
  failures: Failure[],
  sha?: string,
  verdict?: Verdict
): CiRecord {
  const green = verdict?.green === true
  const pre = verdict?.preExisting ?? []
  return {
    scope,
    outcome: green ? 'success' : result.outcome,
    runId: result.run.id || null,
    runUrl: result.run.url || null,
    durationMs: result.durationMs,
    failures: failures.slice(0, KEPT_FAILURES),
    failureCount: failures.length,
    headSha: result.headSha ?? sha ?? null,
    ...(pre.length ? { preExisting: pre.slice(0, KEPT_FAILURES), preExistingCount: pre.length } : {}),
    ...(verdict?.flaky.length ? { flaky: verdict.flaky } : {}),
    ...(green && result.outcome !== 'success' ? { conclusion: result.conclusion ?? result.outcome } : {})
  }
}

/** Outcomes that say something about the code; every other one means nothing was evaluated. */
export function isVerdict(outcome: CiOutcome | 'skipped'): boolean {
  return outcome === 'success' || outcome === 'failure' || outcome === 'timed_out'
}

/**
 * Why CI judged nothing about a commit (it was cancelled, no run appeared or was waited for to the end,
 * it tested another commit), or null when it gave a verdict. The one test the loop makes before
 * handing back instead of retrying blindly.
 */
export function neverJudged(
  ci: Pick<CiRecord, 'outcome'>
): 'ci-cancelled' | 'ci-never-ran' | 'branch-moved' | null {
  if (isVerdict(ci.outcome)) return null
  if (ci.outcome === 'cancelled') return 'ci-cancelled'
  if (ci.outcome === 'other_head') return 'branch-moved'
  return 'ci-never-ran'
}

export interface Judged {
  record: CiRecord
  failures: Failure[]
  feedback: string | null
  /** The commit the run tested instead of ours (the branch moved before it started), or null. */
  moved: string | null
}

export interface JudgeTarget {
  /** The branch to dispatch on (workflow_dispatch takes a branch, never a sha). */
  ref: string
  /** The commit that must be judged. */
  sha: string
  scope: CiScope
  target: PendingCi['target']
  /** Epoch ms to stop waiting at. */
  deadline: number
  /** A run an earlier job dispatched on `sha` and never read: read it instead of dispatching again. */
  resume?: { runId: number; runUrl: string | null } | null
  /** Files the change touches (every attempt's), for telling flaky tests from broken ones. */
  changed?: string[]
}

export interface JudgeDeps {
  ci: CI
  log: (message: string) => void
  /** Records the dispatched run before waiting, so a kill or an outage while watching loses nothing. */
  dispatched?: (pending: PendingCi) => Promise<void>
  /** What the result is judged against (the base's failures, the task); none: every failure counts. */
  judging?: Judging | null
}

export async function judge(deps: JudgeDeps, t: JudgeTarget): Promise<Judged> {
  const short = t.sha.slice(0, 7)
  const dispatch = async (): Promise<RunRef> => {
    const run = await deps.ci.dispatch(t.ref, t.scope)
    // Recorded before anything else happens, so a job that dies now still knows which run to read.
    await deps.dispatched?.({
      scope: t.scope,
      sha: t.sha,
      runId: run.neverStarted ? null : run.id,
      runUrl: run.url || null,
      target: t.target
    })
    deps.log(`CI (${t.scope}) dispatched on ${short}: ${run.url || '(no run found)'}`)
    return run
  }
  let run: RunRef
  if (t.resume) {
    run = {
      id: t.resume.runId,
      url: t.resume.runUrl ?? '',
      correlationId: `resumed-${t.resume.runId}`,
      workflow: 'the CI workflow',
      ref: t.ref
    }
    deps.log(`Reading CI run ${t.resume.runId}, dispatched on ${short} by an earlier job`)
  } else run = await dispatch()
  let result = await deps.ci.wait({ ...run, headSha: t.sha }, t.deadline)
  if (t.resume && result.outcome === 'never_started') {
    // The earlier job's run is gone (deleted, or its id was never readable): judge afresh.
    run = await dispatch()
    result = await deps.ci.wait({ ...run, headSha: t.sha }, t.deadline)
  }
  deps.log(`CI (${t.scope}) ${result.outcome}${result.headSha ? ` on ${result.headSha.slice(0, 7)}` : ''}`)
  const moved = result.outcome === 'other_head' ? result.headSha : null
  if (result.outcome !== 'failure' && result.outcome !== 'timed_out')
    return { record: ciRecord(result, t.scope, [], t.sha), failures: [], feedback: null, moved }
  const judging = deps.judging ?? { baseline: null, baseBranch: '', task: { text: '', files: [] } }
  const v = await judgeRun(deps.ci, result, {
    ...judging,
    changed: t.changed ?? [],
    rerun: true,
    deadline: t.deadline,
    log: deps.log
  })
  return {
    record: ciRecord(v.result, t.scope, v.failures, t.sha, v),
    failures: v.failures,
    feedback: v.feedback,
    moved: null
  }
}
