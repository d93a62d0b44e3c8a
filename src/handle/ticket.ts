/**
 * A `repository_dispatch` ticket from another tool: the branch, the comments and the pull request need
 * an issue, so the ticket becomes one (with the trigger label, which a writer's dispatch stands for),
 * then runs like `run` on it.
 */
import * as core from '@actions/core'
import type { WorkContext } from '../issue-work.js'
import type { TicketTrigger } from '../trigger/types.js'
import { workOnIssue } from './work.js'

export async function openTicket(trigger: TicketTrigger, ctx: WorkContext): Promise<void> {
  const { ticket } = trigger
  const issue = await ctx.forge.createIssue({
    title: ticket.title,
    body: ticket.body,
    labels: [...new Set([...ticket.labels, ctx.settings.triggerLabel])]
  })
  core.info(`Opened #${issue.number} for the ticket.`)
  return workOnIssue(
    { kind: 'run', issue, requester: trigger.requester, force: trigger.force, source: 'repository_dispatch' },
    ctx
  )
}
