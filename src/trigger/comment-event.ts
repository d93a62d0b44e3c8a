/**
 * `issue_comment` events: comment commands (src/trigger/command.ts).
 *
 * On an issue: `run [--force]` and `retry` need the trigger label applied by a writer, like an
 * assignment does; `stop` and `status` do not (stopping must always be possible) but still need a
 * writer. A free-text request is refused: it is only meaningful on the agent's pull request.
 *
 * On a pull request: only the agent's own (head branch under the prefix, in this repository).
 * `/nightshift <request>` starts a new round on its branch; `retry`, `stop` and `status` act on the
 * issue the branch was made for; `run` is refused (a run starts from an issue). `fix-ci` works on any
 * pull request of this repository (src/trigger/fix-ci.ts).
 *
 * Only `created` counts: an edit must not turn an old comment into a new command, and a comment on a
 * closed issue or pull request is ignored.
 */
import { issueFromBranch } from '../workspace/slug.js'
import { sanitizeMarkdown } from '../task/sanitize.js'
import type { IssueData } from '../task/types.js'
import { parseCommand, usage, type Command } from './command.js'
import { fixCiOnPullRequest } from './fix-ci.js'
import { refuseBot, refuseNonWriter, refuseUntrustedLabel } from './gate.js'
import { PayloadReader, requesterOf } from './payload.js'
import type { GateApi } from './ports.js'
import { ignored, type Actor, type Decision, type PullRequestTarget, type TriggerOptions } from './types.js'

export async function onIssueComment(
  payload: unknown,
  options: TriggerOptions,
  api: GateApi
): Promise<Decision> {
  const r = new PayloadReader('issue_comment')
  const p = r.obj(payload, 'payload')
  const action = r.str(p.action, 'action')
  if (action !== 'created') {
    return ignored(
      'unhandled-action',
      `issue_comment.${action} never starts work (only new comments are commands)`
    )
  }
  const comment = r.obj(p.comment, 'comment')
  const body = r.optStr(comment.body, 'comment.body') ?? ''
  const author = r.actor(comment.user, 'comment.user')
  const sender = r.actor(p.sender, 'sender')
  const issue = r.issue(p.issue)
  const where = `${issue.isPullRequest ? 'pull request' : 'issue'} #${issue.number}`

  const bot = refuseBot(author, `comment on ${where}`) ?? refuseBot(sender, `comment on ${where}`)
  if (bot) return bot
  const parsed = parseCommand(body, options.command)
  if (parsed.kind === 'none')
    return ignored('not-a-command', `comment on ${where} is not a ${options.command} command`)
  if (issue.state !== 'open')
    return ignored('closed', `${where} is closed; commands on closed items are ignored`)
  if (parsed.kind === 'invalid')
    return answerInvalid(issue, author, api, 'invalid-command', `comment on ${where}: ${parsed.reason}`)

  const command = parsed.command
  if (command.type === 'fix-ci') {
    if (issue.isPullRequest) return fixCiOnPullRequest(issue, author, options, api)
    return answerInvalid(
      issue,
      author,
      api,
      'invalid-command',
      `"${options.command} fix-ci" on issue #${issue.number}: it works on a pull request's CI; on an issue use ${usage(options.command)}`
    )
  }
  if (issue.isPullRequest) return onPullRequest(issue, command, author, options, api)

  if (command.type === 'request') {
    return answerInvalid(
      issue,
      author,
      api,
      'request-on-issue',
      `"${options.command} <request>" on issue #${issue.number}: requests work only on the agent's pull request; on an issue use ${usage(options.command)}`
    )
  }
  const what = `"${options.command} ${command.type}" on issue #${issue.number}`
  const refusal = await refuseNonWriter(author, api, what)
  if (refusal) return refusal
  const requester = requesterOf(author)
  if (command.type === 'run' || command.type === 'retry') {
    const untrusted = await refuseUntrustedLabel(issue, options.triggerLabel, api, author.login)
    if (untrusted) return untrusted
  }
  switch (command.type) {
    case 'run':
      return { kind: 'run', issue, requester, force: command.force, source: 'issue_comment' }
    case 'retry':
      return { kind: 'retry', issue, requester, source: 'issue_comment', pullRequest: null }
    default:
      return { kind: command.type, issue, requester, source: 'issue_comment', pullRequest: null }
  }
}

async function onPullRequest(
  prIssue: IssueData,
  command: Exclude<Command, { type: 'fix-ci' }>,
  author: Actor,
  options: TriggerOptions,
  api: GateApi
): Promise<Decision> {
  const n = prIssue.number
  if (command.type === 'run') {
    return ignored(
      'run-on-pull-request',
      `"${options.command} run" on pull request #${n}: a run starts from an issue; here use "${options.command} <request>" or "${options.command} retry"`
    )
  }
  const what = `"${options.command} ${command.type === 'request' ? '<request>' : command.type}" on pull request #${n}`
  const refusal = await refuseNonWriter(author, api, what)
  if (refusal) return refusal
  const pr = await api.pullRequest(n)
  if (!pr) return ignored('not-found', `pull request #${n} was not found`)
  if (!pr.sameRepository || !pr.branch.startsWith(options.branchPrefix)) {
    return ignored(
      'not-agent-pull-request',
      `pull request #${n} (head "${pr.branch}"${pr.sameRepository ? '' : ' from a fork'}) is not the agent's: its head is not a "${options.branchPrefix}" branch of this repository`
    )
  }
  const pullRequest: PullRequestTarget = { number: n, branch: pr.branch }
  const issue = (await originalIssue(pr.branch, options.branchPrefix, api)) ?? prIssue
  const requester = requesterOf(author)
  if (command.type === 'request') {
    const request = await sanitizeMarkdown(command.text)
    if (request === '')
      return ignored('invalid-command', `${what}: the request is empty once hidden text is removed`)
    return { kind: 'pr-round', issue, requester, source: 'issue_comment', pullRequest, request }
  }
  return { kind: command.type, issue, requester, source: 'issue_comment', pullRequest }
}

/**
 * A malformed command: a writer gets a reply saying what is accepted (a typo should not fail in
 * silence); anyone else is ignored without a write, like any other comment of theirs.
 */
async function answerInvalid(
  issue: IssueData,
  author: Actor,
  api: GateApi,
  code: 'invalid-command' | 'request-on-issue',
  reason: string
): Promise<Decision> {
  const refusal = await refuseNonWriter(author, api, reason)
  if (refusal) return ignored(code, reason)
  return { kind: 'invalid-command', issue, requester: requesterOf(author), source: 'issue_comment', reason }
}

/** The open issue an agent branch was made for (`agent/42-…` → #42), or null. */
async function originalIssue(branch: string, prefix: string, api: GateApi): Promise<IssueData | null> {
  const number = issueFromBranch(branch, prefix)
  if (number === null) return null
  const issue = await api.issue(number)
  return issue && !issue.isPullRequest ? issue : null
}
