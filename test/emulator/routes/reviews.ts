/**
 * Pull request reviews and their inline comments: submit a review with comments, list a review's
 * comments, list a pull request's review comments, and reply in a thread. A comment's line must be
 * part of the pull request's diff, and its `diff_hunk` is the diff up to that line, as GitHub does.
 */
import {
  bodyOf,
  errorBody,
  HttpError,
  notFound,
  paginate,
  validationFailed,
  type ApiResponse,
  type Handler,
  type Services
} from '../api.js'
import { findPull } from './pulls.js'
import * as f from '../factories-pulls.js'
import { isoNow, type PullRequest, type RepoStore, type ReviewComment } from '../model.js'

/** A page of review comments in the shape both list endpoints return. */
function listed(
  repo: RepoStore,
  s: Services,
  req: Parameters<Handler>[0]['req'],
  items: ReviewComment[]
): ApiResponse {
  const page = paginate(s.urls, req, items)
  return {
    status: 200,
    body: page.items.map(c => f.reviewComment(s.urls, repo, c, login => s.user(login))),
    headers: page.headers
  }
}

/** The hunk of `diff` holding new-side `line`, cut after that line; null when the line is not in the diff. */
export function hunkUpTo(diff: string, line: number): string | null {
  const lines = diff.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(lines[i]!)
    if (!m) continue
    let n = Number(m[1]) - 1
    const out = [lines[i]!]
    for (let j = i + 1; j < lines.length && !lines[j]!.startsWith('@@'); j++) {
      const l = lines[j]!
      if (l.startsWith('\\')) continue
      out.push(l)
      if (!l.startsWith('-')) n++
      if (n === line && !l.startsWith('-')) return out.join('\n')
    }
  }
  return null
}

async function heads(repo: RepoStore, s: Services, p: PullRequest): Promise<{ base: string; head: string }> {
  const head = await s.git.resolve(repo.bareDir, `refs/heads/${p.head}`)
  const base = await s.git.resolve(repo.bareDir, `refs/heads/${p.base}`)
  if (!head || !base) throw validationFailed('PullRequestReview', 'pull_request', 'invalid')
  return { base, head }
}

export const reviewRoutes: Record<string, Handler> = {
  'pulls/create-review': async ({ repo, req, params, grant }, s) => {
    const p = findPull(repo, params.pull_number!)
    const b = bodyOf<{
      body?: string
      event?: 'APPROVE' | 'REQUEST_CHANGES' | 'COMMENT'
      commit_id?: string
      comments?: { path: string; body: string; line?: number; start_line?: number }[]
    }>(req)
    const { base, head } = await heads(repo, s, p)
    const commitId = b.commit_id ?? head
    if (b.event === 'REQUEST_CHANGES' && !b.body)
      throw validationFailed('PullRequestReview', 'body', 'missing_field')
    const now = isoNow()
    const id = s.ids.next('review')
    const comments: ReviewComment[] = []
    for (const c of b.comments ?? []) {
      const line = c.line ?? null
      const diff = await s.git.diff(repo.bareDir, base, commitId, c.path)
      const hunk = line === null ? diff.slice(diff.indexOf('@@')) : hunkUpTo(diff, line)
      // This endpoint's 422 carries plain-string errors (validation-error-simple), GitHub's wording.
      if (!diff || hunk === null)
        throw new HttpError(
          422,
          errorBody(422, 'Unprocessable Entity', {
            errors: ['pull_request_review_thread.line must be part of the diff']
          })
        )
      comments.push({
        id: s.ids.next('comment'),
        pull: p.number,
        reviewId: id,
        user: grant.login,
        path: c.path,
        line,
        startLine: c.start_line ?? null,
        diffHunk: hunk,
        body: c.body,
        commitId,
        inReplyTo: null,
        createdAt: now
      })
    }
    const state = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' } as const
    const review = {
      id,
      pull: p.number,
      user: grant.login,
      body: b.body ?? '',
      state: state[b.event ?? 'COMMENT'],
      commitId,
      submittedAt: now
    }
    repo.reviews.set(id, review)
    for (const c of comments) repo.reviewComments.set(c.id, c)
    return { status: 200, body: f.review(s.urls, repo, review, login => s.user(login)) }
  },

  'pulls/list-comments-for-review': ({ repo, req, params }, s) => {
    const p = findPull(repo, params.pull_number!)
    const review = repo.reviews.get(Number(params.review_id))
    if (!review || review.pull !== p.number) throw notFound()
    return listed(
      repo,
      s,
      req,
      [...repo.reviewComments.values()].filter(c => c.reviewId === review.id)
    )
  },

  'pulls/list-review-comments': ({ repo, req, params }, s) => {
    const p = findPull(repo, params.pull_number!)
    return listed(
      repo,
      s,
      req,
      [...repo.reviewComments.values()].filter(c => c.pull === p.number)
    )
  },

  'pulls/create-reply-for-review-comment': ({ repo, req, params, grant }, s) => {
    const p = findPull(repo, params.pull_number!)
    const parent = repo.reviewComments.get(Number(params.comment_id))
    if (!parent || parent.pull !== p.number) throw notFound()
    const b = bodyOf<{ body: string }>(req)
    // A reply joins the thread's first comment and forms a review of its own, as on GitHub.
    const root = parent.inReplyTo ?? parent.id
    const now = isoNow()
    const reviewId = s.ids.next('review')
    repo.reviews.set(reviewId, {
      id: reviewId,
      pull: p.number,
      user: grant.login,
      body: '',
      state: 'COMMENTED',
      commitId: parent.commitId,
      submittedAt: now
    })
    const reply: ReviewComment = {
      ...parent,
      id: s.ids.next('comment'),
      reviewId,
      user: grant.login,
      body: b.body,
      inReplyTo: root,
      createdAt: now
    }
    repo.reviewComments.set(reply.id, reply)
    return { status: 201, body: f.reviewComment(s.urls, repo, reply, login => s.user(login)) }
  }
}
