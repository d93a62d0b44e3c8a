/**
 * The contract of one attempt (src/loop/attempt.ts runs it, src/loop/judge-attempt.ts judges its push):
 * what it depends on, what it is asked to do, and what it reports back to the loop.
 */
import type { AttemptHistoryEntry, Engine } from '../agent/types.js'
import type { CI } from '../ci/types.js'
import type { Failure } from '../feedback/types.js'
import type { Task } from '../task/types.js'
import type { Workspace } from '../workspace/types.js'
import type { Judging } from './judge.js'
import type { ApiMeter, Clock, Reporter } from './ports.js'
import type { AttemptRecord, PendingCi } from './state.js'

export interface AttemptDeps {
  engine: Engine
  ci: CI
  workspace: Workspace
  reporter: Reporter
  clock: Clock
  meter: ApiMeter | null
  log: (message: string) => void
  /**
   * Records what reached the remote before anything that can fail after it: the attempt the moment
   * its push returns, a CI run the moment it is dispatched.
   */
  journal?: {
    pushed(record: AttemptRecord): Promise<void>
    dispatched(pending: PendingCi): Promise<void>
  }
  /** What CI results are judged against (the base's failures, the task); none: every failure counts. */
  judging?: Judging | null
}

export interface AttemptPlan {
  attempt: number
  model: string
  task: Task
  feedback: string | null
  history: AttemptHistoryEntry[]
  protectedPaths: string[]
  allowance: { maxCostUsd: number | null; maxTokens: number | null; deadline: number }
  /** Co-author trailer value for the requester, e.g. `octocat <1+octocat@users.noreply.github.com>`. */
  coAuthor: string | null
  /**
   * Epoch ms after which no CI is started for this attempt, and at which a running one stops being
   * waited for: past it, the attempt's work is pushed unjudged.
   */
  ciDeadline: number
}

export interface AttemptOutcome {
  record: AttemptRecord
  /** Failures of this attempt's CI (all of them, for annotations and no-progress). */
  failures: Failure[]
  /** Feedback for the next attempt. */
  feedback: string | null
  /** Fast CI was green on this attempt's head. */
  green: boolean
  /**
   * The sha the remote branch holds after this attempt's push (the attempt's commit), or null when
   * nothing was pushed: no change, a refused change, or nothing to commit.
   */
  pushed: string | null
  /**
   * Why CI could not judge the attempt at all (never started, cancelled), or null: stop, do not retry
   * blindly. Null too when CI tested another commit (`moved`).
   */
  neverJudged: 'ci-cancelled' | 'ci-never-ran' | 'branch-moved' | null
  /** CI tested another commit: someone pushed to the branch after this attempt (its sha), or null. */
  moved: string | null
  /** The agent changed no file: nothing was committed and no CI ran. */
  unchanged: boolean
  /**
   * An error after the work was pushed (GitHub unreachable while dispatching or watching, past the
   * client's retries). The attempt is kept, so `/nightshift retry` resumes after it.
   */
  error: string | null
  /** The thrown value behind `error` (its type names the reason: an outage, a rate limit). */
  cause?: unknown
  /**
   * The agent could not work at all: its engine failed and nothing changed (a refused model request, a
   * command not found). A setup problem to stop on, not a failure of the issue to retry.
   */
  halt?: { reason: 'model-error' | 'agent-error'; message: string } | null
}
