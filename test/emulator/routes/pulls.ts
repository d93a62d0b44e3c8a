/** Pull requests: create, list, get, update. They share the issue number sequence. */
import {
  bodyOf,
  HttpError,
  errorBody,
  notFound,
  paginate,
  validationFailed,
  type Handler,
  type Services
} from '../api.js'
import * as f from '../factories.js'
import { isoNow, type PullRequest, type RepoStore } from '../model.js'
import { fullRepo } from './repos.js'

/** `owner:branch` or `branch` → branch, when the owner is this repository's. */
function branchOf(head: string): string {
  const colon = head.indexOf(':')
  return colon < 0 ? head : head.slice(colon + 1)
}

async function body(repo: RepoStore, s: Services, p: PullRequest) {
  const head = (await s.git.resolve(repo.bareDir, `refs/heads/${p.head}`)) ?? '0'.repeat(40)
  const base = (await s.git.resolve(repo.bareDir, `refs/heads/${p.base}`)) ?? '0'.repeat(40)
  return f.pullRequest(s.urls, repo, p, { head, base }, login => s.user(login), fullRepo(s, repo) as never)
}

export function findPull(repo: RepoStore, raw: string): PullRequest {
  const p = repo.pulls.get(Number(raw))
  if (!p) throw notFound()
  return p
}

export const pullRoutes: Record<string, Handler> = {
  'pulls/create': async ({ repo, req, grant }, s) => {
    const b = bodyOf<{ title?: string; head: string; base: string; body?: string; draft?: boolean }>(req)
    const head = branchOf(b.head)
    const headSha = await s.git.resolve(repo.bareDir, `refs/heads/${head}`)
    const baseSha = await s.git.resolve(repo.bareDir, `refs/heads/${b.base}`)
    if (!headSha) throw validationFailed('PullRequest', 'head', 'invalid')
    if (!baseSha) throw validationFailed('PullRequest', 'base', 'invalid')
    if (!b.title) throw validationFailed('PullRequest', 'title', 'missing_field')
    const open = [...repo.pulls.values()].find(
      p => p.state === 'open' && p.head === head && p.base === b.base
    )
    if (open)
      throw validationFailed(
        'PullRequest',
        'head',
        'custom',
        `A pull request already exists for ${repo.owner}:${head}.`
      )
    if (await s.git.isAncestor(repo.bareDir, headSha, baseSha)) {
      throw validationFailed('PullRequest', 'head', 'custom', `No commits between ${b.base} and ${head}`)
    }
    const now = isoNow()
    const p: PullRequest = {
      id: s.ids.next('pull'),
      number: repo.nextNumber++,
      title: b.title,
      body: b.body ?? null,
      state: 'open',
      head,
      base: b.base,
      draft: b.draft ?? false,
      user: grant.login,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      labels: [],
      assignees: [],
      comments: 0
    }
    repo.pulls.set(p.number, p)
    return { status: 201, body: await body(repo, s, p) }
  },

  'pulls/list': async ({ repo, req }, s) => {
    const q = req.query
    const state = q.get('state') ?? 'open'
    const head = q.get('head')
    let items = [...repo.pulls.values()]
      .filter(p => state === 'all' || p.state === state)
      .filter(p => !head || (head.includes(':') ? head === `${repo.owner}:${p.head}` : false))
      .filter(p => !q.get('base') || p.base === q.get('base'))
    const sort = q.get('sort') ?? 'created'
    items = items.sort(
      (a, b) => (sort === 'updated' ? a.updatedAt.localeCompare(b.updatedAt) : 0) || a.number - b.number
    )
    if ((q.get('direction') ?? 'desc') === 'desc') items.reverse()
    const page = paginate(s.urls, req, items)
    return {
      status: 200,
      body: await Promise.all(page.items.map(p => body(repo, s, p))),
      headers: page.headers
    }
  },

  'pulls/get': async ({ repo, params }, s) => ({
    status: 200,
    body: await body(repo, s, findPull(repo, params.pull_number!))
  }),

  'pulls/update': async ({ repo, req, params }, s) => {
    const p = findPull(repo, params.pull_number!)
    const b = bodyOf<{ title?: string; body?: string; state?: 'open' | 'closed'; base?: string }>(req)
    if (b.base !== undefined) {
      if (!(await s.git.resolve(repo.bareDir, `refs/heads/${b.base}`)))
        throw validationFailed('PullRequest', 'base', 'invalid')
      p.base = b.base
    }
    if (b.title !== undefined) p.title = b.title
    if (b.body !== undefined) p.body = b.body
    if (b.state !== undefined) {
      if (
        b.state === 'open' &&
        p.state === 'closed' &&
        [...repo.pulls.values()].some(o => o !== p && o.state === 'open' && o.head === p.head)
      ) {
        throw new HttpError(
          422,
          errorBody(422, 'Validation Failed', {
            errors: [
              {
                resource: 'PullRequest',
                code: 'custom',
                message: 'A pull request already exists for this branch.'
              }
            ]
          })
        )
      }
      p.state = b.state
      p.closedAt = b.state === 'closed' ? isoNow() : null
    }
    p.updatedAt = isoNow()
    return { status: 200, body: await body(repo, s, p) }
  }
}
