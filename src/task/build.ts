/**
 * The task spec: the issue as clean data. Title and body are sanitised
 * (src/task/sanitize.ts); files, reproduction steps and acceptance criteria are read from the clean
 * body, so hidden text can neither add files nor criteria. The text stays data: the prompt quotes it,
 * and nothing interpolates it into a shell command.
 */
import { acceptanceCriteria, mentionedFiles, reproductionSteps } from './extract.js'
import { sanitizeLine, sanitizeMarkdown } from './sanitize.js'
import { DEFAULT_TASK_CHARS, type IssueData, type Task } from './types.js'

/** For a new round on the agent's pull request: its number, head branch and the commenter's request. */
export interface PullRequestRound {
  number: number
  branch: string
  request: string
}

export async function buildTask(
  issue: IssueData,
  requester: { login: string; id?: number | null },
  pr?: PullRequestRound | null,
  maxBodyChars = DEFAULT_TASK_CHARS
): Promise<Task> {
  const raw = issue.body ?? ''
  // Sanitise a bounded head only: a 2 MB body must cost neither a 2 MB prompt nor a 2 MB parse. An
  // HTML comment or hidden element cut open at the end is removed to the end, never revealed.
  const body = boundText(await sanitizeMarkdown(raw.slice(0, maxBodyChars * 2)), maxBodyChars, raw)
  const request = pr
    ? boundText(await sanitizeMarkdown(pr.request.slice(0, maxBodyChars * 2)), maxBodyChars, pr.request)
    : ''
  return {
    issue: issue.number,
    title: sanitizeLine(issue.title.slice(0, 1024)),
    body,
    bodyChars: raw.length,
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

/**
 * `text` cut at a line boundary to at most `max` characters, ending with a note of what is not shown
 * (counted on the raw text, which is what a human reading the issue sees).
 */
export function boundText(text: string, max: number, raw: string): string {
  if (text.length <= max && raw.length <= max * 2) return text
  const cut = text.slice(0, max)
  const end = cut.lastIndexOf('\n')
  const shown = end > max / 2 ? cut.slice(0, end) : cut
  const shownLines = shown.split('\n').length
  const more = Math.max(0, raw.split('\n').length - shownLines)
  const chars = Math.max(0, raw.length - shown.length)
  return `${shown}\n\n[… ${more} more line${more === 1 ? '' : 's'} (${chars} characters) not shown: the issue is longer than the ${max} characters the agent is given]`
}

function unique(items: string[]): string[] {
  return [...new Set(items)]
}
