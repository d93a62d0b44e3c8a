/**
 * The Octokit adapter of the trigger's ports against a loopback HTTP server that answers like GitHub
 * (same paths, query parameters, Link pagination and response fields the adapter reads).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient } from '../../src/github/client.js'
import { createTriggerApi } from '../../src/github/trigger-api.js'
import type { TriggerApi } from '../../src/trigger/ports.js'

type Handler = (url: URL, base: string) => { status: number; body: unknown; headers?: Record<string, string> }

const ghUser = (login: string, type = 'User') => ({ login, id: login.length, type, site_admin: false })
const ghIssue = (number: number, extra: Record<string, unknown> = {}) => ({
  id: 1000 + number,
  number,
  title: `Issue ${number}`,
  body: null,
  state: 'open',
  html_url: `https://github.com/o/r/issues/${number}`,
  created_at: '2026-02-01T10:00:00Z',
  labels: [{ id: 1, name: 'agent-ok', color: 'ededed', default: false }],
  assignees: [ghUser('nightshift-agent')],
  assignee: ghUser('nightshift-agent'),
  user: ghUser('reporter'),
  ...extra
})
const labeled = (login: string, name: string, type = 'User') => ({
  id: 1,
  event: 'labeled',
  actor: ghUser(login, type),
  label: { name, color: 'ededed' }
})
const repoOf = (full: string) => ({ id: 1, name: full.split('/')[1], full_name: full })

const routes: Record<string, Handler> = {
  'GET /repos/o/r/collaborators/alice/permission': () => ({
    status: 200,
    body: { permission: 'write', role_name: 'maintain', user: ghUser('alice') }
  }),
  'GET /repos/o/r/collaborators/carol/permission': () => ({
    status: 200,
    body: { permission: 'read', role_name: 'triage', user: ghUser('carol') }
  }),
  // A custom organisation role: only its base permission is meaningful to us.
  'GET /repos/o/r/collaborators/dave/permission': () => ({
    status: 200,
    body: { permission: 'write', role_name: 'security-reviewer', user: ghUser('dave') }
  }),
  'GET /repos/o/r/collaborators/ghost/permission': () => ({ status: 404, body: { message: 'Not Found' } }),
  'GET /repos/o/r/issues/1/events': (url, base) =>
    url.searchParams.get('page') === '2'
      ? {
          status: 200,
          body: [
            labeled('bob', 'bug'),
            labeled('alice', 'Agent-OK'),
            { id: 9, event: 'unlabeled', actor: ghUser('carol'), label: { name: 'agent-ok' } }
          ]
        }
      : {
          status: 200,
          body: [labeled('carol', 'agent-ok'), { id: 2, event: 'assigned', actor: ghUser('bob') }],
          headers: {
            link: `<${base}/repos/o/r/issues/1/events?per_page=100&page=2>; rel="next", <${base}/repos/o/r/issues/1/events?per_page=100&page=2>; rel="last"`
          }
        },
  'GET /repos/o/r/issues/2/events': () => ({ status: 200, body: [labeled('bob', 'bug')] }),
  'GET /repos/o/r/issues/5': () => ({
    status: 200,
    body: ghIssue(5, { body: 'See `src/a.ts`', labels: ['agent-ok', { name: 'bug' }] })
  }),
  'GET /repos/o/r/issues/6': () => ({
    status: 200,
    body: ghIssue(6, { state: 'closed', pull_request: { url: 'x' }, assignees: [], assignee: null })
  }),
  'GET /repos/o/r/issues/404': () => ({ status: 404, body: { message: 'Not Found' } }),
  'GET /repos/o/r/issues/410': () => ({ status: 410, body: { message: 'This issue was deleted' } }),
  'GET /repos/o/r/issues/500': () => ({ status: 500, body: { message: 'Server Error' } }),
  'GET /repos/o/r/pulls/3': () => ({
    status: 200,
    body: {
      number: 3,
      user: { login: 'octocat' },
      head: { ref: 'agent/5-fix', sha: 'a'.repeat(40), repo: repoOf('o/r') },
      base: { ref: 'main', repo: repoOf('o/r') }
    }
  }),
  'GET /repos/o/r/pulls/4': () => ({
    status: 200,
    body: {
      number: 4,
      user: { login: 'mallory' },
      head: { ref: 'agent/5-fix', sha: 'b'.repeat(40), repo: null },
      base: { ref: 'main', repo: repoOf('o/r') }
    }
  }),
  'GET /repos/o/r/issues': url => {
    expect(Object.fromEntries(url.searchParams)).toEqual({
      state: 'open',
      labels: 'agent-ok',
      sort: 'created',
      direction: 'asc',
      per_page: '100'
    })
    return { status: 200, body: [ghIssue(8), ghIssue(9, { pull_request: { url: 'x' } }), ghIssue(11)] }
  },
  'GET /repos/o/r/git/matching-refs/heads/agent/': () => ({
    status: 200,
    body: [{ ref: 'refs/heads/agent/8-x', object: { sha: 'a'.repeat(40), type: 'commit' } }]
  }),
  'GET /repos/o/r/pulls': () => ({
    status: 200,
    body: [
      { number: 20, head: { ref: 'agent/11-y', repo: repoOf('O/R') } },
      { number: 21, head: { ref: 'agent/12-fork', repo: repoOf('someone/r') } },
      { number: 22, head: { ref: 'feature/z', repo: repoOf('o/r') } }
    ]
  })
}

let server: Server
let base: string
const requests: string[] = []

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', base)
    // Octokit encodes the slashes of a `{ref}` parameter; GitHub decodes them.
    const path = decodeURIComponent(url.pathname)
    requests.push(`${req.method} ${path}${url.search}`)
    const handler = routes[`${req.method} ${path}`]
    const answer = handler ? handler(url, base) : { status: 404, body: { message: 'Not Found' } }
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
    res.end(JSON.stringify(answer.body))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise(resolve => server.close(resolve))
})

function api(): TriggerApi {
  return createTriggerApi(createClient({ token: 'test-token', baseUrl: base, retries: 0 }), {
    owner: 'o',
    repo: 'r'
  })
}

beforeEach(() => {
  requests.length = 0
})

describe('createTriggerApi', () => {
  it('reads the role, falls back to the base permission for custom roles, and maps 404 to none', async () => {
    const a = api()
    expect(await a.permission('alice')).toBe('maintain')
    expect(await a.permission('carol')).toBe('triage')
    expect(await a.permission('dave')).toBe('write')
    expect(await a.permission('ghost')).toBe('none')
  })

  it('finds the latest labeled event for the label across pages (case-insensitive)', async () => {
    expect(await api().labelAppliedBy(1, 'agent-ok')).toEqual({ login: 'alice', type: 'User', id: 5 })
    expect(requests).toEqual([
      'GET /repos/o/r/issues/1/events?per_page=100',
      'GET /repos/o/r/issues/1/events?per_page=100&page=2'
    ])
    expect(await api().labelAppliedBy(2, 'agent-ok')).toBeNull()
    expect(await api().labelAppliedBy(404, 'agent-ok')).toBeNull()
  })

  it('reads an issue as IssueData, and a missing or deleted one as null', async () => {
    expect(await api().issue(5)).toEqual({
      number: 5,
      title: 'Issue 5',
      body: 'See `src/a.ts`',
      labels: ['agent-ok', 'bug'],
      assignees: ['nightshift-agent'],
      state: 'open',
      isPullRequest: false,
      url: 'https://github.com/o/r/issues/5',
      createdAt: '2026-02-01T10:00:00Z'
    })
    expect(await api().issue(6)).toMatchObject({ state: 'closed', isPullRequest: true, assignees: [] })
    expect(await api().issue(404)).toBeNull()
    expect(await api().issue(410)).toBeNull()
  })

  it('turns a server error into an ApiError naming the call and the URL', async () => {
    await expect(api().issue(500)).rejects.toMatchObject({
      name: 'ApiError',
      status: 500,
      message: expect.stringContaining(`Could not read issue #500 at ${base}`)
    })
  })

  it('reads a pull request head and whether it lives in this repository', async () => {
    const facts = { branch: 'agent/5-fix', base: 'main' }
    expect(await api().pullRequest(3)).toEqual({
      number: 3,
      ...facts,
      sameRepository: true,
      headSha: 'a'.repeat(40),
      author: 'octocat'
    })
    expect(await api().pullRequest(4)).toEqual({
      number: 4,
      ...facts,
      sameRepository: false,
      headSha: 'b'.repeat(40),
      author: 'mallory'
    })
    expect(await api().pullRequest(99)).toBeNull()
  })

  it('lists the queue inputs: labelled issues without PRs, branches, and agent PR heads from this repository', async () => {
    const a = api()
    expect((await a.openIssuesWithLabel('agent-ok')).map(i => i.number)).toEqual([8, 11])
    expect(await a.branchesWithPrefix('agent/')).toEqual(['agent/8-x'])
    expect(await a.openPullRequestBranches('agent/')).toEqual(['agent/11-y'])
    expect(requests).toContain('GET /repos/o/r/pulls?state=open&per_page=100')
  })
})
