/**
 * Dispatch a workflow on the agent's branch and find the run it started.
 * GitHub.com returns the run id when asked (`return_run_details`, 2026-02); older servers answer 204
 * or 400, and the run is found by the nonce in its `display_title` (from `run-name`).
 * https://github.blog/changelog/2026-02-19-workflow-dispatch-api-now-returns-run-ids/
 */
import { randomBytes } from 'node:crypto'
import type { ActionsApi, WorkflowRun } from './actions-port.js'
import type { Clock } from '../clock.js'
import type { DispatchTarget } from './preflight.js'
import type { RunRef } from './types.js'
import { CORRELATION_INPUT, SCOPE_INPUT } from './workflow-yaml.js'

export interface CorrelateOptions {
  /** Runner and server clocks differ: list runs created from this much before the dispatch (default 2 min). */
  clockSkewMs?: number
  /** Give up looking for the run after this long (default 3 min); the outcome is then `never_started`. */
  appearTimeoutMs?: number
  /** Waits between listings: 2s, 4s, 8s, ... capped here (default 15s). */
  maxListDelayMs?: number
  warn?: (message: string) => void
}

/** The dispatch was accepted but no run could be matched to it in time. */
export class RunNotFound {
  constructor(
    readonly correlationId: string,
    readonly workflow: string,
    readonly ref: string,
    readonly waitedMs: number
  ) {}
}

export function newCorrelationId(): string {
  return `ns-${randomBytes(6).toString('hex')}`
}

/**
 * Dispatches and returns the run, or RunNotFound when none appeared. `claimed` holds ids returned
 * before, so the time-based fallback never hands out the same run twice.
 */
export async function dispatchRun(
  api: ActionsApi,
  clock: Clock,
  target: DispatchTarget,
  ref: string,
  claimed: Set<number>,
  options: CorrelateOptions = {}
): Promise<RunRef | RunNotFound> {
  const correlationId = newCorrelationId()
  const inputs: Record<string, string> = {}
  // Undeclared inputs make GitHub answer 422 ("Unexpected inputs provided"): send only what is declared.
  if (target.info.inputs.includes(CORRELATION_INPUT)) inputs[CORRELATION_INPUT] = correlationId
  if (target.scope && target.info.inputs.includes(SCOPE_INPUT)) inputs[SCOPE_INPUT] = target.scope
  const dispatchedAt = clock.now()
  const reported = await api.dispatch(target.workflow, ref, inputs)
  const base = { correlationId, workflow: target.workflow, ref }
  if (reported) {
    claimed.add(reported.id)
    return { id: reported.id, url: reported.url, ...base }
  }
  const byNonce = inputs[CORRELATION_INPUT] !== undefined && target.info.runNameShowsNonce
  if (!byNonce) {
    options.warn?.(
      `Matching the run of "${target.workflow}" on "${ref}" by time (the newest run after the dispatch): the ` +
        `server did not return a run id and the workflow's run-name does not show \${{ inputs.${CORRELATION_INPUT} }}. ` +
        `Add \`run-name: "CI \${{ inputs.${CORRELATION_INPUT} }}"\` (and the input) to the workflow to match exactly.`
    )
  }
  const since = dispatchedAt - (options.clockSkewMs ?? 120_000)
  const limit = options.appearTimeoutMs ?? 180_000
  const maxDelay = options.maxListDelayMs ?? 15_000
  for (let delay = 2000; ; delay = Math.min(delay * 2, maxDelay)) {
    await clock.sleep(delay)
    const runs = await api.listRuns(target.workflow, {
      branch: ref,
      event: 'workflow_dispatch',
      createdSince: since
    })
    const run = byNonce
      ? runs.find(r => r.displayTitle.includes(correlationId))
      : newest(runs, claimed, since)
    if (run) {
      claimed.add(run.id)
      return { id: run.id, url: run.url, ...base }
    }
    const waited = clock.now() - dispatchedAt
    if (waited >= limit) return new RunNotFound(correlationId, target.workflow, ref, waited)
  }
}

function newest(runs: WorkflowRun[], claimed: Set<number>, since: number): WorkflowRun | undefined {
  return runs
    .filter(r => !claimed.has(r.id) && r.createdAt >= since)
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)[0]
}
