/**
 * Typed factories for GitHub's response objects. Every response the emulator sends is built here from
 * the store, typed with @octokit/openapi-types and checked against the OpenAPI subset at runtime;
 * spec examples are never served (a fifth of them fail their own schema).
 */
import type { components } from '@octokit/openapi-types'
import type { Issue, IssueComment, IssueEvent, Label, RepoStore, User } from './model.js'

type S = components['schemas']

/** URLs of this emulator: the REST API and the web/git server share one origin. */
export interface Urls {
  api: string
  server: string
}

export function nodeId(kind: string, id: number): string {
  return Buffer.from(`0:${kind}${id}`).toString('base64').replace(/=+$/, '')
}

export function simpleUser(urls: Urls, user: User): S['simple-user'] {
  // GitHub percent-encodes bot logins in URLs (`github-actions%5Bbot%5D`).
  const login = encodeURIComponent(user.login)
  const u = `${urls.api}/users/${login}`
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId('User', user.id),
    avatar_url: `${urls.server}/avatars/u/${user.id}`,
    gravatar_id: '',
    url: u,
    html_url: `${urls.server}/${login}`,
    followers_url: `${u}/followers`,
    following_url: `${u}/following{/other_user}`,
    gists_url: `${u}/gists{/gist_id}`,
    starred_url: `${u}/starred{/owner}{/repo}`,
    subscriptions_url: `${u}/subscriptions`,
    organizations_url: `${u}/orgs`,
    repos_url: `${u}/repos`,
    events_url: `${u}/events{/privacy}`,
    received_events_url: `${u}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false
  }
}

function repoUrls(urls: Urls, repo: RepoStore) {
  const u = `${urls.api}/repos/${repo.fullName}`
  return {
    url: u,
    html_url: `${urls.server}/${repo.fullName}`,
    archive_url: `${u}/{archive_format}{/ref}`,
    assignees_url: `${u}/assignees{/user}`,
    blobs_url: `${u}/git/blobs{/sha}`,
    branches_url: `${u}/branches{/branch}`,
    collaborators_url: `${u}/collaborators{/collaborator}`,
    comments_url: `${u}/comments{/number}`,
    commits_url: `${u}/commits{/sha}`,
    compare_url: `${u}/compare/{base}...{head}`,
    contents_url: `${u}/contents/{+path}`,
    contributors_url: `${u}/contributors`,
    deployments_url: `${u}/deployments`,
    downloads_url: `${u}/downloads`,
    events_url: `${u}/events`,
    forks_url: `${u}/forks`,
    git_commits_url: `${u}/git/commits{/sha}`,
    git_refs_url: `${u}/git/refs{/sha}`,
    git_tags_url: `${u}/git/tags{/sha}`,
    hooks_url: `${u}/hooks`,
    issue_comment_url: `${u}/issues/comments{/number}`,
    issue_events_url: `${u}/issues/events{/number}`,
    issues_url: `${u}/issues{/number}`,
    keys_url: `${u}/keys{/key_id}`,
    labels_url: `${u}/labels{/name}`,
    languages_url: `${u}/languages`,
    merges_url: `${u}/merges`,
    milestones_url: `${u}/milestones{/number}`,
    notifications_url: `${u}/notifications{?since,all,participating}`,
    pulls_url: `${u}/pulls{/number}`,
    releases_url: `${u}/releases{/id}`,
    stargazers_url: `${u}/stargazers`,
    statuses_url: `${u}/statuses/{sha}`,
    subscribers_url: `${u}/subscribers`,
    subscription_url: `${u}/subscription`,
    tags_url: `${u}/tags`,
    teams_url: `${u}/teams`,
    trees_url: `${u}/git/trees{/sha}`
  }
}

export function minimalRepository(urls: Urls, repo: RepoStore, owner: User): S['minimal-repository'] {
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: simpleUser(urls, owner),
    private: true,
    description: null,
    fork: false,
    ...repoUrls(urls, repo)
  }
}

/** The full repository object (GET /repos/{o}/{r}; also the `repo` of a pull request's head and base). */
export function fullRepository(
  urls: Urls,
  repo: RepoStore,
  owner: User,
  openIssues: number
): S['full-repository'] {
  return {
    ...minimalRepository(urls, repo, owner),
    clone_url: `${urls.server}/${repo.fullName}.git`,
    git_url: `${urls.server.replace(/^http/, 'git')}/${repo.fullName}.git`,
    ssh_url: `git@127.0.0.1:${repo.fullName}.git`,
    svn_url: `${urls.server}/${repo.fullName}`,
    mirror_url: null,
    homepage: null,
    language: 'JavaScript',
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 1,
    default_branch: repo.defaultBranch,
    open_issues: openIssues,
    open_issues_count: openIssues,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'private',
    license: null,
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    network_count: 0,
    subscribers_count: 1,
    allow_forking: false,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true }
  }
}

export function label(urls: Urls, repo: RepoStore, l: Label): S['label'] {
  return {
    id: l.id,
    node_id: nodeId('Label', l.id),
    url: `${urls.api}/repos/${repo.fullName}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    description: l.description,
    color: l.color,
    default: false
  }
}

export function issue(urls: Urls, repo: RepoStore, i: Issue, users: (login: string) => User): S['issue'] {
  const u = `${urls.api}/repos/${repo.fullName}/issues/${i.number}`
  const assignees = i.assignees.map(a => simpleUser(urls, users(a)))
  // A pull request served as an issue says so with `pull_request` (and its web page is /pull/N).
  const pull = repo.pulls.get(i.number)
  const html = `${urls.server}/${repo.fullName}/${pull ? 'pull' : 'issues'}/${i.number}`
  return {
    id: i.id,
    node_id: nodeId('Issue', i.id),
    url: u,
    repository_url: `${urls.api}/repos/${repo.fullName}`,
    labels_url: `${u}/labels{/name}`,
    comments_url: `${u}/comments`,
    events_url: `${u}/events`,
    html_url: html,
    number: i.number,
    state: i.state,
    title: i.title,
    body: i.body,
    user: simpleUser(urls, users(i.user)),
    labels: i.labels.map(name => label(urls, repo, repo.labels.get(name)!)),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    locked: false,
    comments: i.comments,
    closed_at: i.closedAt,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    author_association: repo.collaborators.has(i.user) ? 'COLLABORATOR' : 'NONE',
    ...(pull
      ? {
          pull_request: {
            url: `${urls.api}/repos/${repo.fullName}/pulls/${i.number}`,
            html_url: html,
            diff_url: `${html}.diff`,
            patch_url: `${html}.patch`,
            merged_at: null
          }
        }
      : {})
  }
}

export function issueComment(
  urls: Urls,
  repo: RepoStore,
  c: IssueComment,
  users: (login: string) => User
): S['issue-comment'] {
  return {
    id: c.id,
    node_id: nodeId('IssueComment', c.id),
    url: `${urls.api}/repos/${repo.fullName}/issues/comments/${c.id}`,
    html_url: `${urls.server}/${repo.fullName}/${repo.pulls.has(c.issueNumber) ? 'pull' : 'issues'}/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${urls.api}/repos/${repo.fullName}/issues/${c.issueNumber}`,
    body: c.body,
    user: simpleUser(urls, users(c.user)),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: repo.collaborators.has(c.user) ? 'COLLABORATOR' : 'NONE'
  }
}

export function issueEvent(
  urls: Urls,
  repo: RepoStore,
  e: IssueEvent,
  users: (login: string) => User
): S['issue-event-for-issue'] {
  const base = {
    id: e.id,
    node_id: nodeId('LabeledEvent', e.id),
    url: `${urls.api}/repos/${repo.fullName}/issues/events/${e.id}`,
    actor: simpleUser(urls, users(e.actor)),
    commit_id: null,
    commit_url: null,
    created_at: e.createdAt,
    performed_via_github_app: null
  }
  if (e.event === 'assigned') {
    const assignee = simpleUser(urls, users(e.assignee ?? e.actor))
    return { ...base, event: 'assigned', assignee, assigner: base.actor }
  }
  const l = repo.labels.get(e.label ?? '')
  return { ...base, event: e.event, label: { name: e.label ?? '', color: l?.color ?? 'ededed' } }
}

// Actions and checks, git refs and pull requests live beside this file.
export * from './factories-actions.js'
export * from './factories-pulls.js'
