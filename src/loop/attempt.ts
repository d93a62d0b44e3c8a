/**
 * One attempt: hand the tree to the agent → engine → freeze, take the tree into the action's own index
 * and judge it → commit exactly that tree → push (agent branch only) → fast CI → failures.
 * Never throws for a failed attempt: every way it can go wrong ends in a recorded `problem`.
 */
import type { AttemptHistoryEntry, Engine } from '../agent/types.js'
import type { BaselineRecord, TaskText } from '../ci/baseline.js'
import type { CI } from '../ci/types.js'
import { errorMessage } from '../errors.js'
import type { Failure } from '../feedback/types.js'
import type { Task } from '../task/types.js'
import type { Workspace } from '../workspace/types.js'
import { judgePushed } from './judge-attempt.js'
import type { ApiMeter, Clock, Reporter } from './ports.js'
import type { AttemptRecord, LoopState, PendingCi } from './state.js'

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
  /** Whether there is time left for CI after the agent (false: push partial work only). */
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
  /** The push moved the branch head. */
  pushed: string | null
  /** CI could not judge the attempt at all (never started, watch timeout): stop, do not retry blindly. */
  ciBroken: boolean
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

function emptyRecord(plan: AttemptPlan, startedAt: number): AttemptRecord {
  return {
    attempt: plan.attempt,
    model: plan.model,
    startedAt,
    durationMs: 0,
    tokens: { input: 0, output: 0, cached: 0 },
    costUsd: null,
    stopReason: 'finished',
    summary: '',
    changedFiles: [],
    commit: null,
    pushed: null,
    problem: null,
    guard: { refused: [], flagged: [] },
    ci: null,
    api: { requests: 0, notModified: 0 }
  }
}

export async function runAttempt(
  deps: AttemptDeps,
  plan: AttemptPlan,
  state: LoopState
): Promise<AttemptOutcome> {
  const { engine, workspace, clock, log } = deps
  const startedAt = clock.now()
  const apiBefore = deps.meter?.snapshot() ?? { requests: 0, notModified: 0 }
  const record = emptyRecord(plan, startedAt)
  const out: AttemptOutcome = {
    record,
    failures: [],
    feedback: null,
    green: false,
    pushed: null,
    ciBroken: false,
    moved: null,
    unchanged: false,
    error: null
  }
  const finish = (): AttemptOutcome => {
    record.durationMs = clock.now() - startedAt
    const apiAfter = deps.meter?.snapshot() ?? apiBefore
    record.api = {
      requests: apiAfter.requests - apiBefore.requests,
      notModified: apiAfter.notModified - apiBefore.notModified
    }
    return out
  }

  log(`Attempt ${plan.attempt}: ${plan.model}`)
  let engineError: AttemptOutcome['halt'] = null
  await workspace.handOver()
  try {
    const result = await engine.attempt({
      attempt: plan.attempt,
      task: plan.task,
      workspaceDir: workspace.dir,
      feedback: plan.feedback,
      history: plan.history,
      protectedPaths: plan.protectedPaths,
      budget: { model: plan.model, ...plan.allowance }
    })
    Object.assign(record, {
      tokens: result.tokens,
      ...(result.tokensUnknown ? { tokensUnknown: true } : {}),
      costUsd: result.costUsd,
      stopReason: result.stopReason,
      summary: result.summary,
      ...(result.stepTiers?.length ? { stepTiers: result.stepTiers } : {}),
      ...(result.trail ? { trail: result.trail } : {})
    })
    if (result.network) record.network = result.network
    if (result.stopReason === 'error') {
      record.problem = `the agent stopped with an error: ${result.error ?? 'unknown error'}`
      engineError = {
        reason: result.errorKind === 'model' ? 'model-error' : 'agent-error',
        message: result.error ?? 'unknown error'
      }
    }
  } catch (e) {
    record.stopReason = 'error'
    record.problem = `the agent stopped with an error: ${errorMessage(e)}`
    engineError = { reason: 'agent-error', message: errorMessage(e) }
  }

  // Freeze, judge, commit the same bytes: the snapshot is what `commit` commits.
  const snapshot = await workspace.snapshot(plan.protectedPaths)
  record.guard = snapshot.guard
  if (snapshot.guard.refused.length > 0) {
    const refused = snapshot.guard.refused.map(r => `${r.path} (${r.reason})`).join(', ')
    log(`Refused changes: ${refused}`)
    record.problem = `changes were refused and discarded: ${refused}`
    out.feedback = `Your previous attempt made changes that are refused (protected paths, symlinks out of the repository, hard links, nested repositories), and they were discarded: ${refused}. Do not make them; solve the task another way.`
  }
  if (snapshot.changes.length === 0) {
    if (record.guard.refused.length > 0) return finish()
    out.halt = engineError
    // An agent that stopped on an error changed nothing because of it: that is the error's story.
    out.unchanged = record.stopReason !== 'error'
    record.problem ??= 'the agent changed no files'
    out.feedback = `Your previous attempt did not change any file (${record.problem}). Make the change the task asks for.`
    return finish()
  }
  record.changedFiles = snapshot.changes.map(c => c.path)

  const trailers: Record<string, string> = { 'Nightshift-Attempt': String(plan.attempt) }
  if (plan.coAuthor) trailers['Co-authored-by'] = plan.coAuthor
  const firstLine = record.summary.split('\n')[0]?.trim() || 'work in progress'
  record.commit = await workspace.commit(
    `${plan.task.title} (#${plan.task.issue}), attempt ${plan.attempt}\n\n${firstLine}`,
    trailers
  )
  if (record.commit === null) {
    record.problem ??= 'nothing to commit'
    return finish()
  }
  out.pushed = await workspace.push()
  record.pushed = out.pushed
  // The commit is on the remote: record it before the check run moves or CI runs, either of which can fail.
  await deps.journal?.pushed(record)
  await judgePushed(deps, plan, state, out)
  return finish()
}
