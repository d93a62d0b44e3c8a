/**
 * "Make CI green" on a pull request: `/nightshift fix-ci` by a writer on any pull request of this
 * repository. A fork's branch is never checked out with this workflow's write token (a fork's code
 * could read it), so a fork gets a reply saying why instead of work.
 */
import type { IssueData } from '../task/types.js'
import { canWrite, refuseNonWriter } from './gate.js'
import { requesterOf } from './payload.js'
import type { GateApi, PullRequestFacts } from './ports.js'
import { ignored, type Actor, type Decision, type TriggerOptions } from './types.js'

export async function fixCiOnPullRequest(
  prIssue: IssueData,
  author: Actor,
  options: TriggerOptions,
  api: GateApi
): Promise<Decision> {
  const n = prIssue.number
  const refusal = await refuseNonWriter(author, api, `"${options.command} fix-ci" on pull request #${n}`)
  if (refusal) return refusal
  const pr = await api.pullRequest(n)
  if (!pr) return ignored('not-found', `pull request #${n} was not found`)
  const requester = requesterOf(author)
  if (!pr.sameRepository) {
    return {
      kind: 'refuse',
      issue: prIssue,
      requester,
      source: 'issue_comment',
      reason: forkRefusal(n, pr.branch)
    }
  }
  return fixCiTrigger(prIssue, pr, requester, 'issue_comment', null, api)
}

/** The reply to a fix-ci request on a fork's pull request. */
export function forkRefusal(n: number, branch: string): string {
  return (
    `nightshift does not work on pull request #${n}: its branch "${branch}" lives in a fork, and ` +
    "nightshift never checks out a fork's code with this repository's write token (the fork's code " +
    'could read the token). Push the branch to this repository and ask again there.'
  )
}

/** The trigger for a same-repository pull request, with its author's write access looked up. */
export async function fixCiTrigger(
  prIssue: IssueData,
  pr: PullRequestFacts,
  requester: { login: string; id: number | null },
  source: 'issue_comment' | 'workflow_run',
  runId: number | null,
  api: GateApi
): Promise<Decision> {
  if (!pr.base || !pr.headSha)
    return ignored('not-found', `pull request #${pr.number} has no base branch or head commit to work on`)
  const authorCanWrite = pr.author ? canWrite(await api.permission(pr.author)) : false
  return {
    kind: 'fix-ci',
    issue: prIssue,
    requester,
    source,
    pullRequest: {
      number: pr.number,
      branch: pr.branch,
      base: pr.base,
      headSha: pr.headSha,
      authorCanWrite
    },
    runId
  }
}
