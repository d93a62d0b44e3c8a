/**
 * The attempt loop: attempts under a budget, then the final gate (rebase on the newest default
 * branch, full CI), then a pull request or a hand-back. One direction; every stop has a named reason.
 */
import type { AttemptHistoryEntry } from '../agent/types.js'
import { errorMessage } from '../errors.js'
import type { Failure } from '../feedback/types.js'
import type { Task, Verdict } from '../task/types.js'
import { runAttempt, judge, type AttemptDeps } from './attempt.js'
import { addTokens, attemptAllowance, budgetStop, type Budget } from './budget.js'
import type { Forge, Store, Texts } from './ports.js'
import { chooseModel, type ModelLadder } from '../agent/models.js'
import { sameFailures } from './progress.js'
import { STATE_VERSION, type LoopState, type Outcome } from './state.js'

export interface LoopConfig {
  issue: number
  branch: string
  baseBranch: string
  budget: Budget
  ladder: ModelLadder
  protectedPaths: string[]
  draft: boolean
  escalatedLabel: string
  /** Key under which the Store keeps this task's state. */
  stateKey: string
  coAuthor: string | null
  links: LoopState['links']
}

export interface LoopDeps extends AttemptDeps {
  forge: Forge
  store: Store
  texts: Texts
  signal?: AbortSignal
}

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
    links: config.links
  }
}

/** A previous run's state, ready to continue: history kept, a fresh round of the attempt budget. */
export function resumeState(previous: LoopState, task: Task, now: number): LoopState {
  return {
    ...previous,
    task,
    phase: 'prepare',
    outcome: null,
    reason: null,
    nextStep: null,
    error: null,
    rebase: null,
    finalCi: null,
    roundStart: previous.attempts.length,
    startedAt: now,
    updatedAt: now
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

/** Runs the loop to an outcome. Never throws: an error in the action itself ends as `failed` with its message. */
export async function runLoop(state: LoopState, config: LoopConfig, deps: LoopDeps): Promise<LoopState> {
  const { forge, workspace, reporter, clock, log } = deps
  let started = false
  const save = async () => {
    state.updatedAt = clock.now()
    await deps.store.save(config.stateKey, state)
  }
  const end = async (outcome: Outcome, reason: string, detail?: string): Promise<LoopState> => {
    state.outcome = outcome
    state.reason = reason
    state.phase = 'done'
    // The report words the next step from the outcome and reason (src/report/outcome.ts).
    state.nextStep = null
    if (outcome === 'failed') state.error = detail ?? null
    log(`Outcome: ${outcome} (${reason})${detail ? `: ${detail}` : ''}`)
    try {
      if (outcome === 'escalated' || outcome === 'failed') {
        await forge.comment(config.issue, deps.texts.handBack(state))
        if (outcome === 'escalated') await forge.addLabels(config.issue, [config.escalatedLabel])
      }
    } catch (e) {
      log(`Could not post the hand-back comment: ${errorMessage(e)}`)
    }
    await save().catch(e => log(`Could not save the state: ${errorMessage(e)}`))
    if (started)
      await reporter.complete(state).catch(e => log(`Could not complete the check run: ${errorMessage(e)}`))
    return state
  }

  try {
    state.phase = 'prepare'
    await deps.ci.preflight()
    const prepared = await workspace.prepare(config.branch, config.baseBranch)
    state.sandbox = prepared.sandbox
    await workspace.scrubCredentials()
    state.pullRequest = (await forge.findPullRequest(config.branch)) ?? state.pullRequest
    await reporter.start(prepared.head, state)
    started = true

    let noProgress = 0
    // Attempts without progress so far in this round: each one climbs the model ladder a rung.
    let climbs = 0
    let previousFailures: Failure[] | null = state.attempts.at(-1)?.ci?.failures ?? null
    let previousProblem: string | null = null
    for (;;) {
      if (deps.signal?.aborted) return await end('cancelled', 'cancelled')
      if (await forge.stopRequested(config.issue, state.startedAt))
        return await end('stopped', 'stop-command')
      const spent = {
        attempts: state.attempts.length - state.roundStart,
        tokens: state.spent.tokens,
        costUsd: state.spent.costUsd
      }
      const stop = budgetStop(config.budget, spent, clock.now())
      if (stop) return await end('escalated', stop)

      const attempt = state.attempts.length + 1
      state.phase = 'attempt'
      await reporter.update(state)
      const allowance = attemptAllowance(config.budget, spent)
      const result = await runAttempt(
        deps,
        {
          attempt,
          model: chooseModel(attempt - state.roundStart, config.ladder, climbs),
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
      state.attempts.push(result.record)
      state.spent.tokens = addTokens(state.spent.tokens, result.record.tokens)
      if (result.record.costUsd === null) state.spent.costKnown = false
      else state.spent.costUsd += result.record.costUsd
      state.lastFeedback = result.feedback
      await save()
      await reporter.update(state)

      if (result.error) return await end('failed', 'error', result.error)
      if (result.ciBroken)
        return await end(
          'escalated',
          result.record.ci?.outcome === 'cancelled' ? 'ci-cancelled' : 'ci-never-ran'
        )
      if (result.record.stopReason === 'timeout' && !result.green) return await end('escalated', 'time-limit')
      if (result.green) {
        const gate = await finalGate(state, config, deps)
        if (gate !== 'retry') return gate
        previousFailures = state.finalCi?.failures ?? null
        continue
      }
      const repeated = result.record.ci
        ? sameFailures(previousFailures, result.failures)
        : result.record.problem === previousProblem
      noProgress = repeated ? noProgress + 1 : 0
      if (repeated) climbs++
      if (noProgress >= 2 || (noProgress === 1 && config.ladder.models.length < 2)) {
        return await end('escalated', 'no-progress')
      }
      previousFailures = result.record.ci ? result.failures : previousFailures
      previousProblem = result.record.problem
    }
  } catch (e) {
    log(`Error: ${errorMessage(e)}`)
    return await end('failed', 'error', errorMessage(e))
  }

  /** Rebase on the newest base, run full CI, publish. 'retry' sends the loop back for another attempt. */
  async function finalGate(
    state: LoopState,
    config: LoopConfig,
    deps: LoopDeps
  ): Promise<LoopState | 'retry'> {
    if (await forge.stopRequested(config.issue, state.startedAt)) return end('stopped', 'stop-command')
    state.phase = 'rebase'
    await reporter.update(state)
    const before = await workspace.head()
    const rebase = await workspace.rebase(config.baseBranch)
    state.rebase = { ...rebase, movedBase: rebase.status === 'rebased' }
    if (rebase.status === 'conflict') return end('escalated', 'rebase-conflict', rebase.conflicts.join(', '))
    if (rebase.head !== before) await reporter.moveTo(await workspace.push(), state)

    const last = state.attempts.at(-1)?.ci ?? null
    if (rebase.status === 'up_to_date' && deps.ci.fastIsFull() && last?.outcome === 'success') {
      state.finalCi = { ...last, scope: 'full' }
    } else {
      state.phase = 'final-ci'
      await reporter.update(state)
      const full = await judge(deps, state.branch, 'full', config.budget.deadline - config.budget.reserveMs)
      state.finalCi = full.record
      if (full.record.outcome !== 'success') {
        if (full.failures.length > 0) await reporter.annotate(full.failures)
        if (
          full.record.outcome === 'never_started' ||
          full.record.outcome === 'watch_timeout' ||
          full.record.outcome === 'cancelled'
        ) {
          return end('escalated', full.record.outcome === 'cancelled' ? 'ci-cancelled' : 'ci-never-ran')
        }
        state.lastFeedback = `The change passed the quick CI, but the full CI on the rebased branch failed:\n\n${full.feedback ?? ''}`
        await save()
        return 'retry'
      }
    }
    return publish(state, config, deps)
  }

  async function publish(state: LoopState, config: LoopConfig, deps: LoopDeps): Promise<LoopState> {
    state.phase = 'publish'
    const { title, body } = deps.texts.pullRequest(state)
    const existing = state.pullRequest ?? (await forge.findPullRequest(config.branch))
    if (existing) {
      await forge.updatePullRequest(existing.number, { title, body })
      state.pullRequest = existing
    } else {
      state.pullRequest = await forge.createPullRequest({
        branch: config.branch,
        base: config.baseBranch,
        title,
        body,
        draft: config.draft
      })
      await forge.comment(config.issue, deps.texts.pullRequestLink(state, state.pullRequest))
    }
    return end('success', 'green')
  }
}
