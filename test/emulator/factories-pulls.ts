/** Typed factories for git refs and pull requests. */
import type { components } from '@octokit/openapi-types'
import type { PullRequest, RepoStore, User } from './model.js'
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
  const side = (ref: string, sha: string) => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: simpleUser(urls, owner),
    repo: fullRepo
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
    head: side(p.head, heads.head),
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
