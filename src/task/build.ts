/**
 * The task spec (issue 2, "Task and verdict"): the issue as clean data. Title and body are sanitised
 * (src/task/sanitize.ts); files, reproduction steps and acceptance criteria are read from the clean
 * body, so hidden text can neither add files nor criteria. The text stays data: the prompt quotes it,
 * and nothing interpolates it into a shell command.
 */
import { acceptanceCriteria, mentionedFiles, reproductionSteps } from './extract.js'
import { sanitizeLine, sanitizeMarkdown } from './sanitize.js'
import type { IssueData, Task } from './types.js'

/** For a new round on the agent's pull request: its number, head branch and the commenter's request. */
export interface PullRequestRound {
  number: number
  branch: string
  request: string
}

export function buildTask(
  issue: IssueData,
  requester: { login: string; id?: number | null },
  pr?: PullRequestRound | null
): Task {
  const body = sanitizeMarkdown(issue.body ?? '')
  const request = pr ? sanitizeMarkdown(pr.request) : ''
  return {
    issue: issue.number,
    title: sanitizeLine(issue.title),
    body,
    labels: [...new Set(issue.labels.map(l => sanitizeLine(l)).filter(l => l !== ''))],
    // A PR round's files come from the request first: that is what the round is about.
    files: unique([...mentionedFiles(request), ...mentionedFiles(body)]),
    reproduction: reproductionSteps(body),
    acceptance: acceptanceCriteria(body),
    requester: { login: requester.login, id: requester.id ?? null },
    url: issue.url,
    pullRequest: pr ? { number: pr.number, branch: pr.branch, request } : null
  }
}

function unique(items: string[]): string[] {
  return [...new Set(items)]
}
