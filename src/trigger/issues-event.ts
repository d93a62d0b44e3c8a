/**
 * `issues` events. Work starts when an issue is both labelled with the trigger label and assigned
 * (to `options.assignee` when set, to anyone otherwise), whichever happens second:
 *
 * - `assigned` starts work when the new assignee matches and the issue already carries the label
 *   (applied by a writer).
 * - `labeled` starts work when the added label is the trigger label and the issue is already assigned
 *   (to the configured assignee when set). The label alone only marks an issue as suitable: a
 *   maintainer may label a batch of issues for the scheduled queue without starting a run for each.
 *
 * So a user can label then assign, or assign then label, and gets one run either way. Other actions
 * (`opened`, `edited`, `unlabeled`, …) are ignored, not errors: a workflow listening to `issues`
 * without a `types:` filter receives them routinely.
 */
import type { GateApi } from './ports.js'
import { refuseBot, refuseNonWriter, refuseUntrustedLabel } from './gate.js'
import { PayloadReader, requesterOf, sameLabel, sameLogin } from './payload.js'
import { ignored, type Decision, type TriggerOptions } from './types.js'

export async function onIssues(payload: unknown, options: TriggerOptions, api: GateApi): Promise<Decision> {
  const r = new PayloadReader('issues')
  const p = r.obj(payload, 'payload')
  const action = r.str(p.action, 'action')
  if (action !== 'assigned' && action !== 'labeled') {
    return ignored(
      'unhandled-action',
      `issues.${action} never starts work (only "assigned" and "labeled" do)`
    )
  }
  const sender = r.actor(p.sender, 'sender')
  const issue = r.issue(p.issue)
  const label = options.triggerLabel
  const what =
    action === 'assigned' ? `assignment of issue #${issue.number}` : `labelling of issue #${issue.number}`

  const bot = refuseBot(sender, what)
  if (bot) return bot
  if (issue.isPullRequest) return ignored('pull-request', `#${issue.number} is a pull request, not an issue`)
  if (issue.state !== 'open') return ignored('closed', `issue #${issue.number} is closed`)

  if (action === 'assigned') {
    const assignee = r.actor(p.assignee, 'assignee')
    if (options.assignee !== null && !sameLogin(assignee.login, options.assignee)) {
      return ignored(
        'assignee-mismatch',
        `issue #${issue.number} was assigned to @${assignee.login}, not to @${options.assignee} (the assignee input)`
      )
    }
    if (!issue.labels.some(l => sameLabel(l, label))) {
      return ignored(
        'label-missing',
        `issue #${issue.number} was assigned but does not carry the "${label}" label`
      )
    }
  } else {
    const added = r.str(r.obj(p.label, 'label').name, 'label.name')
    if (!sameLabel(added, label)) {
      return ignored('other-label', `issue #${issue.number} was labelled "${added}", not "${label}"`)
    }
    const assigned =
      options.assignee === null
        ? issue.assignees.length > 0
        : issue.assignees.some(a => sameLogin(a, options.assignee as string))
    if (!assigned) {
      const whom = options.assignee === null ? 'anyone' : `@${options.assignee}`
      return ignored(
        'not-assigned',
        `issue #${issue.number} was labelled "${label}" but is not assigned to ${whom} yet; assigning it starts work`
      )
    }
  }

  const refusal = await refuseNonWriter(sender, api, what)
  if (refusal) return refusal
  // On `labeled` the sender applied this very label, and was just checked.
  if (action === 'assigned') {
    const untrusted = await refuseUntrustedLabel(issue, label, api, sender.login)
    if (untrusted) return untrusted
  }
  return {
    kind: 'run',
    issue,
    requester: requesterOf(sender),
    force: false,
    source: action === 'assigned' ? 'issues.assigned' : 'issues.labeled'
  }
}
