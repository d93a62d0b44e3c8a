/** Typed factories for git refs and pull requests. */
import type { components } from '@octokit/openapi-types'
import type { PullRequest, RepoStore, Review, ReviewComment, User } from './model.js'
import { nodeId, simpleUser, type Urls } from './factories.js'

type S = components['schemas']

export function gitRef(urls: Urls, repo: RepoStore, ref: string, sha: string): S['git-ref'] {
  return {
    ref,
    node_id: nodeId('Ref', sha.length),
    url: `${urls.api}/repos/${repo.fullName}/git/${ref}`,
    object: { type: 'commit', sha, url: `${urls.api}/repos/${repo.fullName}/git/commits/${sha}` }
  }
}

export function pullRequest(
  urls: Urls,
  repo: RepoStore,
  p: PullRequest,
  heads: { head: string; base: string },
  users: (login: string) => User,
  fullRepo: S['repository']
): S['pull-request'] {
  const u = `${urls.api}/repos/${repo.fullName}/pulls/${p.number}`
  const issueUrl = `${urls.api}/repos/${repo.fullName}/issues/${p.number}`
  const html = `${urls.server}/${repo.fullName}/pull/${p.number}`
  const owner = users(repo.owner)
  const side = (ref: string, sha: string, fork?: string) => ({
    label: `${fork ? fork.split('/')[0] : repo.owner}:${ref}`,
    ref,
    sha,
    user: simpleUser(urls, fork ? users(fork.split('/')[0]!) : owner),
    // A fork is another repository: same shape, its own name and owner.
    repo: fork
      ? {
          ...fullRepo,
          id: Number(fullRepo.id) + 1,
          name: fork.split('/')[1]!,
          full_name: fork,
          owner: simpleUser(urls, users(fork.split('/')[0]!)),
          fork: true
        }
      : fullRepo
  })
  return {
    url: u,
    id: p.id,
    node_id: nodeId('PullRequest', p.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${u}/commits`,
    review_comments_url: `${u}/comments`,
    review_comment_url: `${urls.api}/repos/${repo.fullName}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${urls.api}/repos/${repo.fullName}/statuses/${heads.head}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user: simpleUser(urls, users(p.user)),
    body: p.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    closed_at: p.closedAt,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(p.head, heads.head, p.headRepo),
    base: side(p.base, heads.base),
    _links: {
      self: { href: u },
      html: { href: html },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${u}/comments` },
      review_comment: { href: `${urls.api}/repos/${repo.fullName}/pulls/comments{/number}` },
      commits: { href: `${u}/commits` },
      statuses: { href: `${urls.api}/repos/${repo.fullName}/statuses/${heads.head}` }
    },
    author_association: 'NONE',
    auto_merge: null,
    draft: p.draft,
    merged: false,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: null,
    comments: p.comments,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0
  }
}

export function review(
  urls: Urls,
  repo: RepoStore,
  r: Review,
  users: (login: string) => User
): S['pull-request-review'] {
  const html = `${urls.server}/${repo.fullName}/pull/${r.pull}#pullrequestreview-${r.id}`
  const pr = `${urls.api}/repos/${repo.fullName}/pulls/${r.pull}`
  return {
    id: r.id,
    node_id: nodeId('PullRequestReview', r.id),
    user: simpleUser(urls, users(r.user)),
    body: r.body,
    state: r.state,
    html_url: html,
    pull_request_url: pr,
    _links: { html: { href: html }, pull_request: { href: pr } },
    submitted_at: r.submittedAt,
    commit_id: r.commitId,
    author_association: repo.collaborators.has(r.user) ? 'COLLABORATOR' : 'NONE'
  }
}

/** The shape both review-comment endpoints return (`review-comment` and `pull-request-review-comment`). */
export function reviewComment(
  urls: Urls,
  repo: RepoStore,
  c: ReviewComment,
  users: (login: string) => User
): S['pull-request-review-comment'] & S['review-comment'] {
  const url = `${urls.api}/repos/${repo.fullName}/pulls/comments/${c.id}`
  const html = `${urls.server}/${repo.fullName}/pull/${c.pull}#discussion_r${c.id}`
  const pr = `${urls.api}/repos/${repo.fullName}/pulls/${c.pull}`
  return {
    url,
    pull_request_review_id: c.reviewId,
    id: c.id,
    node_id: nodeId('PullRequestReviewComment', c.id),
    diff_hunk: c.diffHunk,
    path: c.path,
    position: 1,
    original_position: 1,
    commit_id: c.commitId,
    original_commit_id: c.commitId,
    ...(c.inReplyTo === null ? {} : { in_reply_to_id: c.inReplyTo }),
    user: simpleUser(urls, users(c.user)),
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.createdAt,
    html_url: html,
    pull_request_url: pr,
    author_association: repo.collaborators.has(c.user) ? 'COLLABORATOR' : 'NONE',
    _links: { self: { href: url }, html: { href: html }, pull_request: { href: pr } },
    start_line: c.startLine,
    original_start_line: c.startLine,
    start_side: c.startLine === null ? null : 'RIGHT',
    line: c.line ?? undefined,
    original_line: c.line ?? undefined,
    side: 'RIGHT',
    subject_type: c.line === null ? 'file' : 'line'
  }
}
