/** Typed factories for git data: commits (the git and the repository view) and trees. */
import type { components } from '@octokit/openapi-types'
import type { CommitInfo } from './git-repos.js'
import type { RepoStore } from './model.js'
import { nodeId, type Urls } from './factories.js'

type S = components['schemas']

const UNSIGNED: S['verification'] = {
  verified: false,
  reason: 'unsigned',
  signature: null,
  payload: null,
  verified_at: null
}

function links(urls: Urls, repo: RepoStore) {
  const api = `${urls.api}/repos/${repo.fullName}`
  return {
    gitCommit: (sha: string) => `${api}/git/commits/${sha}`,
    commit: (sha: string) => `${api}/commits/${sha}`,
    html: (sha: string) => `${urls.server}/${repo.fullName}/commit/${sha}`,
    tree: (sha: string) => `${api}/git/trees/${sha}`
  }
}

export function gitCommit(urls: Urls, repo: RepoStore, c: CommitInfo): S['git-commit'] {
  const l = links(urls, repo)
  return {
    sha: c.sha,
    node_id: nodeId('Commit', parseInt(c.sha.slice(0, 8), 16)),
    url: l.gitCommit(c.sha),
    html_url: l.html(c.sha),
    author: c.author,
    committer: c.committer,
    tree: { sha: c.tree, url: l.tree(c.tree) },
    message: c.message,
    parents: c.parents.map(p => ({ sha: p, url: l.gitCommit(p), html_url: l.html(p) })),
    verification: UNSIGNED
  }
}

/** A commit as `GET /repos/{o}/{r}/commits` lists it (authors are not linked to accounts here). */
export function commit(urls: Urls, repo: RepoStore, c: CommitInfo): S['commit'] {
  const l = links(urls, repo)
  return {
    url: l.commit(c.sha),
    sha: c.sha,
    node_id: nodeId('Commit', parseInt(c.sha.slice(0, 8), 16)),
    html_url: l.html(c.sha),
    comments_url: `${l.commit(c.sha)}/comments`,
    commit: {
      url: l.gitCommit(c.sha),
      author: c.author,
      committer: c.committer,
      message: c.message,
      comment_count: 0,
      tree: { sha: c.tree, url: l.tree(c.tree) },
      verification: UNSIGNED
    },
    author: null,
    committer: null,
    parents: c.parents.map(p => ({ sha: p, url: l.commit(p), html_url: l.html(p) }))
  }
}

export function gitTree(
  urls: Urls,
  repo: RepoStore,
  sha: string,
  entries: Array<{ path: string; mode: string; type: string; sha: string }>
): S['git-tree'] {
  return {
    sha,
    url: links(urls, repo).tree(sha),
    truncated: false,
    tree: entries.map(e => ({ ...e, url: `${urls.api}/repos/${repo.fullName}/git/${e.type}s/${e.sha}` }))
  }
}
