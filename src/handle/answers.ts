/**
 * The triggers answered without agent work: a scheduled queue, `/nightshift status` and `stop`, a
 * refusal, a malformed command. Each one writes at most one comment.
 */
import * as core from '@actions/core'
import { readBranchRecord } from '../compose.js'
import { setOutcome, type WorkContext } from '../issue-work.js'
import { renderInvalidCommand, renderStatus } from '../report/texts.js'
import type { ControlTrigger, InvalidCommandTrigger, QueueTrigger, RefuseTrigger } from '../trigger/types.js'
import { existingBranch } from './branches.js'

/** The issues a scheduled run found, as the `queue` output for a matrix job. */
export async function answerQueue(trigger: QueueTrigger): Promise<void> {
  core.setOutput('queue', JSON.stringify(trigger.issues))
  for (const s of trigger.skipped) core.info(`#${s.issue} waits: ${s.reason}`)
  setOutcome('queued')
}

/** `/nightshift status`: where the issue's loop is, from the state its branch's check run keeps. */
export async function answerStatus(trigger: ControlTrigger, ctx: WorkContext): Promise<void> {
  const branch = await existingBranch(ctx, trigger.issue.number)
  const state = branch ? (await readBranchRecord(ctx.octokit, ctx.repo, branch)).state : null
  const s = ctx.settings
  await ctx.forge.comment(
    trigger.issue.number,
    renderStatus(state, ctx.clock.now(), ctx.words, {
      maxAttempts: s.maxAttempts,
      maxCostUsd: s.maxCostUsd,
      maxTokens: s.maxTokens,
      timeLimitMinutes: s.timeLimitMinutes
    })
  )
  setOutcome('answered')
}

/** `/nightshift stop`: the running loop polls the issue's comments and stops at its next step. */
export async function answerStop(trigger: ControlTrigger, ctx: WorkContext): Promise<void> {
  await ctx.forge.comment(
    trigger.issue.number,
    `Stop requested by @${trigger.requester.login}: a running nightshift loop on this issue stops after its current step, keeping its work on the branch. \`${ctx.settings.command} retry\` continues it.`
  )
  setOutcome('answered')
}

export async function answerRefusal(trigger: RefuseTrigger, ctx: WorkContext): Promise<void> {
  await ctx.forge.comment(trigger.issue.number, trigger.reason)
  core.info(`refused: ${trigger.reason}`)
  setOutcome('refused')
}

export async function answerInvalidCommand(trigger: InvalidCommandTrigger, ctx: WorkContext): Promise<void> {
  await ctx.forge.comment(trigger.issue.number, renderInvalidCommand(trigger.reason, trigger.requester.login))
  core.info(`answered: ${trigger.reason}`)
  setOutcome('answered')
}
