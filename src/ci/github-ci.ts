/**
 * The CI port on GitHub Actions: preflight, dispatch + correlate, watch, collect.
 * Built by the composition root with a client from src/github/client.ts.
 */
import { analyze as realAnalyze } from '../feedback/index.js'
import type { ActionsApi } from './actions-port.js'
import type { Clock } from '../loop/ports.js'
import { collectFailures, type Analyzer } from './collect.js'
import { dispatchRun, RunNotFound, type CorrelateOptions } from './dispatch.js'
import { preflight, type CiPlan } from './preflight.js'
import { reserved, type CI, type CiScope, type FailureOptions, type RunRef, type RunResult } from './types.js'
import { watchRun } from './watch.js'

/** Conclusions of runs that tested the code (a cancelled or skipped run did not). */
const JUDGED = new Set(['success', 'failure', 'timed_out'])

export interface GitHubCiOptions extends CorrelateOptions {
  api: ActionsApi
  clock: Clock
  /** `ci-workflow`: file name (`ci.yml`) or numeric id. */
  ciWorkflow: string
  /** `fast-ci-workflow`, or null. */
  fastCiWorkflow?: string | null
  /** `allow-ci-secrets`. */
  allowCiSecrets?: boolean
  /** `allow-ci-permissions`. */
  allowCiPermissions?: boolean
  /** `owner/name`, to read the repository's own reusable workflows called by full name. */
  repository?: string
  /** `feedback-chars` (default 6000). */
  feedbackChars?: number
  /** The feedback stage; defaults to src/feedback's `analyze`. */
  analyze?: Analyzer
}

/** The CI port plus what the report wants to show. */
export interface GitHubCi extends CI {
  /** Warnings from preflight and correlation (missing run-name, allowed secrets). */
  readonly warnings: string[]
  /** Requests made so far through the adapter (304s apart). */
  readonly api: ActionsApi
}

export function createGitHubCi(options: GitHubCiOptions): GitHubCi {
  const { api, clock } = options
  const warnings: string[] = []
  const claimed = new Set<number>()
  const countsAtDispatch = new Map<string, { requests: number; notModified: number }>()
  let plan: CiPlan | null = null
  const warn = (m: string) => {
    if (!warnings.includes(m)) warnings.push(m)
    options.warn?.(m)
  }

  async function ensurePlan(): Promise<CiPlan> {
    if (!plan) {
      plan = await preflight(api, options)
      plan.warnings.forEach(warn)
    }
    return plan
  }

  return {
    warnings,
    api,
    async preflight() {
      await ensurePlan()
    },
    fastIsFull() {
      if (!plan) return false
      return plan.fast.workflow === plan.full.workflow && plan.fast.scope === null && plan.full.scope === null
    },
    async dispatch(ref: string, scope: CiScope): Promise<RunRef> {
      const target = (await ensurePlan())[scope]
      const before = { ...api.counter }
      const run = await dispatchRun(api, clock, target, ref, claimed, { ...options, warn })
      countsAtDispatch.set(run.correlationId, before)
      if (run instanceof RunNotFound) {
        return {
          id: 0,
          url: '',
          correlationId: run.correlationId,
          workflow: run.workflow,
          ref,
          neverStarted: true
        }
      }
      return run
    },
    wait(run: RunRef, deadline: number): Promise<RunResult> {
      return watchRun(
        api,
        clock,
        run,
        deadline,
        countsAtDispatch.get(run.correlationId),
        options.appearTimeoutMs
      )
    },
    async failures(result: RunResult, more: FailureOptions = {}) {
      const budget = options.feedbackChars ?? 6000
      const room = reserved(budget, more.reserveChars)
      const collected = await collectFailures(api, options.analyze ?? realAnalyze, result, {
        budgetChars: budget - room,
        ...(more.omit ? { omit: more.omit } : {})
      })
      return room ? { ...collected, room } : collected
    },
    async completedRun(base, deadline): Promise<RunResult | null> {
      const { workflow } = (await ensurePlan()).full
      const sha = base.sha ?? (await api.branchSha(base.branch))
      if (!sha) return null
      const runs = await api.listRuns(workflow, { headSha: sha, status: 'completed', perPage: 10 })
      // A run cancelled or skipped judged nothing; the newest run that did is the base's result.
      const found = runs.find(r => r.headSha === sha && JUDGED.has(r.conclusion ?? ''))
      if (!found) return null
      const ref: RunRef = {
        id: found.id,
        url: found.url,
        correlationId: `found-${found.id}`,
        workflow,
        ref: found.headBranch ?? sha
      }
      return watchRun(api, clock, ref, deadline)
    },
    async rerunFailed(result: RunResult): Promise<RunRef> {
      const before = { ...api.counter }
      await api.rerunFailedJobs(result.run.id)
      const ref = { ...result.run, attempt: (result.runAttempt ?? 1) + 1 }
      countsAtDispatch.set(ref.correlationId, before)
      return ref
    },
    async setupAdvice(): Promise<string> {
      const { workflow } = (await ensurePlan()).full
      return `Fix the workflow "${workflow}" on the base branch so that its jobs get past setting up (installing dependencies, starting the tools), or point the \`ci-workflow\` input at a workflow that can run there; then start nightshift again.`
    }
  }
}
