import type { Failure } from '../feedback/types.js'

/** Fast CI runs after each attempt; full CI runs once on the final, rebased head. */
export type CiScope = 'fast' | 'full'

/** A dispatched workflow run. */
export interface RunRef {
  id: number
  /** Web URL of the run. */
  url: string
  /** The nonce sent as the `nightshift-id` input (shown in the run's title for correlation). */
  correlationId: string
  /** The workflow file that was dispatched (e.g. `ci.yml`). */
  workflow: string
  /** The ref that was dispatched (branch name). */
  ref: string
  /**
   * Set when the dispatch was accepted but no run could be matched to it in time; `id` is then 0 and
   * `wait` answers `never_started` at once.
   */
  neverStarted?: boolean
  /**
   * The run attempt to wait for: after a re-run of failed jobs the run's id stays the same and its
   * `run_attempt` grows, and a completed earlier attempt is not the result.
   */
  attempt?: number
  /**
   * The commit the caller pushed and wants judged. A run whose `head_sha` differs ends `other_head`
   * at its first read, without waiting for it.
   */
  headSha?: string
}

/**
 * How a CI run ended. Only `success` is green. Every other value has a name in the report;
 * `never_started` and `timed_out` mean "not evaluated" and are never treated as success.
 */
export type CiOutcome =
  | 'success'
  | 'failure'
  | 'cancelled'
  /** The run or a job hit its own timeout on GitHub. */
  | 'timed_out'
  /** The dispatch was accepted but no matching run appeared in time. */
  | 'never_started'
  /** We stopped waiting: the wall-clock limit for watching ran out. */
  | 'watch_timeout'
  /**
   * The run tested another commit than the one pushed (someone pushed to the branch before the run
   * started): it judges nothing about our head.
   */
  | 'other_head'

export interface FailedJob {
  id: number
  name: string
  conclusion: string | null
  /** Names of the steps that failed, in order. */
  failedSteps: string[]
  url: string
  /** The job's check run, where its annotations live (GitHub uses the job id). */
  checkRunId?: number
}

export interface RunResult {
  run: RunRef
  outcome: CiOutcome
  /** GitHub's own conclusion string, when there is one. */
  conclusion: string | null
  headSha: string | null
  durationMs: number
  failedJobs: FailedJob[]
  /** Every job of the run and how it ended, when they were listed (matrix legs that passed, cancelled ones). */
  jobs?: { name: string; conclusion: string | null }[]
  /** GitHub's `run_attempt` (1, or more after re-runs), when known. */
  runAttempt?: number
  /** API requests spent on this run from dispatch to result, and how many were free 304s. */
  api?: { requests: number; notModified: number }
}

/** The CI gate's port, as the loop uses it. */
export interface CI {
  /** Checks that the workflow(s) exist on the default branch and can be dispatched; throws SetupError with the YAML to add. */
  preflight(): Promise<void>
  /**
   * After preflight: true when the fast CI already is the full CI (one workflow, no `scope` input), so
   * an unmoved base needs no second run before the pull request.
   */
  fastIsFull(): boolean
  dispatch(ref: string, scope: CiScope): Promise<RunRef>
  /** Waits until the run completes or `deadline` (epoch ms) passes. Never throws for a CI failure. */
  wait(run: RunRef, deadline: number): Promise<RunResult>
  /**
   * Failures of a finished run (annotations + parsed logs of every failed job, each failure once with
   * the matrix legs it failed on), and the rendered feedback, without the failures `omit` names.
   */
  failures(result: RunResult, options?: FailureOptions): Promise<CollectedFailures>

  // Judging against the base (src/ci/baseline.ts, src/ci/rerun.ts); a port without them still works.
  /**
   * The latest completed run of the full CI on exactly the commit `base.sha` (one request; without a
   * sha, the commit `base.branch` points at now), or null when there is none or the port keeps no
   * history.
   */
  completedRun?(base: { branch: string; sha: string | null }, deadline: number): Promise<RunResult | null>
  /** Runs the failed jobs of a finished run once more; `wait` on the answer waits for that attempt. */
  rerunFailed?(result: RunResult): Promise<RunRef>
  /** What to change so the CI can run at all, in this port's terms (the workflow, a local command). */
  setupAdvice?(): Promise<string>
}

export interface CollectedFailures {
  failures: Failure[]
  feedback: string
  /** Characters kept free for the caller's own text (`reserveChars`, at most a quarter of the budget). */
  room?: number
}

/** The part of the feedback budget a caller may keep for its own text. */
export function reserved(budget: number, asked: number | undefined): number {
  return Math.min(asked ?? 0, Math.floor(budget / 4))
}

export interface FailureOptions {
  /** Failures to leave out of the feedback (already failing on the base branch); still returned. */
  omit?: (f: Failure) => boolean
  /** Characters of the feedback budget the caller keeps for text of its own (see `room`). */
  reserveChars?: number
}
