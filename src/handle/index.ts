/** What each kind of trigger does, one small handler apiece. */
import type { WorkContext } from '../issue-work.js'
import type { Trigger } from '../trigger/types.js'
import { answerInvalidCommand, answerQueue, answerRefusal, answerStatus, answerStop } from './answers.js'
import { openTicket } from './ticket.js'
import { fixCi, workOnIssue, workOnPullRequest } from './work.js'

type Handler<K extends Trigger['kind']> = (trigger: Trigger & { kind: K }, ctx: WorkContext) => Promise<void>

const HANDLERS: { [K in Trigger['kind']]: Handler<K> } = {
  queue: answerQueue,
  status: answerStatus,
  stop: answerStop,
  refuse: answerRefusal,
  'invalid-command': answerInvalidCommand,
  ticket: openTicket,
  run: workOnIssue,
  retry: workOnIssue,
  'pr-round': workOnPullRequest,
  'fix-ci': fixCi
}

export function handle(trigger: Trigger, ctx: WorkContext): Promise<void> {
  const handler = HANDLERS[trigger.kind] as Handler<Trigger['kind']>
  return handler(trigger, ctx)
}
