/**
 * Reviews on the agent's own pull request start a round on its branch (the review is the unit):
 *
 * - `pull_request_review.submitted` whose state is `changes_requested`, or whose body starts with the
 *   command prefix (`/nightshift <request>`): the body and every inline comment of the review become
 *   the task (src/task/review.ts), and each inline comment is answered in its thread afterwards.
 * - `pull_request_review_comment.created` alone never starts work (a review's comments arrive one
 *   event each), except a comment that is itself `/nightshift <request>`: a round on that one thread.
 *
 * The same gate as comments: bots never, only writers, only open pull requests whose head is an agent
 * branch of this repository. Nothing here writes to GitHub.
 */
import { issueFromBranch } from '../workspace/slug.js'
import { cleanComments, renderReview } from '../task/review.js'
import { sanitizeMarkdown } from '../task/sanitize.js'
import type { IssueData } from '../task/types.js'
import { parseCommand } from './command.js'
import { refuseBot, refuseNonWriter } from './gate.js'
import { PayloadReader, requesterOf } from './payload.js'
import type { GateApi, ReviewApi } from './ports.js'
import { ignored, type Actor, type Decision, type PullRequestTarget, type TriggerOptions } from './types.js'

interface AgentPull {
  issue: IssueData
  target: PullRequestTarget
}

export async function onPullRequestReview(
  payload: unknown,
  options: TriggerOptions,
  api: GateApi & ReviewApi
): Promise<Decision> {
  const r = new PayloadReader('pull_request_review')
  const p = r.obj(payload, 'payload')
  const action = r.str(p.action, 'action')
  if (action !== 'submitted')
    return ignored(
      'unhandled-action',
      `pull_request_review.${action} never starts work (only a submitted review)`
    )
  const review = r.obj(p.review, 'review')
  const reviewer = r.actor(review.user, 'review.user')
  const id = r.posInt(review.id, 'review.id')
  const state = r.str(review.state, 'review.state').toLowerCase()
  const rawBody = r.optStr(review.body, 'review.body') ?? ''
  const pull = readPull(r, p)
  const where = `review ${id} on pull request #${pull.issue.number}`

  const bot = refuseBot(reviewer, where) ?? refuseBot(r.actor(p.sender, 'sender'), where)
  if (bot) return bot
  const parsed = parseCommand(rawBody, options.command)
  const command = parsed.kind === 'command' && parsed.command.type === 'request' ? parsed.command.text : null
  if (state !== 'changes_requested' && command === null)
    return ignored(
      'not-a-review-request',
      `${where} is "${state}" and its body is no "${options.command} <request>": only a review requesting changes starts a round`
    )
  const gate = await gatePull(pull, reviewer, options, api, where)
  if ('kind' in gate) return gate
  const comments = await cleanComments(
    (await api.reviewComments(pull.issue.number, id)).sort((a, b) => a.id - b.id)
  )
  const body = await sanitizeMarkdown(command ?? rawBody)
  if (body === '' && comments.length === 0)
    return ignored(
      'not-a-review-request',
      `${where} has no text and no inline comments once hidden text is removed`
    )
  return {
    kind: 'pr-round',
    issue: gate.issue,
    requester: requesterOf(reviewer),
    source: 'pull_request_review',
    pullRequest: gate.target,
    request: renderReview(reviewer.login, body, comments),
    review: { id, commitId: r.optStr(review.commit_id, 'review.commit_id'), comments }
  }
}

export async function onPullRequestReviewComment(
  payload: unknown,
  options: TriggerOptions,
  api: GateApi
): Promise<Decision> {
  const r = new PayloadReader('pull_request_review_comment')
  const p = r.obj(payload, 'payload')
  const action = r.str(p.action, 'action')
  if (action !== 'created')
    return ignored('unhandled-action', `pull_request_review_comment.${action} never starts work`)
  const c = r.obj(p.comment, 'comment')
  const author = r.actor(c.user, 'comment.user')
  const pull = readPull(r, p)
  const where = `review comment on pull request #${pull.issue.number}`
  const bot = refuseBot(author, where) ?? refuseBot(r.actor(p.sender, 'sender'), where)
  if (bot) return bot
  const parsed = parseCommand(r.optStr(c.body, 'comment.body') ?? '', options.command)
  if (parsed.kind !== 'command' || parsed.command.type !== 'request')
    return ignored(
      'not-a-command',
      `${where} is not a "${options.command} <request>" (a review, not its single comments, starts a round)`
    )
  const gate = await gatePull(pull, author, options, api, where)
  if ('kind' in gate) return gate
  const [comment] = await cleanComments([
    {
      id: r.posInt(c.id, 'comment.id'),
      path: r.str(c.path, 'comment.path'),
      line: typeof c.line === 'number' ? c.line : null,
      startLine: typeof c.start_line === 'number' ? c.start_line : null,
      diffHunk: r.optStr(c.diff_hunk, 'comment.diff_hunk') ?? '',
      body: parsed.command.text,
      inReplyTo: null
    }
  ])
  if (!comment || comment.body === '')
    return ignored('invalid-command', `${where}: the request is empty once hidden text is removed`)
  return {
    kind: 'pr-round',
    issue: gate.issue,
    requester: requesterOf(author),
    source: 'pull_request_review_comment',
    pullRequest: gate.target,
    request: renderReview(author.login, '', [comment]),
    review: { id: 0, commitId: r.optStr(c.commit_id, 'comment.commit_id'), comments: [comment] }
  }
}

interface PullFacts {
  issue: IssueData
  branch: string
  sameRepository: boolean
}

function readPull(r: PayloadReader, p: Record<string, unknown>): PullFacts {
  const pr = r.obj(p.pull_request, 'pull_request')
  const head = r.obj(pr.head, 'pull_request.head')
  const base = r.obj(pr.base, 'pull_request.base')
  // head.repo is null when the fork was deleted.
  const headRepo = head.repo === null ? null : r.obj(head.repo, 'pull_request.head.repo')
  const baseRepo = r.obj(base.repo, 'pull_request.base.repo')
  const full = (o: Record<string, unknown>, path: string) => r.str(o.full_name, path).toLowerCase()
  return {
    issue: { ...r.issue(pr, 'pull_request'), isPullRequest: true },
    branch: r.str(head.ref, 'pull_request.head.ref'),
    sameRepository:
      headRepo !== null &&
      full(headRepo, 'pull_request.head.repo.full_name') ===
        full(baseRepo, 'pull_request.base.repo.full_name')
  }
}

/** The writer and agent-pull-request checks; the issue the branch was made for, or the refusal. */
async function gatePull(
  pull: PullFacts,
  actor: Actor,
  options: TriggerOptions,
  api: GateApi,
  where: string
): Promise<AgentPull | Decision> {
  const n = pull.issue.number
  if (pull.issue.state !== 'open') return ignored('closed', `${where}: the pull request is closed`)
  const refusal = await refuseNonWriter(actor, api, where)
  if (refusal) return refusal
  if (!pull.sameRepository || !pull.branch.startsWith(options.branchPrefix))
    return ignored(
      'not-agent-pull-request',
      `${where}: pull request #${n} (head "${pull.branch}"${pull.sameRepository ? '' : ' from a fork'}) is not the agent's`
    )
  const number = issueFromBranch(pull.branch, options.branchPrefix)
  const original = number === null ? null : await api.issue(number)
  const issue = original && !original.isPullRequest ? original : pull.issue
  return { issue, target: { number: n, branch: pull.branch } }
}
