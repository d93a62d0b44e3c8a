/**
 * The attempt loop: attempts under a budget, then the final gate (rebase on the newest default
 * branch, full CI), then a pull request or a hand-back. One direction; every stop has a named reason.
 * A resumed loop first finishes what its predecessor left unjudged (src/loop/resume.ts).
 */
import type { AttemptHistoryEntry } from '../agent/types.js'
import type { Failure } from '../feedback/types.js'
import type { Task, Verdict } from '../task/types.js'
import { runAttempt } from './attempt.js'
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
    if (stop) return await run.end(stop.outcome, stop.reason, stop.detail)
    run.judging = judging
    const resumed = await resume(run, prepared.head, prepared.resumed && config.resume !== false)
    return resumed === 'attempts' ? await attempts(run) : resumed
  } catch (e) {
    return run.fail(e)
  }
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

async function attempts(run: LoopRun): Promise<LoopState> {
  const { state, config, deps } = run
  const { forge, reporter, clock } = deps
  let noProgress = 0
  // Attempts without progress so far in this round: each one climbs the model ladder a rung.
  let climbs = 0
  let previousFailures: Failure[] | null =
    state.outside?.ci?.failures ?? state.attempts.at(-1)?.ci?.failures ?? null
  let previousProblem: string | null = null
  for (;;) {
    if (deps.signal?.aborted) return run.end('cancelled', 'cancelled')
    if (await forge.stopRequested(config.issue, state.startedAt)) return run.end('stopped', 'stop-command')
    const spent = {
      attempts: state.attempts.length - state.roundStart,
      tokens: state.spent.tokens,
      costUsd: state.spent.costUsd
    }
    const stop = budgetStop(config.budget, spent, clock.now())
    if (stop) return run.end('escalated', stop)

    const attempt = lastAttemptNumber(state) + 1
    state.phase = 'attempt'
    await run.scratch()
    await reporter.update(state)
    const allowance = attemptAllowance(config.budget, spent)
    const recorded = async (record: LoopState['attempts'][number]) => {
      if (!state.attempts.includes(record)) state.attempts.push(record)
      state.phase = 'ci'
      await run.save()
    }
    const model = chooseModel(attempt - state.roundStart, config.ladder, climbs)
    const result = await inGroup(deps, `Attempt ${attempt} (${model})`, () =>
      runAttempt(
        {
          ...deps,
          judging: run.judging,
          journal: {
            pushed: recorded,
            dispatched: async pending => {
              state.pending = pending
              await run.scratch()
            }
          }
        },
        {
          attempt,
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
    if (result.record.costUsd === null) state.spent.costKnown = false
    else state.spent.costUsd += result.record.costUsd
    state.lastFeedback = result.feedback ?? (result.error ? state.lastFeedback : null)
    await run.save()
    await reporter.update(state)

    if (result.error) return run.fail(result.cause ?? new Error(result.error))
    if (result.halt) return run.end('failed', result.halt.reason, result.halt.message)
    if (result.moved) return followMoved(run, result.moved)
    if (result.neverJudged) return run.end('escalated', result.neverJudged)
    // An attempt that hit its own time limit (`agent-timeout-minutes`) is judged like any other; the
    // task's clock is the budget check above.
    if (result.green) {
      const gate = await inGroup(deps, `Final gate: rebase on ${config.baseBranch}, full CI`, () =>
        finalGate(run)
      )
      if (gate !== 'retry') return gate
      previousFailures = state.finalCi?.failures ?? null
      continue
    }
    const repeated = result.record.ci
      ? sameFailures(previousFailures, result.failures)
      : result.record.problem === previousProblem
    noProgress = repeated ? noProgress + 1 : 0
    if (repeated) climbs++
    if (noProgress >= 2 || (noProgress === 1 && config.ladder.models.length < 2))
      // The same empty result again is an agent that makes no change, not failures that came back.
      return run.end('escalated', result.unchanged ? 'no-changes' : 'no-progress')
    previousFailures = result.record.ci ? result.failures : previousFailures
    previousProblem = result.record.problem
  }
}
