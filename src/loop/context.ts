/**
 * What one run of the loop shares between its stages (attempts, final gate, publish): the state, the
 * ports, and the few operations every stage needs — save, judge a head, end with a named reason.
 */
import type { ModelLadder } from '../agent/models.js'
import type { CiScope } from '../ci/types.js'
import { errorMessage } from '../errors.js'
import { PushRejectedError } from '../workspace/branch.js'
import type { BaselineMode } from '../ci/baseline.js'
import type { AttemptDeps } from './attempt-types.js'
import type { Budget } from './budget.js'
import { changedSoFar, judge, type Judged, type Judging } from './judge.js'
import type { Forge, Store, Texts } from './ports.js'
import { failureReason, type Reason } from './reasons.js'
import { retrying } from './retrying.js'
import type { LoopState, Outcome, PendingCi } from './state.js'

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
  /**
   * Finish what an earlier job left unjudged before any agent work (default true). False for new work
   * on a finished branch, such as a request on the pull request: the agent works first.
   */
  resume?: boolean
  /** How the base commit's CI result is learnt before attempt 1 (`baseline` input; default off). */
  baseline?: BaselineMode
  /**
   * Judge a commit someone else pushed to the branch and carry on from it (default true). False for a
   * branch that is not nightshift's (a pull request's own branch): an outside push ends the round.
   */
  followMoves?: boolean
}

export interface LoopDeps extends AttemptDeps {
  forge: Forge
  /** Where the state survives the job (the cache, the check run's copy): written at each milestone. */
  store: Store
  /** A quick copy for this job's post step, written at every step (default: `store`). */
  scratch?: Store
  texts: Texts
  signal?: AbortSignal
  /** Told when the hand-back comment is owed and when it is posted (the post step posts it if the main step could not). */
  handBack?: (status: 'pending' | 'posted') => void
  /**
   * Runs one phase under a foldable heading of the log (core.group; default: no heading). Groups do not
   * nest in the Actions log, so only the loop's top-level phases use it.
   */
  group?: <T>(title: string, work: () => Promise<T>) => Promise<T>
  /** Waits between tries of the closing writes (default CLOSING_DELAYS_MS). */
  closingDelaysMs?: number[]
}

export interface LoopRun {
  readonly state: LoopState
  readonly config: LoopConfig
  readonly deps: LoopDeps
  /** The check run exists (complete it at the end). */
  started: boolean
  /** Outside commits met in this run; the loop stops following them after a few. */
  moves: number
  /** What CI results are judged against, once the base's result is learnt (src/loop/baseline-step.ts). */
  judging: Judging | null
  save(): Promise<void>
  scratch(): Promise<void>
  /** Judges `sha` with CI (or reads a run dispatched on it earlier) and records the verdict where it belongs. */
  judgeHead(t: {
    sha: string
    scope: CiScope
    target: PendingCi['target']
    resume?: { runId: number; runUrl: string | null } | null
  }): Promise<Judged>
  end(outcome: Outcome, reason: Reason, detail?: string): Promise<LoopState>
  /** Ends for a thrown value, naming GitHub outages and rate limits apart from errors in the action. */
  fail(e: unknown): Promise<LoopState>
}

export function createRun(state: LoopState, config: LoopConfig, deps: LoopDeps): LoopRun {
  const { forge, reporter, clock, log } = deps
  const closing = { clock, log, ...(deps.closingDelaysMs ? { delaysMs: deps.closingDelaysMs } : {}) }
  // The meter counts this job's requests from its first; earlier jobs on the task counted theirs.
  const apiBefore = state.spent.api ?? { requests: 0, notModified: 0 }
  const countRequests = () => {
    const now = deps.meter?.snapshot()
    if (now)
      state.spent.api = {
        requests: apiBefore.requests + now.requests,
        notModified: apiBefore.notModified + now.notModified
      }
  }
  const run: LoopRun = {
    state,
    config,
    deps,
    started: false,
    moves: 0,
    judging: null,

    async save() {
      state.updatedAt = clock.now()
      countRequests()
      await deps.store.save(config.stateKey, state)
    },

    async scratch() {
      state.updatedAt = clock.now()
      countRequests()
      await (deps.scratch ?? deps.store).save(config.stateKey, state)
    },

    async judgeHead(t) {
      state.phase = t.scope === 'full' ? 'final-ci' : 'ci'
      const judged = await judge(
        {
          ci: deps.ci,
          log,
          dispatched: async pending => {
            state.pending = pending
            await run.scratch()
          },
          judging: run.judging
        },
        {
          ref: config.branch,
          ...t,
          deadline: config.budget.deadline - config.budget.reserveMs,
          changed: changedSoFar(state)
        }
      )
      state.pending = null
      if (t.target === 'final') state.finalCi = judged.record
      else if (t.target === 'outside') state.outside = { sha: t.sha, ci: judged.record }
      else {
        const attempt = [...state.attempts].reverse().find(a => a.pushed === t.sha)
        if (attempt) attempt.ci = judged.record
      }
      await run.save()
      await reporter.update(state)
      if (judged.failures.length > 0) await reporter.annotate(judged.failures)
      return judged
    },

    async end(outcome, reason, detail) {
      state.outcome = outcome
      state.reason = reason
      state.phase = 'done'
      // The report words the next step from the outcome and reason (src/report/outcome.ts).
      state.nextStep = null
      if (outcome === 'failed') state.error = detail ?? null
      log(`Outcome: ${outcome} (${reason})${detail ? `: ${detail}` : ''}`)
      // Saved first: if what follows fails, the post step closes the run from this state.
      await run.save().catch(e => log(`Could not save the state: ${errorMessage(e)}`))
      if (outcome === 'escalated' || outcome === 'failed') {
        deps.handBack?.('pending')
        try {
          await retrying(
            'post the hand-back comment',
            () => forge.comment(config.issue, deps.texts.handBack(state)),
            closing
          )
          if (outcome === 'escalated')
            await retrying(
              'label the issue',
              () => forge.addLabels(config.issue, [config.escalatedLabel]),
              closing
            )
          deps.handBack?.('posted')
        } catch (e) {
          log(`${errorMessage(e).replace(/\.+$/, '')}. The post step tries again.`)
        }
      }
      if (run.started) {
        try {
          await retrying(
            'complete the check run',
            // The closing writes so far count too.
            () => (countRequests(), reporter.complete(state)),
            closing
          )
        } catch (e) {
          log(`${errorMessage(e).replace(/\.+$/, '')}. The post step tries again.`)
        }
      }
      return state
    },

    async fail(e) {
      const message = errorMessage(e)
      log(`Error: ${message}`)
      if (e instanceof PushRejectedError && e.reason === 'rejected') {
        // Someone else pushed to the branch: nothing of ours was overwritten, and nothing unjudged is published.
        const head = await forge.branchHead(config.branch).catch(() => null)
        if (head) state.outside = { sha: head, ci: null }
        return run.end('escalated', 'branch-moved', message)
      }
      return run.end('failed', failureReason(e), message)
    }
  }
  return run
}
