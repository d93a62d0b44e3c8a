/**
 * `workflow_run.completed` for a failed run of the CI workflow on a pull request that carries the
 * trigger label (applied by a writer, as for issues): a fix-ci round reading that run's failures.
 *
 * The run's `pull_requests` lists only pull requests whose head is in this repository, so a fork's run
 * never gets here (https://docs.github.com/en/webhooks/webhook-events-and-payloads#workflow_run). Runs
 * nightshift dispatched itself (on its agent branches) are its own loop's business and are ignored, as
 * is a run on a head the pull request has already moved past.
 */
import { checkLabel } from './gate.js'
import { fixCiTrigger } from './fix-ci.js'
import { PayloadReader, requesterOf } from './payload.js'
import type { GateApi } from './ports.js'
import { ignored, type Decision, type TriggerOptions } from './types.js'

const FAILED = new Set(['failure', 'timed_out'])

export async function onWorkflowRun(
  payload: unknown,
  options: TriggerOptions,
  api: GateApi
): Promise<Decision> {
  const r = new PayloadReader('workflow_run')
  const p = r.obj(payload, 'payload')
  const action = r.str(p.action, 'action')
  if (action !== 'completed')
    return ignored('unhandled-action', `workflow_run.${action} never starts work (only a completed run)`)
  const run = r.obj(p.workflow_run, 'workflow_run')
  const id = r.posInt(run.id, 'workflow_run.id')
  const conclusion = r.optStr(run.conclusion, 'workflow_run.conclusion')
  const path = r.optStr(run.path, 'workflow_run.path') ?? ''
  const branch = r.optStr(run.head_branch, 'workflow_run.head_branch') ?? ''
  const headSha = r.str(run.head_sha, 'workflow_run.head_sha')
  const what = `workflow run ${id}`
  const ci = options.ciWorkflow ?? 'ci.yml'
  if (!FAILED.has(conclusion ?? ''))
    return ignored(
      'not-a-failed-pr-run',
      `${what} ended "${conclusion ?? 'without a conclusion'}", not failed`
    )
  if (!/^\d+$/.test(ci) && path.split('/').pop() !== ci)
    return ignored('not-a-failed-pr-run', `${what} is "${path}", not the CI workflow "${ci}"`)
  if (branch.startsWith(options.branchPrefix))
    return ignored(
      'not-a-failed-pr-run',
      `${what} is on "${branch}", an agent branch whose loop judges its own runs`
    )
  const pulls = r.arr(run.pull_requests, 'workflow_run.pull_requests')
  if (pulls.length === 0)
    return ignored('not-a-failed-pr-run', `${what} belongs to no pull request of this repository`)
  const number = r.posInt(
    r.obj(pulls[0], 'workflow_run.pull_requests[0]').number,
    'workflow_run.pull_requests[0].number'
  )

  const issue = await api.issue(number)
  if (!issue) return ignored('not-found', `pull request #${number} was not found`)
  if (issue.state !== 'open') return ignored('closed', `pull request #${number} is closed`)
  const label = await checkLabel(issue, options.triggerLabel, api, null)
  if ('kind' in label) return label
  const pr = await api.pullRequest(number)
  if (!pr || !pr.sameRepository)
    return ignored('not-a-failed-pr-run', `pull request #${number} is not from this repository`)
  if (pr.headSha && pr.headSha !== headSha)
    return ignored(
      'not-a-failed-pr-run',
      `${what} tested ${headSha.slice(0, 7)}, but pull request #${number} has moved on to ${pr.headSha.slice(0, 7)}`
    )
  return fixCiTrigger(issue, pr, requesterOf(label.applier), 'workflow_run', id, api)
}
