/**
 * `schedule`: drain the queue off-peak. The queue is the open issues that carry the trigger label
 * (applied by a writer) and have neither an agent branch nor an open agent pull request yet, oldest
 * first, at most `queueLimit`. The action sets the numbers as the JSON `queue` output, which a second
 * job uses as a matrix; each matrix job passes its number back as `options.issue`, and is gated again
 * (the label may have been removed meanwhile) with the label's applier as the requester.
 */
import { issueFromBranch } from '../workspace/slug.js'
import { checkLabel } from './gate.js'
import { PayloadReader, requesterOf } from './payload.js'
import type { GateApi, QueueApi } from './ports.js'
import { ignored, type Decision, type QueueTrigger, type TriggerOptions } from './types.js'

export async function onSchedule(
  payload: unknown,
  options: TriggerOptions,
  api: GateApi & QueueApi
): Promise<Decision> {
  const r = new PayloadReader('schedule')
  r.obj(payload, 'payload')
  if (options.issue !== undefined && options.issue !== null) return runQueued(options.issue, options, api)
  return drain(options, api)
}

async function runQueued(number: number, options: TriggerOptions, api: GateApi): Promise<Decision> {
  const issue = await api.issue(number)
  if (!issue)
    return ignored('not-found', `queued issue #${number} does not exist, or the token cannot see it`)
  if (issue.isPullRequest) return ignored('pull-request', `queued #${number} is a pull request, not an issue`)
  if (issue.state !== 'open')
    return ignored('closed', `queued issue #${number} was closed since it was queued`)
  const label = await checkLabel(issue, options.triggerLabel, api, null)
  if ('kind' in label) return label
  return { kind: 'run', issue, requester: requesterOf(label.applier), force: false, source: 'schedule' }
}

export async function drain(options: TriggerOptions, api: GateApi & QueueApi): Promise<QueueTrigger> {
  const [candidates, branches, prBranches] = await Promise.all([
    api.openIssuesWithLabel(options.triggerLabel),
    api.branchesWithPrefix(options.branchPrefix),
    api.openPullRequestBranches(options.branchPrefix)
  ])
  const withBranch = numbers(branches, options.branchPrefix)
  const withPr = numbers(prBranches, options.branchPrefix)
  const ordered = candidates
    .filter(i => !i.isPullRequest && i.state === 'open')
    .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.number - b.number)

  const queue: QueueTrigger = { kind: 'queue', issues: [], skipped: [], source: 'schedule' }
  for (const issue of ordered) {
    const n = issue.number
    if (withPr.has(n)) queue.skipped.push({ issue: n, reason: 'has an open agent pull request' })
    else if (withBranch.has(n)) queue.skipped.push({ issue: n, reason: 'has an agent branch' })
    else if (queue.issues.length >= options.queueLimit) {
      queue.skipped.push({ issue: n, reason: `the queue limit (${options.queueLimit}) was reached` })
    } else {
      const label = await checkLabel(issue, options.triggerLabel, api, null)
      if ('kind' in label) queue.skipped.push({ issue: n, reason: label.reason })
      else queue.issues.push(n)
    }
  }
  return queue
}

function numbers(branches: string[], prefix: string): Set<number> {
  const found = new Set<number>()
  for (const b of branches) {
    const n = issueFromBranch(b, prefix)
    if (n !== null) found.add(n)
  }
  return found
}
