/**
 * One loop per issue, seen before anything is spent: the main step takes the issue's lease
 * (src/github/lease.ts) right after deciding to work, and a second run for the same issue — the same
 * event delivered twice, labelling and assigning at once without the README's concurrency group —
 * ends `duplicate` with a neutral note instead of paying for the agent and CI a second time.
 */
import * as core from '@actions/core'
import { POST_STATE, type RunContext } from './compose.js'
import { ApiError, errorMessage } from './errors.js'
import { createLeaseApi, type HeldLease, type LeaseRecord } from './github/lease.js'

/** Kept past the time limit: reporting and the post step run after the loop's own deadline. */
const LEASE_MARGIN_MS = 15 * 60_000

export type LeaseOutcome =
  { kind: 'go'; release(outcome: string): Promise<void> } | { kind: 'duplicate'; note: string }

const when = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')
const who = (r: LeaseRecord) => (r.url ? `workflow run ${r.url}` : `workflow run ${r.run}`)

export async function takeLease(
  ctx: RunContext,
  issue: number,
  eventTime: number | null
): Promise<LeaseOutcome> {
  const api = createLeaseApi(ctx.octokit, ctx.repo)
  let taken: Awaited<ReturnType<typeof api.acquire>>
  try {
    taken = await api.acquire({
      issue,
      run: ctx.runner.identity,
      url: ctx.runner.runUrl,
      ttlMs: ctx.settings.timeLimitMinutes * 60_000 + LEASE_MARGIN_MS,
      now: ctx.clock.now(),
      eventTime
    })
  } catch (e) {
    // A server that refuses the lease ref (some GitHub Enterprise setups): work, and say what is lost.
    if (e instanceof ApiError && !e.transient && e.status !== null && e.status >= 400 && e.status < 500) {
      core.warning(
        `Could not take the lease on #${issue} (${errorMessage(e)}): a duplicate event could start a second loop on it.`
      )
      return { kind: 'go', release: async () => {} }
    }
    throw e
  }
  if (taken.kind === 'held') {
    const h = taken.holder
    return {
      kind: 'duplicate',
      note:
        `#${issue} is already being worked on by ${who(h)} (since ${when(h.startedAt)}): this run does nothing, ` +
        `so the issue is not paid for twice. If that run is gone, its lease lapses at ${when(h.expiresAt)}; ` +
        `deleting the ref ${taken.ref} frees it now.`
    }
  }
  if (taken.kind === 'served') {
    return {
      kind: 'duplicate',
      note:
        `${who(taken.by)} started on #${issue} after this event happened and has handled it (it ended ` +
        `${taken.by.outcome ?? 'unfinished'}): this run does nothing. Comment \`${ctx.settings.command} retry\` to run again.`
    }
  }
  const held: HeldLease = taken.lease
  core.saveState(POST_STATE.lease, JSON.stringify(held))
  ctx.log(`Took the lease on #${issue} (${held.ref}) until ${when(held.record.expiresAt)}.`)
  return {
    kind: 'go',
    async release(outcome) {
      try {
        const mine = await api.release(held, outcome, ctx.clock.now())
        if (!mine) core.warning(`The lease on #${issue} had lapsed and another run holds it now.`)
        core.saveState(POST_STATE.lease, '')
      } catch (e) {
        core.warning(
          `Could not release the lease on #${issue}: ${errorMessage(e)}. The post step tries again.`
        )
      }
    }
  }
}

/** Releases a lease the main step could not (killed, or GitHub failing); used by the post step. */
export async function releaseLeftLease(
  ctx: Pick<RunContext, 'octokit' | 'repo'>,
  saved: string,
  outcome: string,
  now: number
): Promise<boolean> {
  const held = JSON.parse(saved) as HeldLease
  return createLeaseApi(ctx.octokit, ctx.repo).release(held, outcome, now)
}
