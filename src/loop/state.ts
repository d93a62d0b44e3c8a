/**
 * The loop's state: what the report renders, what the Store saves after each attempt, and what
 * `/nightshift retry` resumes from. Plain JSON data only.
 */
import type { DiffStat } from '../workspace/types.js'
import type { AttemptTrail, ServiceTier, StopReason, TokenUsage } from '../agent/types.js'
import type { BaselineRecord } from '../ci/baseline.js'
import type { CiOutcome, CiScope } from '../ci/types.js'
import type { NetworkReport } from '../egress/types.js'
import type { Failure } from '../feedback/types.js'
import type { Task, Verdict } from '../task/types.js'
import type { SandboxReport } from '../workspace/sandbox.js'
import type { GuardReport, RebaseResult } from '../workspace/types.js'
import type { Reason } from './reasons.js'

export const STATE_VERSION = 1

/** A pull request the loop opened or found for its branch. */
export interface PullRequestRef {
  number: number
  url: string
  branch: string
  draft: boolean
}

/** One CI run as the report shows it. */
export interface CiRecord {
  scope: CiScope
  outcome: CiOutcome | 'skipped'
  runId: number | null
  runUrl: string | null
  durationMs: number
  /** The failures found (capped to keep the state small). */
  failures: Failure[]
  /** How many failures there were before capping. */
  failureCount: number
  /**
   * Failures of this run that were already failing on the base commit (capped like `failures`): not
   * the change's. A run that failed with these alone is recorded `success` for the change, with
   * GitHub's own `conclusion` kept beside it.
   */
  preExisting?: Failure[]
  preExistingCount?: number
  /** Tests that failed, then passed when the failed jobs ran again: flaky, not the change's. */
  flaky?: string[]
  /** GitHub's conclusion, when the verdict for the change differs from it. */
  conclusion?: string
  /**
   * The commit the run tested (its `head_sha`), which the loop compares with what it pushed; null in
   * states written before it was recorded.
   */
  headSha: string | null
}

/**
 * A CI run dispatched on `sha` whose verdict is not recorded yet. Saved as soon as the dispatch
 * returns, so a run that is killed or loses GitHub while watching can read the same run on retry
 * instead of judging nothing.
 */
export interface PendingCi {
  scope: CiScope
  sha: string
  /** null when the dispatch was accepted but no run was matched to it. */
  runId: number | null
  runUrl: string | null
  /** What the verdict belongs to: an attempt's head, the rebased head, or an outside commit. */
  target: 'attempt' | 'final' | 'outside'
}

export interface AttemptRecord {
  attempt: number
  model: string
  startedAt: number
  durationMs: number
  tokens: TokenUsage
  /** The engine could not count this attempt's tokens: `tokens` are zeros meaning unknown (absent: known). */
  tokensUnknown?: boolean
  costUsd: number | null
  stopReason: StopReason
  /** The engine's own summary of what it did. */
  summary: string
  changedFiles: string[]
  /** The commit made for this attempt, or null when there was nothing to commit. */
  commit: string | null
  /**
   * The sha the remote branch holds after this attempt's push, or null when nothing was pushed (the
   * push failed, or there was no commit). Recorded the moment the push returns.
   */
  pushed: string | null
  /** Why the attempt failed before CI (empty diff, guard refusal, engine error), or null. */
  problem: string | null
  guard: GuardReport
  ci: CiRecord | null
  /** API requests spent by this attempt (counted ones, and 304s that are free). */
  api: { requests: number; notModified: number }
  /** The agent's network during the attempt: the allow-list and what it blocked (absent in older states). */
  network?: NetworkReport
  /** The processing tier of each model step, in order (built-in engine; absent in older states). */
  stepTiers?: ServiceTier[]
  /** What the attempt read, changed and ran; the next attempt's prompt carries it. */
  trail?: AttemptTrail
}

/**
 * How a task ended. `escalated` covers budget, no progress, rebase conflict and CI that never ran;
 * the named `reason` says which.
 */
export type Outcome = 'success' | 'escalated' | 'refused' | 'stopped' | 'cancelled' | 'failed'

/**
 * `attempt`: the agent works on attempt `attempts.length + 1`; `ci`: CI judges attempt
 * `attempts.length` (its record is saved at the push); `baseline`: CI judges the base, before attempt 1.
 */
export type Phase =
  'classify' | 'prepare' | 'baseline' | 'attempt' | 'ci' | 'rebase' | 'final-ci' | 'publish' | 'done'

export interface LoopState {
  version: typeof STATE_VERSION
  issue: number
  branch: string
  baseBranch: string
  task: Task
  verdict: Verdict
  phase: Phase
  attempts: AttemptRecord[]
  rebase: (RebaseResult & { movedBase: boolean }) | null
  finalCi: CiRecord | null
  /** The published change against the base, from git (optional: set when the pull request is written). */
  diffStat?: DiffStat | null
  outcome: Outcome | null
  /** Why it ended (src/loop/reasons.ts). */
  reason: Reason | null
  /** One or two sentences for the human: what happened and what to do next. */
  nextStep: string | null
  /** For outcome `failed`: the error's message, shown in the report (optional: older states lack it). */
  error?: string | null
  pullRequest: PullRequestRef | null
  spent: {
    tokens: TokenUsage
    costUsd: number
    costKnown: boolean
    /** False once an attempt's tokens were unknown: `tokens` then counts the known ones only (absent: true). */
    tokensKnown?: boolean
    /**
     * Every GitHub API request the runs on this task made (the trigger, the lease, CI, reports), 304s
     * apart; optional: older states lack it.
     */
    api?: { requests: number; notModified: number }
  }
  startedAt: number
  updatedAt: number
  /** The feedback the next attempt will receive (kept so a resumed loop continues where it stopped). */
  lastFeedback: string | null
  /** Attempts made before this run started (a resumed loop counts its budget from here). */
  roundStart: number
  /** The base commit's CI result, learnt before attempt 1 (optional: older states lack it). */
  baseline?: BaselineRecord | null
  /** CI dispatched and not yet read (see PendingCi); null when every dispatched run has a verdict. */
  pending: PendingCi | null
  /**
   * The latest commit on the branch that nightshift did not make (someone else pushed), with its CI
   * verdict once judged; null when the branch holds only nightshift's commits.
   */
  outside: { sha: string; ci: CiRecord | null } | null
  /** Links for the report. */
  links: { issue: string; branch: string | null; run: string | null }
  /** How the agent was isolated, with the warning the report shows when it shared the action's user. */
  sandbox?: SandboxReport | null
  /** Settings that widen what the agent's code can reach, named in the report (absent in older states). */
  notices?: string[]
}
