/**
 * How one run of the loop is set up, decided in one place for the action (src/issue-work.ts) and the
 * local CLI (src/cli/local.ts): whether the work goes ahead at all, the budget with its reserve, the
 * model ladder, and whether the run resumes a saved state. What really differs between the two comes
 * in as a parameter, named and explained where it is declared (RunTiming, RunRequest).
 */
import { modelLadder } from '../agent/models.js'
import type { BaselineMode } from '../ci/baseline.js'
import type { Task, Verdict } from '../task/types.js'
import type { LoopConfig } from './context.js'
import { resumeState } from './resume.js'
import { initialState } from './run-loop.js'
import type { LoopState } from './state.js'

/** The time kept at the end of a run, and the least worth starting an attempt with. */
export interface RunTiming {
  /** At most this long is kept to push and report partial work (a tenth of the time limit when less). */
  reserveMs: number
  /** An attempt (agent and CI) starts only with at least this long left (a tenth of the limit when less). */
  minAttemptMs: number
}

/**
 * On GitHub: the closing writes ride out an outage with retries of up to two minutes
 * (src/loop/retrying.ts), and a dispatched CI run takes a minute or more to start on a runner.
 */
export const ACTIONS_TIMING: RunTiming = { reserveMs: 3 * 60_000, minAttemptMs: 2 * 60_000 }

/** Locally: the report is a file and CI a command that starts at once. */
export const LOCAL_TIMING: RunTiming = { reserveMs: 60_000, minAttemptMs: 60_000 }

export interface RunRequest {
  issue: number
  branch: string
  baseBranch: string
  task: Task
  /** The classifier's verdict on the task. */
  verdict: Verdict
  /** The state an earlier run on this task saved, if any. */
  previous: LoopState | null
  now: number
  limits: {
    maxAttempts: number
    timeLimitMinutes: number
    maxCostUsd: number | null
    maxTokens: number | null
  }
  timing: RunTiming
  /** The built-in agent climbs `models`, then `escalationModel`; a command agent picks its own model. */
  agent: {
    kind: 'builtin' | 'command'
    models: string[]
    escalationModel: string | null
    /** From this attempt on, each attempt is one rung higher (attempts without progress climb anyway). */
    escalationAttempt: number
  }
  protectedPaths: string[]
  baseline: BaselineMode
  draft: boolean
  escalatedLabel: string
  /** Key under which the Store keeps this task's state. */
  stateKey: string
  coAuthor: string | null
  links: LoopState['links']
  /**
   * Why the work goes ahead even when the classifier judges the task one for a human (an explicit
   * `run --force`, a writer's request on the pull request, a task typed in locally), or null: refuse it
   * then, unless an earlier run's saved state is being resumed.
   */
  humanOnlyOverride: string | null
  /**
   * New work on a finished branch (a request on the pull request, a CI fix): the agent works first,
   * nothing an earlier job left unjudged is resumed.
   */
  newWork: boolean
  /**
   * What a saved state whose run succeeded leads to. `continue`: its history and attempt numbers carry
   * on (on GitHub its branch and pull request still exist). `start-over`: a fresh state (locally the
   * forge keeps pull requests in memory, so a finished run's pull request is gone with its process).
   */
  afterSuccess: 'continue' | 'start-over'
  /**
   * When the event that asked for this run happened, or null: a saved run that started after it
   * already served it, and this one is a duplicate.
   */
  eventTime: number | null
  /** The first attempt's feedback (a fix-ci round starts from the failing CI). */
  feedback?: string
  notices?: string[]
  /** See LoopConfig.followMoves. */
  followMoves?: boolean
}

export type RunPlan =
  | {
      kind: 'run'
      config: LoopConfig
      state: LoopState
      /** Said when a saved state overrides the classifier's refusal (also among the state's notices). */
      warning: string | null
    }
  | { kind: 'refuse'; verdict: Verdict }
  | { kind: 'duplicate'; previous: LoopState }

export function planRun(r: RunRequest): RunPlan {
  const { previous } = r
  if (previous && r.eventTime !== null && previous.startedAt > r.eventTime)
    return { kind: 'duplicate', previous }
  const humanOnly = r.verdict.confidence === 'HUMAN_ONLY'
  if (humanOnly && r.humanOnlyOverride === null && previous === null)
    return { kind: 'refuse', verdict: r.verdict }
  // Finish what an earlier job left unjudged first, unless this is new work or that job succeeded.
  const config = loopConfig(r, !r.newWork && previous?.outcome !== 'success')
  const state =
    previous && (previous.outcome !== 'success' || r.afterSuccess === 'continue')
      ? resumeState(previous, r.task, r.now)
      : initialState(r.task, r.verdict, config, r.now)
  state.links = config.links
  if (r.feedback) state.lastFeedback = r.feedback
  // Only a saved state carries on past the refusal unasked: say so rather than resume silently.
  const warning =
    humanOnly && r.humanOnlyOverride === null
      ? `The classifier judged this issue one for a human (${r.verdict.reasons.join(' ')}), so nightshift would refuse it; it carries on because an earlier run on it saved its state, which this run resumes.`
      : null
  state.notices = [...(warning ? [warning] : []), ...(r.notices ?? [])]
  return { kind: 'run', config, state, warning }
}

function loopConfig(r: RunRequest, resume: boolean): LoopConfig {
  const limitMs = r.limits.timeLimitMinutes * 60_000
  return {
    issue: r.issue,
    branch: r.branch,
    baseBranch: r.baseBranch,
    budget: {
      maxAttempts: r.limits.maxAttempts,
      deadline: r.now + limitMs,
      reserveMs: Math.min(r.timing.reserveMs, limitMs / 10),
      minAttemptMs: Math.min(r.timing.minAttemptMs, limitMs / 10),
      maxCostUsd: r.limits.maxCostUsd,
      maxTokens: r.limits.maxTokens
    },
    // The command agent picks its own model: the report names the agent instead.
    ladder:
      r.agent.kind === 'command'
        ? modelLadder(['command agent'], null, r.agent.escalationAttempt)
        : modelLadder(r.agent.models, r.agent.escalationModel, r.agent.escalationAttempt),
    protectedPaths: r.protectedPaths,
    baseline: r.baseline,
    draft: r.draft,
    escalatedLabel: r.escalatedLabel,
    stateKey: r.stateKey,
    coAuthor: r.coAuthor,
    resume,
    ...(r.followMoves === undefined ? {} : { followMoves: r.followMoves }),
    links: r.links
  }
}
