/**
 * `workflow_dispatch` (run one issue by number: an `issue` input, optional `force`; without an issue,
 * drain the queue as `schedule` does) and
 * `repository_dispatch` (tickets from other tools: `client_payload` with either `issue`, or `title`
 * and `body`). The sender must be a writer and not a bot; an issue by number passes the same label
 * gate as an assignment (the label is what marks an issue as fit for the agent; `force` only
 * overrides the classifier). A ticket has no issue yet: the composition root opens one.
 *
 * Inputs the workflow does not define, or values of the wrong shape, are PayloadErrors: the workflow
 * (or the tool sending the dispatch) is misconfigured, and a human must fix it.
 */
import type { Decision, TriggerOptions, TriggerSource } from './types.js'
import { ignored, type Actor } from './types.js'
import type { GateApi, QueueApi } from './ports.js'
import { drain } from './schedule.js'
import { refuseBot, refuseNonWriter, refuseUntrustedLabel } from './gate.js'
import { PayloadReader, requesterOf } from './payload.js'

/** GitHub's limits on an issue's title and body (characters). */
const TITLE_MAX = 256
const BODY_MAX = 65536

export async function onWorkflowDispatch(
  payload: unknown,
  options: TriggerOptions,
  api: GateApi & QueueApi
): Promise<Decision> {
  const r = new PayloadReader('workflow_dispatch')
  const p = r.obj(payload, 'payload')
  const inputs = p.inputs === undefined || p.inputs === null ? {} : r.obj(p.inputs, 'inputs')
  const sender = r.actor(p.sender, 'sender')
  const force = flag(r, inputs.force, 'inputs.force')
  const given =
    inputs.issue === undefined || inputs.issue === '' ? null : issueNumber(r, inputs.issue, 'inputs.issue')
  // The `issue` action input wins (the queue's matrix job passes its number there, and a manual run of
  // the queue workflow is a workflow_dispatch too); then the workflow's own `issue` input.
  const issue = options.issue ?? given
  if (issue !== null) return runIssue(issue, sender, force, 'workflow_dispatch', options, api)
  // No issue at all: a manual run of a queue workflow, which drains the queue now, as its schedule would.
  const what = 'workflow_dispatch without an issue (drain the queue)'
  const refusal = refuseBot(sender, what) ?? (await refuseNonWriter(sender, api, what))
  if (refusal) return refusal
  return { ...(await drain(options, api)), source: 'workflow_dispatch' }
}

export async function onRepositoryDispatch(
  payload: unknown,
  options: TriggerOptions,
  api: GateApi
): Promise<Decision> {
  const r = new PayloadReader('repository_dispatch')
  const p = r.obj(payload, 'payload')
  const cp = r.obj(p.client_payload, 'client_payload')
  const hasIssue = cp.issue !== undefined && cp.issue !== null
  const hasTicket = cp.title !== undefined || cp.body !== undefined
  if (hasIssue && hasTicket) {
    r.fail('client_payload', cp, 'either "issue" (a number) or "title" and "body", not both')
  }
  if (!hasIssue && !hasTicket) {
    r.fail('client_payload.issue', undefined, 'an issue number, or "title" and "body" for a new ticket')
  }
  const force = flag(r, cp.force, 'client_payload.force')
  const sender = r.actor(p.sender, 'sender')
  if (hasIssue)
    return runIssue(
      issueNumber(r, cp.issue, 'client_payload.issue'),
      sender,
      force,
      'repository_dispatch',
      options,
      api
    )

  const title = r.str(cp.title, 'client_payload.title').trim()
  if (title === '' || title.length > TITLE_MAX) {
    r.fail('client_payload.title', cp.title, `a non-empty title of at most ${TITLE_MAX} characters`)
  }
  const body = r.str(cp.body, 'client_payload.body')
  if (body.length > BODY_MAX)
    r.fail('client_payload.body', `${body.length} characters`, `at most ${BODY_MAX} characters`)
  const labels =
    cp.labels === undefined || cp.labels === null
      ? []
      : r.arr(cp.labels, 'client_payload.labels').map((l, i) => r.str(l, `client_payload.labels[${i}]`))

  const what = `repository_dispatch ticket "${title.slice(0, 60)}"`
  const refusal = refuseBot(sender, what) ?? (await refuseNonWriter(sender, api, what))
  if (refusal) return refusal
  return {
    kind: 'ticket',
    ticket: { title, body, labels },
    requester: requesterOf(sender),
    force,
    source: 'repository_dispatch'
  }
}

/** The gate for "run issue N" by a sender: writer, not a bot, an open issue with a trusted label. */
export async function runIssue(
  number: number,
  sender: Actor,
  force: boolean,
  source: TriggerSource,
  options: TriggerOptions,
  api: GateApi
): Promise<Decision> {
  const what = `${source} for issue #${number}`
  const refusal = refuseBot(sender, what) ?? (await refuseNonWriter(sender, api, what))
  if (refusal) return refusal
  const issue = await api.issue(number)
  if (!issue) return ignored('not-found', `issue #${number} does not exist, or the token cannot see it`)
  if (issue.isPullRequest) return ignored('pull-request', `#${number} is a pull request, not an issue`)
  if (issue.state !== 'open') return ignored('closed', `issue #${number} is closed`)
  const untrusted = await refuseUntrustedLabel(issue, options.triggerLabel, api, sender.login)
  if (untrusted) return untrusted
  return { kind: 'run', issue, requester: requesterOf(sender), force, source }
}

/** An issue number given as a number or a string such as "42" or "#42". */
function issueNumber(r: PayloadReader, value: unknown, path: string): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : null
  const match = text === null ? null : /^#?([1-9][0-9]{0,15})$/.exec(text)
  const n = match ? Number(match[1]) : NaN
  if (!Number.isSafeInteger(n)) r.fail(path, value, 'an issue number such as 42 or "#42"')
  return n
}

/** A boolean input: workflow_dispatch delivers booleans as strings in the event payload. */
function flag(r: PayloadReader, value: unknown, path: string): boolean {
  if (value === undefined || value === null || value === '' || value === false || value === 'false')
    return false
  if (value === true || value === 'true') return true
  return r.fail(path, value, 'true or false')
}
