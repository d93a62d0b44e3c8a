/**
 * A review as the request of a pull request round: the reviewer's body and every inline comment with
 * its file, line range and diff hunk. Everything here is the reviewer's text (untrusted): bodies are
 * sanitised like an issue, paths and hunks lose hidden characters, and the prompt fences it all as
 * data. Each comment carries its id, so the agent's summary and the replies can name it.
 */
import { sanitizeLine, sanitizeMarkdown, stripInvisible } from './sanitize.js'
import type { RawReviewComment } from '../trigger/ports.js'
import type { ReviewComment } from '../trigger/types.js'

/** Longest diff hunk quoted per comment: GitHub's hunks end at the commented line, the tail matters. */
const HUNK_CHARS = 2_000

/** The comments, sanitised; a comment with nothing visible left keeps an empty body. */
export async function cleanComments(raw: RawReviewComment[]): Promise<ReviewComment[]> {
  return Promise.all(
    raw.map(async c => ({
      id: c.id,
      path: sanitizeLine(c.path),
      line: c.line,
      startLine: c.startLine,
      diffHunk: tail(stripInvisible(c.diffHunk.replace(/\r\n?/g, '\n')), HUNK_CHARS),
      body: await sanitizeMarkdown(c.body)
    }))
  )
}

/** Where a comment points: `src/a.ts` line 4, or lines 2–4. */
export function lineRange(c: Pick<ReviewComment, 'path' | 'line' | 'startLine'>): string {
  if (c.line === null) return `\`${c.path}\``
  if (c.startLine !== null && c.startLine !== c.line) return `\`${c.path}\` lines ${c.startLine}–${c.line}`
  return `\`${c.path}\` line ${c.line}`
}

/** The request text of a review round. `body` is already sanitised (may be empty). */
export function renderReview(reviewer: string, body: string, comments: ReviewComment[]): string {
  const parts = [`Review by @${reviewer}, requesting changes.`]
  if (body) parts.push(body)
  if (comments.length) {
    parts.push(
      `Inline comments (${comments.length}). Address each one you can; in your summary, name each comment by its id and say whether you addressed it and, if not, why.`
    )
    for (const c of comments) {
      const fence = '`'.repeat(Math.max(3, longestRun(c.diffHunk) + 1))
      parts.push(
        [
          `Comment ${c.id} on ${lineRange(c)}:`,
          c.diffHunk ? `${fence}diff\n${c.diffHunk}\n${fence}` : '',
          c.body || '(no text)'
        ]
          .filter(Boolean)
          .join('\n')
      )
    }
  }
  return parts.join('\n\n')
}

function longestRun(text: string): number {
  return Math.max(0, ...[...text.matchAll(/`+/g)].map(m => m[0].length))
}

function tail(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(text.length - max)
  const nl = cut.indexOf('\n')
  return nl >= 0 ? cut.slice(nl + 1) : cut
}
