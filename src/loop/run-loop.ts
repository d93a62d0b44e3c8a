/**
 * The attempt loop: attempts under a budget, then the final gate (rebase on the newest default
 * branch, full CI), then a pull request or a hand-back. One direction; every stop has a named reason.
 * A resumed loop first finishes what its predecessor left unjudged (src/loop/resume.ts).
 */
import type { AttemptHistoryEntry } from '../agent/types.js'
import type { Failure } from '../feedback/types.js'
import type { Task, Verdict } from '../task/types.js'
import type { PreparedWorkspace } from '../workspace/types.js'
import { runAttempt, type AttemptDeps, type AttemptOutcome } from './attempt.js'
import { learnBaseline } from './baseline-step.js'
import { addTokens, attemptAllowance, budgetStop } from './budget.js'
import { createRun, type LoopConfig, type LoopDeps, type LoopRun } from './context.js'
import { chooseModel } from '../agent/models.js'
import { finalGate, followMoved, publish } from './final-gate.js'
import { neverJudged } from './judge.js'
import { sameFailures } from './progress.js'
import { entryPoint, lastAttemptNumber } from './resume.js'
import { STATE_VERSION, type LoopState } from './state.js'

export type { LoopConfig, LoopDeps } from './context.js'
export { resumeState, recoverAttempts } from './resume.js'

export function initialState(task: Task, verdict: Verdict, config: LoopConfig, now: number): LoopState {
  return {
    version: STATE_VERSION,
    issue: config.issue,
    branch: config.branch,
    baseBranch: config.baseBranch,
    task,
    verdict,
    phase: 'classify',
    attempts: [],
    rebase: null,
    finalCi: null,
    outcome: null,
    reason: null,
    nextStep: null,
    error: null,
    pullRequest: null,
    spent: { tokens: { input: 0, output: 0, cached: 0 }, costUsd: 0, costKnown: true },
    startedAt: now,
    updatedAt: now,
    lastFeedback: null,
    roundStart: 0,
    pending: null,
    outside: null,
    links: config.links
  }
}

function history(state: LoopState): AttemptHistoryEntry[] {
  return state.attempts.map(a => ({
    attempt: a.attempt,
    summary: a.summary,
    ...(a.trail ? { trail: a.trail } : {}),
    ciOutcome: a.ci?.outcome ?? a.problem ?? 'not run',
    failures: (a.ci?.failures ?? [])
      .slice(0, 5)
      .map(f => `${f.file ?? '?'}:${f.line ?? '?'} ${f.test ?? ''} ${f.message.split('\n')[0]}`.trim())
      .join('\n')
  }))
}

/** Runs the loop to an outcome. Never throws: an error ends as `failed` with a named reason and its message. */
export async function runLoop(state: LoopState, config: LoopConfig, deps: LoopDeps): Promise<LoopState> {
  const run = createRun(state, config, deps)
  try {
    const prepared = await prepare(run)
    const stopped = await baseline(run, prepared)
    if (stopped) return stopped
    const resumed = await resume(run, prepared.head, prepared.resumed && config.resume !== false)
    return resumed === 'attempts' ? await attempts(run) : resumed
  } catch (e) {
    return run.fail(e)
  }
}

/** Checks the CI workflow, puts the branch in place and starts the report on its head. */
async function prepare(run: LoopRun): Promise<PreparedWorkspace> {
  const { state, config, deps } = run
  state.phase = 'prepare'
  const prepared = await inGroup(
    deps,
    `Prepare: the CI workflow and the branch ${config.branch}`,
    async () => {
      await deps.ci.preflight()
      const ready = await deps.workspace.prepare(config.branch, config.baseBranch)
      await deps.workspace.scrubCredentials()
      return ready
    }
  )
  state.sandbox = prepared.sandbox
  state.pullRequest = (await deps.forge.findPullRequest(config.branch)) ?? state.pullRequest
  // A new branch's head is the base's commit: the check run waits for the first push.
  await deps.reporter.start(prepared.head, state, { untilPushed: !prepared.resumed })
  run.started = true
  return prepared
}

/** Learns what the base's CI says before attempt 1; the ended state when CI cannot judge anything there. */
async function baseline(run: LoopRun, prepared: PreparedWorkspace): Promise<LoopState | null> {
  const { state, config, deps } = run
  state.phase = 'baseline'
  await deps.reporter.update(state)
  const { judging, stop } = await learnBaseline(deps, state, {
    mode: config.baseline ?? 'off',
    branch: config.baseBranch,
    // A new branch starts at the base commit; a resumed one is judged against the base as it is now.
    sha: prepared.resumed ? null : prepared.head,
    deadline: config.budget.deadline - config.budget.reserveMs
  })
  await run.save()
  if (stop) return run.end(stop.outcome, stop.reason, stop.detail)
  run.judging = judging
  return null
}

/** Finishes what an earlier job left on the branch; 'attempts' when the agent should work next. */
async function resume(run: LoopRun, head: string, resumed: boolean): Promise<LoopState | 'attempts'> {
  const { state, deps } = run
  const entry = entryPoint(state, head, resumed)
  // An earlier job's final gate belongs to a head the next attempt replaces (the report shows this run's).
  const forgetFinal = (): 'attempts' => {
    state.rebase = null
    state.finalCi = null
    return 'attempts'
  }
  if (entry.kind === 'attempts') return forgetFinal()
  if (entry.kind === 'publish') return publish(run, entry.sha)
  if (entry.kind === 'final-gate') {
    const gate = await finalGate(run)
    return gate === 'retry' ? 'attempts' : gate
  }
  const what = entry.target === 'outside' ? 'a commit nightshift did not make' : 'pushed but never judged'
  deps.log(`Resuming: ${head.slice(0, 7)} is ${what}; judging it before any new attempt.`)
  if (entry.target === 'outside') state.outside = { sha: head, ci: null }
  const judged = await run.judgeHead(entry)
  if (judged.moved) return followMoved(run, judged.moved)
  if (judged.record.outcome === 'success') {
    if (entry.target === 'final') return publish(run, head)
    const gate = await finalGate(run)
    return gate === 'retry' ? 'attempts' : gate
  }
  const unjudged = neverJudged(judged.record)
  if (unjudged) return run.end('escalated', unjudged)
  state.lastFeedback =
    entry.target === 'outside'
      ? `Someone else pushed ${head.slice(0, 7)} to the branch, and CI failed on it:\n\n${judged.feedback ?? ''}`
      : (judged.feedback ?? state.lastFeedback)
  return entry.target === 'final' ? 'attempts' : forgetFinal()
}

function inGroup<T>(deps: LoopDeps, title: string, work: () => Promise<T>): Promise<T> {
  return deps.group ? deps.group(title, work) : work()
}

/** What tells progress from going round in circles, across the attempts of one run. */
interface Progress {
  /** Attempts in a row whose failures (or problem) repeated the previous one's. */
  repeats: number
  /** Attempts without progress so far in this round: each one climbs the model ladder a rung. */
  climbs: number
  failures: Failure[] | null
  problem: string | null
}

/** Agent attempts until one passes the final gate or a stop condition names the outcome. */
async function attempts(run: LoopRun): Promise<LoopState> {
  const { state } = run
  const progress: Progress = {
    repeats: 0,
    climbs: 0,
    failures: state.outside?.ci?.failures ?? state.attempts.at(-1)?.ci?.failures ?? null,
    problem: null
  }
  for (;;) {
    const stopped = await stopBeforeAttempt(run)
    if (stopped) return stopped
    const result = await attempt(run, progress.climbs)
    const next = await afterAttempt(run, result, progress)
    if (next !== 'again') return next
  }
}

/** The ended state when no further attempt may start: cancelled, `/nightshift stop`, a budget spent. */
async function stopBeforeAttempt(run: LoopRun): Promise<LoopState | null> {
  const { state, config, deps } = run
  if (deps.signal?.aborted) return run.end('cancelled', 'cancelled')
  if (await deps.forge.stopRequested(config.issue, state.startedAt)) return run.end('stopped', 'stop-command')
  const stop = budgetStop(config.budget, spentThisRound(state), deps.clock.now())
  return stop ? run.end('escalated', stop) : null
}

function spentThisRound(state: LoopState) {
  return {
    attempts: state.attempts.length - state.roundStart,
    tokens: state.spent.tokens,
    costUsd: state.spent.costUsd
  }
}

/** One agent attempt with its fast CI, recorded in the state and the report. */
async function attempt(run: LoopRun, climbs: number): Promise<AttemptOutcome> {
  const { state, config, deps } = run
  const number = lastAttemptNumber(state) + 1
  state.phase = 'attempt'
  await run.scratch()
  await deps.reporter.update(state)
  const allowance = attemptAllowance(config.budget, spentThisRound(state))
  const model = chooseModel(number - state.roundStart, config.ladder, climbs)
  const result = await inGroup(deps, `Attempt ${number} (${model})`, () =>
    runAttempt(
      { ...deps, judging: run.judging, journal: journal(run) },
      {
        attempt: number,
        model,
        task: state.task,
        feedback: state.lastFeedback,
        history: history(state),
        protectedPaths: config.protectedPaths,
        allowance,
        coAuthor: config.coAuthor,
        ciDeadline: allowance.deadline
      },
      state
    )
  )
  if (!state.attempts.includes(result.record)) state.attempts.push(result.record)
  // A run whose verdict is recorded is no longer pending; one that failed to be read stays pending for retry.
  if (!result.error) state.pending = null
  state.spent.tokens = addTokens(state.spent.tokens, result.record.tokens)
  if (result.record.tokensUnknown) state.spent.tokensKnown = false
  if (result.record.costUsd === null) state.spent.costKnown = false
  else state.spent.costUsd += result.record.costUsd
  state.lastFeedback = result.feedback ?? (result.error ? state.lastFeedback : null)
  await run.save()
  await deps.reporter.update(state)
  return result
}

/** Saves what reached the remote the moment it did: the pushed attempt, then the CI run dispatched on it. */
function journal(run: LoopRun): AttemptDeps['journal'] {
  const { state } = run
  return {
    pushed: async record => {
      if (!state.attempts.includes(record)) state.attempts.push(record)
      state.phase = 'ci'
      await run.save()
    },
    dispatched: async pending => {
      state.pending = pending
      await run.scratch()
    }
  }
}

/** What an attempt's result leads to: an outcome, the final gate, or 'again' for another attempt. */
async function afterAttempt(
  run: LoopRun,
  result: AttemptOutcome,
  progress: Progress
): Promise<LoopState | 'again'> {
  const { state, config, deps } = run
  if (result.error) return run.fail(result.cause ?? new Error(result.error))
  if (result.halt) return run.end('failed', result.halt.reason, result.halt.message)
  if (result.moved) return followMoved(run, result.moved)
  if (result.neverJudged) return run.end('escalated', result.neverJudged)
  // An attempt that hit its own time limit (`agent-timeout-minutes`) is judged like any other; the
  // task's clock is the budget check before each attempt.
  if (result.green) {
    const gate = await inGroup(deps, `Final gate: rebase on ${config.baseBranch}, full CI`, () =>
      finalGate(run)
    )
    if (gate !== 'retry') return gate
    progress.failures = state.finalCi?.failures ?? null
    return 'again'
  }
  const repeated = result.record.ci
    ? sameFailures(progress.failures, result.failures)
    : result.record.problem === progress.problem
  progress.repeats = repeated ? progress.repeats + 1 : 0
  if (repeated) progress.climbs++
  if (progress.repeats >= 2 || (progress.repeats === 1 && config.ladder.models.length < 2))
    // The same empty result again is an agent that makes no change, not failures that came back.
    return run.end('escalated', result.unchanged ? 'no-changes' : 'no-progress')
  if (result.record.ci) progress.failures = result.failures
  progress.problem = result.record.problem
  return 'again'
}
