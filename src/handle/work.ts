/**
 * The triggers that put an agent to work: `run` and `retry` on an issue, a round on the agent's pull
 * request, a CI fix on any pull request. Each holds the issue's (or pull request's) lease, so a second
 * run for the same work ends `duplicate` before anything is spent.
 */
import * as core from '@actions/core'
import { missingModelKey } from '../config/parse.js'
import type { Settings } from '../config/settings.js'
import { ConfigError } from '../errors.js'
import { takeLease } from '../issue-lease.js'
import { duplicate, loopOn, type WorkContext } from '../issue-work.js'
import { setOutcome } from '../issue-work.js'
import { fixCiWork, reviewPlan } from '../pr-work/work.js'
import type { FixCiTrigger, PrRoundTrigger, RetryTrigger, RunTrigger } from '../trigger/types.js'
import { branchFor } from '../workspace/slug.js'
import { existingBranch } from './branches.js'

/** `run` and `retry` on an issue: its agent branch (found, or named after it), unless a pull request is open. */
export async function workOnIssue(trigger: RunTrigger | RetryTrigger, ctx: WorkContext): Promise<void> {
  const { settings, forge } = ctx
  const issue = trigger.issue
  const branch =
    (await existingBranch(ctx, issue.number)) ?? branchFor(issue.number, issue.title, settings.branchPrefix)
  core.setOutput('branch', branch)
  if (trigger.kind === 'run') {
    const open = await forge.findPullRequest(branch)
    if (open) {
      core.info(
        `ignored: #${issue.number} already has pull request #${open.number} (${open.url}); comment \`${settings.command} <request>\` there for another round.`
      )
      return setOutcome('ignored')
    }
  }
  checkModelKeys(settings)
  // A run or a retry that a later run already served is the same event again.
  return leased(ctx, issue.number, ctx.eventTime, () => loopOn(trigger, branch, ctx))
}

/** A request on the agent's pull request: new work on its branch, even when it waited behind another round. */
export async function workOnPullRequest(trigger: PrRoundTrigger, ctx: WorkContext): Promise<void> {
  const branch = trigger.pullRequest.branch
  core.setOutput('branch', branch)
  checkModelKeys(ctx.settings)
  return leased(ctx, trigger.issue.number, null, () => loopOn(trigger, branch, ctx, reviewPlan(trigger, ctx)))
}

/**
 * A fix-ci round picks its branch once CI has judged the pull request (src/pr-work/fix-ci.ts); it is
 * new work even when it waited behind another round.
 */
export async function fixCi(trigger: FixCiTrigger, ctx: WorkContext): Promise<void> {
  checkModelKeys(ctx.settings)
  return leased(ctx, trigger.issue.number, null, () => fixCiWork(trigger, ctx))
}

function checkModelKeys(settings: Settings): void {
  for (const model of [...settings.model, settings.escalationModel]) {
    const missing = model ? missingModelKey(settings, model) : null
    if (missing) throw new ConfigError([missing])
  }
}

/** Runs `body` holding the issue's (or pull request's) lease: one loop per number. */
async function leased(
  ctx: WorkContext,
  number: number,
  eventTime: number | null,
  body: () => Promise<string>
): Promise<void> {
  const lease = await takeLease(ctx, number, eventTime)
  if (lease.kind === 'duplicate') return duplicate(lease.note)
  let outcome = 'failed'
  try {
    outcome = await body()
  } finally {
    await lease.release(outcome)
  }
}
