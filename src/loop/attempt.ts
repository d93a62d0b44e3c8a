/**
 * One attempt: hand the tree to the agent → engine → freeze, take the tree into the action's own index
 * and judge it → commit exactly that tree → push (agent branch only) → fast CI → failures.
 * Never throws for a failed attempt: every way it can go wrong ends in a recorded `problem`.
 */
import { errorMessage } from '../errors.js'
import type { AttemptOutcome, AttemptPlan, AttemptDeps } from './attempt-types.js'
import { judgePushed } from './judge-attempt.js'
import type { AttemptRecord, LoopState } from './state.js'

export type { AttemptDeps, AttemptOutcome, AttemptPlan } from './attempt-types.js'

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
    neverJudged: null,
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
