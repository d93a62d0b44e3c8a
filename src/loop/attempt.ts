/**
 * One attempt: engine → guards on the diff → commit → push (agent branch only) → fast CI → failures.
 * Never throws for a failed attempt: every way it can go wrong ends in a recorded `problem`.
 */
import type { AttemptHistoryEntry, Engine } from '../agent/types.js'
import type { BaselineRecord, TaskText } from '../ci/baseline.js'
import type { CI, CiScope, RunResult } from '../ci/types.js'
import { judgeRun, type Verdict } from '../ci/verdict.js'
import { errorMessage } from '../errors.js'
import type { Failure } from '../feedback/types.js'
import type { Task } from '../task/types.js'
import type { Workspace } from '../workspace/types.js'
import type { ApiMeter, Clock, Reporter } from './ports.js'
import type { AttemptRecord, CiRecord, LoopState } from './state.js'

/** Failures kept per CI record in the saved state (the rest are counted). */
export const KEPT_FAILURES = 30

export interface AttemptDeps {
  engine: Engine
  ci: CI
  workspace: Workspace
  reporter: Reporter
  clock: Clock
  meter: ApiMeter | null
  log: (message: string) => void
  /** What CI results are judged against (the base's failures, the task); none: every failure counts. */
  judging?: Judging
}

/** The base a change is judged against (src/ci/verdict.ts). */
export interface Judging {
  baseline: BaselineRecord | null
  baseBranch: string
  task: TaskText
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
  /** The agent changed no file: nothing was committed and no CI ran. */
  unchanged: boolean
  /**
   * An error after the work was pushed (GitHub unreachable while dispatching or watching, past the
   * client's retries). The attempt is kept, so `/nightshift retry` resumes after it.
   */
  error: string | null
}

/**
 * The record of a run. With a verdict against the base, `outcome` is the change's: `success` when the
 * run failed only with failures already on the base or with tests that passed on a re-run.
 */
export function ciRecord(
  result: RunResult,
  scope: CiScope,
  failures: Failure[],
  verdict?: Verdict
): CiRecord {
  const green = verdict?.green === true
  const pre = verdict?.preExisting ?? []
  return {
    scope,
    outcome: green ? 'success' : result.outcome,
    runId: result.run.id,
    runUrl: result.run.url,
    durationMs: result.durationMs,
    failures: failures.slice(0, KEPT_FAILURES),
    failureCount: failures.length,
    ...(pre.length ? { preExisting: pre.slice(0, KEPT_FAILURES), preExistingCount: pre.length } : {}),
    ...(verdict?.flaky.length ? { flaky: verdict.flaky } : {}),
    ...(green && result.outcome !== 'success' ? { conclusion: result.conclusion ?? result.outcome } : {})
  }
}

/**
 * Dispatches CI on `ref`, waits, and judges the result against the base: the change's own failures,
 * flaky tests re-run once (`changed`: the files the change touches).
 */
export async function judge(
  deps: Pick<AttemptDeps, 'ci' | 'log' | 'judging'>,
  ref: string,
  scope: CiScope,
  deadline: number,
  changed: string[] = []
): Promise<{ record: CiRecord; failures: Failure[]; feedback: string | null }> {
  const run = await deps.ci.dispatch(ref, scope)
  deps.log(`CI (${scope}) dispatched: ${run.url}`)
  const result = await deps.ci.wait(run, deadline)
  deps.log(`CI (${scope}) ${result.outcome}`)
  const judging = deps.judging ?? { baseline: null, baseBranch: '', task: { text: '', files: [] } }
  const v = await judgeRun(deps.ci, result, { ...judging, changed, rerun: true, deadline, log: deps.log })
  return { record: ciRecord(v.result, scope, v.failures, v), failures: v.failures, feedback: v.feedback }
}

/** Every file the attempts so far changed (and `current`'s), for telling flaky tests from broken ones. */
export function changedSoFar(state: LoopState, current?: AttemptRecord): string[] {
  const all = [...state.attempts, ...(current ? [current] : [])].flatMap(a => a.changedFiles)
  return [...new Set(all)]
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
      costUsd: result.costUsd,
      stopReason: result.stopReason,
      summary: result.summary,
      ...(result.stepTiers?.length ? { stepTiers: result.stepTiers } : {}),
      ...(result.trail ? { trail: result.trail } : {})
    })
    if (result.network) record.network = result.network
    if (result.stopReason === 'error')
      record.problem = `the agent stopped with an error: ${result.error ?? 'unknown error'}`
  } catch (e) {
    record.stopReason = 'error'
    record.problem = `the agent stopped with an error: ${errorMessage(e)}`
  }

  const changes = await workspace.changes()
  if (changes.length === 0) {
    // An agent that stopped on an error changed nothing because of it: that is the error's story.
    out.unchanged = record.stopReason !== 'error'
    record.problem ??= 'the agent changed no files'
    out.feedback = `Your previous attempt did not change any file (${record.problem}). Make the change the task asks for.`
    return finish()
  }
  record.guard = await workspace.guard(plan.protectedPaths)
  if (record.guard.refused.length > 0) {
    await workspace.discard(record.guard.refused.map(r => r.path))
    const refused = record.guard.refused.map(r => `${r.path} (${r.reason})`).join(', ')
    log(`Refused changes: ${refused}`)
    record.problem = `changes to protected paths were refused and discarded: ${refused}`
    out.feedback = `Your previous attempt changed protected paths, and those changes were discarded: ${refused}. Do not change them; solve the task another way.`
    if ((await workspace.changes()).length === 0) return finish()
  }
  record.changedFiles = (await workspace.changes()).map(c => c.path)

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
  await deps.reporter.moveTo(out.pushed, state)

  if (clock.now() >= plan.ciDeadline) {
    record.problem ??= 'no time was left to run CI; the partial work is pushed'
    return finish()
  }
  let ci: Awaited<ReturnType<typeof judge>>
  try {
    ci = await judge(deps, state.branch, 'fast', plan.ciDeadline, changedSoFar(state, record))
  } catch (e) {
    out.error = errorMessage(e)
    record.problem = `CI could not be run or read: ${out.error}`
    return finish()
  }
  record.ci = ci.record
  out.failures = ci.failures
  out.green = ci.record.outcome === 'success'
  out.ciBroken =
    ci.record.outcome === 'never_started' ||
    ci.record.outcome === 'watch_timeout' ||
    ci.record.outcome === 'cancelled'
  if (!out.green && !out.ciBroken) {
    out.feedback =
      ci.feedback ??
      `CI ended as ${ci.record.outcome} but reported no failures that could be parsed. Look at ${ci.record.runUrl}.`
    if (ci.failures.length > 0) await deps.reporter.annotate(ci.failures)
  }
  return finish()
}
