/** Issues, comments, labels, assignees and issue events; by number they serve pull requests too. */
import {
  bodyOf,
  HttpError,
  errorBody,
  notFound,
  paginate,
  validationFailed,
  type Handler,
  type RouteContext
} from '../api.js'
import * as f from '../factories.js'
import { isoNow, type Issue, type RepoStore } from '../model.js'
import type { Services } from '../api.js'

function findIssue(repo: RepoStore, raw: string): Issue {
  const issue = repo.issueOrPull(Number(raw))
  if (!issue) throw notFound()
  return issue
}

/** Creates the label on first use, as GitHub does when labels are added to an issue. */
export function ensureLabel(repo: RepoStore, s: Pick<Services, 'ids'>, name: string): void {
  if (!repo.labels.has(name))
    repo.labels.set(name, { id: s.ids.next('label'), name, color: 'ededed', description: null })
}

/** Adds labels, recording a `labeled` event with the actor for each new one. */
export function addLabels(
  repo: RepoStore,
  s: Pick<Services, 'ids'>,
  issue: Issue,
  names: string[],
  actor: string
): void {
  for (const name of names) {
    ensureLabel(repo, s, name)
    if (issue.labels.includes(name)) continue
    issue.labels.push(name)
    repo.events.push({
      id: s.ids.next('event'),
      issueNumber: issue.number,
      event: 'labeled',
      actor,
      label: name,
      createdAt: isoNow()
    })
  }
  issue.updatedAt = isoNow()
}

export function addComment(
  repo: RepoStore,
  s: Pick<Services, 'ids'>,
  issue: Issue,
  body: string,
  user: string
) {
  const now = isoNow()
  const comment = {
    id: s.ids.next('comment'),
    issueNumber: issue.number,
    body,
    user,
    createdAt: now,
    updatedAt: now
  }
  repo.comments.set(comment.id, comment)
  issue.comments += 1
  issue.updatedAt = now
  return comment
}

// Community discussion #27190: bodies over 65,536 characters are refused with this message.
const MAX_BODY = 65536

function checkBody(body: string): void {
  if (body.length > MAX_BODY)
    throw validationFailed(
      'IssueComment',
      'data',
      'custom',
      `Body is too long (maximum is ${MAX_BODY} characters)`
    )
}

const users = (s: Services) => (login: string) => s.user(login)

export const issueRoutes: Record<string, Handler> = {
  'issues/create': ({ repo, req, grant }, s) => {
    const body = bodyOf<{
      title: string | number
      body?: string
      labels?: Array<string | { name?: string }>
      assignees?: string[]
    }>(req)
    const now = isoNow()
    const issue: Issue = {
      id: s.ids.next('issue'),
      number: repo.nextNumber++,
      title: String(body.title),
      body: body.body ?? null,
      state: 'open',
      labels: [],
      assignees: body.assignees ?? [],
      user: grant.login,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      comments: 0
    }
    repo.issues.set(issue.number, issue)
    const names = (body.labels ?? []).map(l => (typeof l === 'string' ? l : (l.name ?? '')))
    addLabels(repo, s, issue, names.filter(Boolean), grant.login)
    return { status: 201, body: f.issue(s.urls, repo, issue, users(s)) }
  },

  'issues/get': ({ repo, params }, s) => ({
    status: 200,
    body: f.issue(s.urls, repo, findIssue(repo, params.issue_number!), users(s))
  }),

  'issues/list-for-repo': ({ repo, req }, s) => {
    const q = req.query
    const state = q.get('state') ?? 'open'
    const labels = (q.get('labels') ?? '')
      .split(',')
      .map(l => l.trim())
      .filter(Boolean)
    const sort = q.get('sort') ?? 'created'
    const direction = q.get('direction') ?? 'desc'
    const since = q.get('since')
    const assignee = q.get('assignee')
    let items = [...repo.issues.values()].filter(
      i =>
        (state === 'all' || i.state === state) &&
        labels.every(l => i.labels.includes(l)) &&
        (!since || i.updatedAt >= since) &&
        (!assignee ||
          (assignee === '*'
            ? i.assignees.length > 0
            : assignee === 'none'
              ? i.assignees.length === 0
              : i.assignees.includes(assignee)))
    )
    const key = (i: Issue) =>
      sort === 'updated'
        ? i.updatedAt
        : sort === 'comments'
          ? String(i.comments).padStart(9, '0')
          : i.createdAt
    items = items.sort((a, b) => (key(a) === key(b) ? a.number - b.number : key(a) < key(b) ? -1 : 1))
    if (direction === 'desc') items.reverse()
    const page = paginate(s.urls, req, items)
    return {
      status: 200,
      body: page.items.map(i => f.issue(s.urls, repo, i, users(s))),
      headers: page.headers
    }
  },

  'issues/list-comments': ({ repo, req, params }, s) => {
    const issue = findIssue(repo, params.issue_number!)
    const since = req.query.get('since')
    const all = [...repo.comments.values()].filter(
      c => c.issueNumber === issue.number && (!since || c.updatedAt >= since)
    )
    const page = paginate(s.urls, req, all)
    return {
      status: 200,
      body: page.items.map(c => f.issueComment(s.urls, repo, c, users(s))),
      headers: page.headers
    }
  },

  'issues/create-comment': ({ repo, req, params, grant }, s) => {
    const issue = findIssue(repo, params.issue_number!)
    const { body } = bodyOf<{ body: string }>(req)
    checkBody(body)
    const comment = addComment(repo, s, issue, body, grant.login)
    return { status: 201, body: f.issueComment(s.urls, repo, comment, users(s)) }
  },

  'issues/update-comment': ({ repo, req, params }, s) => {
    const comment = repo.comments.get(Number(params.comment_id))
    if (!comment) throw notFound()
    const { body } = bodyOf<{ body: string }>(req)
    checkBody(body)
    comment.body = body
    comment.updatedAt = isoNow()
    return { status: 200, body: f.issueComment(s.urls, repo, comment, users(s)) }
  },

  'issues/add-labels': ({ repo, req, params, grant }, s) => {
    const issue = findIssue(repo, params.issue_number!)
    const names = labelNames(req.body)
    if (names.length === 0) throw validationFailed('Label', 'labels', 'missing_field')
    addLabels(repo, s, issue, names, grant.login)
    return { status: 200, body: issue.labels.map(n => f.label(s.urls, repo, repo.labels.get(n)!)) }
  },

  'issues/get-label': ({ repo, params }, s) => {
    // Label names match case-insensitively (https://docs.github.com/en/rest/issues/labels#get-a-label).
    const wanted = params.name!.toLowerCase()
    const label = [...repo.labels.values()].find(l => l.name.toLowerCase() === wanted)
    if (!label) throw notFound()
    return { status: 200, body: f.label(s.urls, repo, label) }
  },

  'issues/remove-label': ({ repo, params, grant }, s) => {
    const issue = findIssue(repo, params.issue_number!)
    const name = params.name!
    if (!issue.labels.includes(name)) throw new HttpError(404, errorBody(404, 'Label does not exist'))
    issue.labels = issue.labels.filter(l => l !== name)
    repo.events.push({
      id: s.ids.next('event'),
      issueNumber: issue.number,
      event: 'unlabeled',
      actor: grant.login,
      label: name,
      createdAt: isoNow()
    })
    return { status: 200, body: issue.labels.map(n => f.label(s.urls, repo, repo.labels.get(n)!)) }
  },

  'issues/add-assignees': ({ repo, req, params, grant }, s) => {
    const issue = findIssue(repo, params.issue_number!)
    const { assignees = [] } = bodyOf<{ assignees?: string[] }>(req)
    assign(repo, s, issue, assignees, grant.login)
    return { status: 201, body: f.issue(s.urls, repo, issue, users(s)) }
  },

  'issues/list-events': ({ repo, req, params }: RouteContext, s) => {
    const issue = findIssue(repo, params.issue_number!)
    const page = paginate(
      s.urls,
      req,
      repo.events.filter(e => e.issueNumber === issue.number)
    )
    return {
      status: 200,
      body: page.items.map(e => f.issueEvent(s.urls, repo, e, users(s))),
      headers: page.headers
    }
  }
}

export function assign(
  repo: RepoStore,
  s: Pick<Services, 'ids'>,
  issue: Issue,
  logins: string[],
  actor: string
): void {
  for (const login of logins) {
    if (issue.assignees.includes(login)) continue
    issue.assignees.push(login)
    repo.events.push({
      id: s.ids.next('event'),
      issueNumber: issue.number,
      event: 'assigned',
      actor,
      assignee: login,
      createdAt: isoNow()
    })
  }
  issue.updatedAt = isoNow()
}

/** The add-labels body comes in three shapes: `["a"]`, `{labels: ["a"]}`, `{labels: [{name: "a"}]}`. */
function labelNames(body: unknown): string[] {
  const list = Array.isArray(body) ? body : ((body as { labels?: unknown[] } | null)?.labels ?? [])
  return list
    .map(l => (typeof l === 'string' ? l : String((l as { name?: string }).name ?? '')))
    .filter(Boolean)
}
