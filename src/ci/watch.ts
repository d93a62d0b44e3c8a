/**
 * Watch a run until it completes or the wall-clock deadline passes.
 *
 * Polling: conditional GETs (ETag → If-None-Match → 304), which do not count against the primary rate
 * limit (docs: rate-limits-for-the-rest-api, "conditional requests"). Delays grow 5s, 10s, 15s, ...
 * up to 30s: a CI run takes minutes, so a 30s cap adds at most 30s of latency at the end while a
 * 10-minute run costs about 25 polls, nearly all 304s. Rate limits: the Octokit throttling plugin
 * already waits out 403/429 with `retry-after` / `x-ratelimit-reset` inside a request; the loop below
 * awaits each request before scheduling the next (never two in flight), and when the plugin gives up
 * it waits what the server asked (`ApiError.retryAfterMs`, bounded by the deadline) instead of
 * failing the attempt.
 */
import { ApiError } from '../errors.js'
import type { ActionsApi, WorkflowJob } from './actions-port.js'
import type { Clock } from '../clock.js'
import type { CiOutcome, FailedJob, RunRef, RunResult } from './types.js'

export const POLL_SCHEDULE = { firstMs: 5000, stepMs: 5000, maxMs: 30_000 }

/** When fewer requests than this remain in the window, wait for the reset before polling again. */
const LOW_RATE_LIMIT = 10
/** Errors in a row (after the client's own retries) before watching gives up. */
const MAX_ERRORS_IN_A_ROW = 5

/**
 * GitHub's run conclusion → our outcome. Only `success` is green.
 * - `failure`, `startup_failure` → failure (the report keeps the exact conclusion).
 * - `action_required` → failure: the run waits for a human's approval and nothing was verified.
 * - `cancelled` → cancelled; `timed_out` → timed_out.
 * - `neutral`, `skipped`, `stale` and anything unknown → cancelled ("not evaluated"): no job checked
 *   the code, so it is never success, and feeding it to the agent would not help.
 */
export function outcomeOf(conclusion: string | null): CiOutcome {
  switch (conclusion) {
    case 'success':
      return 'success'
    case 'failure':
    case 'startup_failure':
    case 'action_required':
      return 'failure'
    case 'timed_out':
      return 'timed_out'
    default:
      return 'cancelled'
  }
}

/** The n-th delay (0-based) of the poll schedule. */
export function pollDelay(n: number): number {
  return Math.min(POLL_SCHEDULE.firstMs + n * POLL_SCHEDULE.stepMs, POLL_SCHEDULE.maxMs)
}

/**
 * `countFrom` is the counter as it was before the dispatch, so `RunResult.api` covers dispatch and watch.
 * `appearTimeoutMs` bounds how long a run id the dispatch returned may answer 404 before it counts as
 * `never_started` (default 3 min, as for correlation).
 */
export async function watchRun(
  api: ActionsApi,
  clock: Clock,
  run: RunRef,
  deadline: number,
  countFrom?: { requests: number; notModified: number },
  appearTimeoutMs = 180_000
): Promise<RunResult> {
  const started = clock.now()
  const before = countFrom ?? { ...api.counter }
  let runAttempt: number | undefined
  const result = (
    outcome: CiOutcome,
    conclusion: string | null,
    headSha: string | null,
    failedJobs: FailedJob[],
    jobs?: WorkflowJob[]
  ): RunResult => ({
    run,
    outcome,
    conclusion,
    headSha,
    durationMs: clock.now() - started,
    failedJobs,
    ...(jobs ? { jobs: jobs.map(j => ({ name: j.name, conclusion: j.conclusion })) } : {}),
    ...(runAttempt ? { runAttempt } : {}),
    api: {
      requests: api.counter.requests - before.requests,
      notModified: api.counter.notModified - before.notModified
    }
  })
  if (run.neverStarted) return result('never_started', null, null, [])

  let etag: string | null = null
  let headSha: string | null = null
  let seen = false
  let errors = 0
  for (let n = 0; ; n++) {
    let wait = pollDelay(n)
    try {
      const res = await api.getRun(run.id, etag)
      errors = 0
      seen = true
      if (!res.notModified) {
        etag = res.etag
        headSha = res.value.headSha
        runAttempt = res.value.runAttempt
        // workflow_dispatch takes a branch, so a push landing before the run started makes it test
        // another commit: that run judges nothing about ours, and waiting for it would only cost time.
        if (run.headSha && headSha && headSha !== run.headSha) return result('other_head', null, headSha, [])
        // After a re-run the earlier attempt stays completed until GitHub queues the new one.
        const current = run.attempt === undefined || res.value.runAttempt >= run.attempt
        if (res.value.status === 'completed' && current) {
          let outcome = outcomeOf(res.value.conclusion)
          const all = outcome === 'success' ? [] : await api.listJobs(run.id)
          const jobs = failedJobsOf(all)
          if (outcome === 'cancelled' && (await anyJobTimedOut(api, jobs))) outcome = 'timed_out'
          return result(outcome, res.value.conclusion, headSha, jobs, outcome === 'success' ? undefined : all)
        }
      }
      if (res.rateLimit && res.rateLimit.remaining < LOW_RATE_LIMIT) {
        wait = Math.max(wait, res.rateLimit.resetAt - clock.now())
      }
    } catch (e) {
      const asked = e instanceof ApiError ? e.retryAfterMs : null
      const status = e instanceof ApiError ? e.status : null
      // A run id from `return_run_details` that was never readable: the run did not start (or is not
      // visible yet). Watch for it as correlation would, then name the outcome instead of throwing.
      if (status === 404 && !seen) {
        if (clock.now() - started >= appearTimeoutMs) return result('never_started', null, null, [])
      } else if (status === 404 || ++errors >= MAX_ERRORS_IN_A_ROW) {
        // A run that was seen and now answers 404 was deleted: waiting longer will not help.
        throw e
      }
      if (asked !== null) wait = Math.max(wait, asked)
    }
    const left = deadline - clock.now()
    if (left <= 0) return result('watch_timeout', null, headSha, [])
    await clock.sleep(Math.min(wait, left))
    if (clock.now() >= deadline) return result('watch_timeout', null, headSha, [])
  }
}

/** The runner's note on a job stopped by its `timeout-minutes`. */
const TIMEOUT_NOTE = /has exceeded the maximum execution time/i

/**
 * A job past its `timeout-minutes` ends cancelled, with the runner's annotation saying why; only that
 * annotation tells a timeout (a hang the agent should fix) from someone cancelling the run. Costs one
 * request per cancelled job, and only for cancelled runs.
 */
async function anyJobTimedOut(api: ActionsApi, jobs: FailedJob[]): Promise<boolean> {
  for (const job of jobs) {
    if (job.conclusion !== 'cancelled' && job.conclusion !== 'timed_out') continue
    if (job.conclusion === 'timed_out') return true
    const notes = await api.listAnnotations(job.checkRunId ?? job.id)
    if (notes.some(a => TIMEOUT_NOTE.test(a.message))) return true
  }
  return false
}

/** Jobs that failed or timed out, with their failed steps; cancelled jobs only when nothing else failed. */
export function failedJobsOf(jobs: WorkflowJob[]): FailedJob[] {
  const bad = (c: string | null) => c === 'failure' || c === 'timed_out' || c === 'startup_failure'
  let picked = jobs.filter(j => bad(j.conclusion))
  if (picked.length === 0) picked = jobs.filter(j => j.conclusion === 'cancelled')
  return picked.map(j => ({
    id: j.id,
    name: j.name,
    conclusion: j.conclusion,
    failedSteps: j.steps.filter(s => bad(s.conclusion)).map(s => s.name),
    url: j.url,
    checkRunId: j.checkRunId
  }))
}
