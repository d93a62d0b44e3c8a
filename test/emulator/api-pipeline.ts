/**
 * One REST request, start to end: route (by the OpenAPI paths) → faults → token (401) → repository
 * (404) → permission (403) → rate limit → request validation (422) → handler → response validation →
 * ETag (304, free) → rate-limit headers → JSONL exchange log.
 */
import { appendFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  errorBody,
  HttpError,
  type ApiRequest,
  type ApiResponse,
  type Handler,
  type Services
} from './api.js'
import type { Faults } from './faults.js'
import type { RateWindow, RepoStore, Scope, TokenGrant } from './model.js'
import { openApiValidator, type SpecOperation } from './openapi-validator.js'
import { actionsRoutes } from './routes/actions.js'
import { checkRoutes } from './routes/checks.js'
import { gitObjectRoutes } from './routes/git-objects.js'
import { issueRoutes } from './routes/issues.js'
import { pullRoutes } from './routes/pulls.js'
import { repoRoutes } from './routes/repos.js'
import { reviewRoutes } from './routes/reviews.js'

export interface Violation {
  kind: 'request' | 'response' | 'unknown-route'
  method: string
  path: string
  operationId: string | null
  problems: string[]
}

/** One request as the server saw it (kept when the emulator records exchanges). */
export interface Exchange {
  method: string
  /** Path and query, as sent. */
  path: string
  status: number
  /** The request's JSON body, when it had one. */
  request?: unknown
  /** The JSON response body (none for redirects, 304s and job logs). */
  response?: unknown
  headers: IncomingMessage['headers']
}

export interface ApiState {
  services: Services
  faults: Faults
  repo(owner: string, name: string): RepoStore | null
  token(value: string): TokenGrant | null
  windows: Map<string, RateWindow>
  notModified: Map<string, number>
  violations: Violation[]
  logFile?: string
  /** Every request and its answer, when recorded (tests read them back). */
  exchanges?: Exchange[]
}

const HANDLERS: Record<string, Handler> = {
  ...repoRoutes,
  ...issueRoutes,
  ...actionsRoutes,
  ...checkRoutes,
  ...gitObjectRoutes,
  ...pullRoutes,
  ...reviewRoutes
}

interface Route {
  operationId: string
  method: string
  regex: RegExp
  names: string[]
  literals: number
}

/** Params that may hold slashes (`heads/agent/1-x`, `src/a/b.js`) when they end the path. */
const GREEDY = new Set(['ref', 'path'])

function buildRoutes(ops: Record<string, SpecOperation>): Route[] {
  const routes = Object.entries(ops).map(([operationId, op]) => {
    const names: string[] = []
    const segments = op.path.split('/')
    const pattern = segments
      .map((seg, i) => {
        const m = /^\{(.+)\}$/.exec(seg)
        if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        names.push(m[1]!)
        return i === segments.length - 1 && GREEDY.has(m[1]!) ? '(.+)' : '([^/]+)'
      })
      .join('/')
    return {
      operationId,
      method: op.method,
      regex: new RegExp(`^${pattern}$`),
      names,
      literals: segments.filter(s => !s.startsWith('{')).length
    }
  })
  // Literal segments win over parameters (`issues/comments/1` is a comment, not issue "comments").
  return routes.sort((a, b) => b.literals - a.literals)
}

let routes: Route[] | null = null

/** The operation a request names, with its decoded path parameters. */
export function matchRoute(
  method: string,
  path: string
): { operationId: string; params: Record<string, string> } | null {
  routes ??= buildRoutes(openApiValidator().operations())
  for (const r of routes) {
    if (r.method !== method) continue
    const m = r.regex.exec(path)
    if (!m) continue
    const params: Record<string, string> = {}
    r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)))
    return { operationId: r.operationId, params }
  }
  return null
}

/** The permission an operation needs from a GITHUB_TOKEN-style token. */
function scopeOf(operationId: string): Scope {
  // Repository settings need administration, which GITHUB_TOKEN's `permissions:` cannot grant.
  if (operationId.includes('default-workflow-permissions')) return 'administration'
  if (operationId.startsWith('issues/')) return 'issues'
  if (operationId.startsWith('pulls/')) return 'pull_requests'
  if (operationId.startsWith('checks/')) return 'checks'
  if (operationId.startsWith('actions/')) return 'actions'
  if (operationId.startsWith('git/') || operationId === 'repos/get-content') return 'contents'
  return 'metadata'
}

export function etagOf(body: unknown): string {
  return `W/"${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 40)}"`
}

async function readBody(req: IncomingMessage): Promise<{ raw: string; body: unknown }> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  const raw = Buffer.concat(chunks).toString('utf8')
  if (!raw) return { raw, body: undefined }
  try {
    return { raw, body: JSON.parse(raw) as unknown }
  } catch {
    return { raw, body: raw }
  }
}

export async function handleApi(
  state: ApiState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL
): Promise<void> {
  const method = req.method ?? 'GET'
  const { raw, body } = await readBody(req)
  const request: ApiRequest = {
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body
  }
  const route = matchRoute(method, url.pathname)
  let grant: TokenGrant | null = null
  let counted = false

  const respond = (r: ApiResponse) => {
    const headers: Record<string, string> = {
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      ...(r.headers ?? {})
    }
    if (grant) {
      const w = windowOf(state, grant)
      Object.assign(headers, {
        'x-ratelimit-limit': String(grant.rateLimit),
        'x-ratelimit-remaining': String(Math.max(0, grant.rateLimit - w.used)),
        'x-ratelimit-used': String(w.used),
        'x-ratelimit-reset': String(w.reset),
        'x-ratelimit-resource': 'core'
      })
    }
    const text = r.body === undefined ? '' : JSON.stringify(r.body)
    if (text) headers['content-type'] = 'application/json; charset=utf-8'
    res.writeHead(r.status, headers).end(text)
    state.exchanges?.push({
      method,
      path: url.pathname + url.search,
      status: r.status,
      request: body,
      response: r.body,
      headers: req.headers
    })
    if (state.logFile) {
      const entry = {
        method,
        path: url.pathname + url.search,
        status: r.status,
        request: body ?? null,
        response: r.body ?? null
      }
      appendFileSync(state.logFile, JSON.stringify(entry) + '\n')
    }
  }

  if (!route) {
    const message = `The emulator does not implement ${method} ${url.pathname}. Add the operation to scripts/update-github-spec.mjs and a handler under test/emulator/routes/.`
    state.violations.push({
      kind: 'unknown-route',
      method,
      path: url.pathname,
      operationId: null,
      problems: [message]
    })
    return respond({ status: 501, body: { message, documentation_url: 'https://docs.github.com/rest' } })
  }
  const { operationId, params } = route

  const fault = state.faults.forRequest(method, url.pathname, operationId, raw)
  if (fault.latencyMs) await new Promise(r => setTimeout(r, fault.latencyMs))

  const value = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]
  if (!value) return respond({ status: 401, body: errorBody(401, 'Requires authentication') })
  grant = state.token(value)
  if (!grant) return respond({ status: 401, body: errorBody(401, 'Bad credentials') })

  if (fault.failure) {
    const f = fault.failure
    if (f.kind === 'status')
      return respond({
        status: f.status,
        body: errorBody(f.status, f.message ?? (f.status >= 500 ? 'Server Error' : 'Injected fault'))
      })
    if (f.kind === 'rate-limit') {
      return respond({
        status: f.status,
        headers: { 'retry-after': String(f.retryAfter) },
        body: errorBody(
          f.status,
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
        )
      })
    }
  }

  let repo: RepoStore | null = null
  if (params.owner !== undefined) {
    repo = state.repo(params.owner, params.repo ?? '')
    if (!repo) return respond({ status: 404, body: errorBody(404, 'Not Found') })
    const scope = scopeOf(operationId)
    const need = method === 'GET' ? 'read' : 'write'
    const have = scope === 'metadata' ? 'read' : grant.scopes[scope]
    if (!have || (need === 'write' && have !== 'write')) {
      return respond({ status: 403, body: errorBody(403, 'Resource not accessible by integration') })
    }
  }

  const w = windowOf(state, grant)
  if (w.used >= grant.rateLimit) {
    return respond({
      status: 403,
      body: errorBody(
        403,
        `API rate limit exceeded for ${grant.login}. Wait until ${new Date(w.reset * 1000).toISOString()}.`
      )
    })
  }

  const validator = openApiValidator()
  const requestProblems = [
    ...validator.checkQuery(operationId, url.searchParams),
    ...(raw || method !== 'GET' ? validator.checkRequest(operationId, body) : [])
  ]
  if (requestProblems.length) {
    state.violations.push({
      kind: 'request',
      method,
      path: url.pathname,
      operationId,
      problems: requestProblems
    })
    count(state, grant)
    return respond({ status: 422, body: errorBody(422, 'Invalid request.\n\n' + requestProblems.join('\n')) })
  }

  if (operationId === 'rate-limit/get') {
    const core = { limit: grant.rateLimit, used: w.used, remaining: grant.rateLimit - w.used, reset: w.reset }
    return respond({ status: 200, body: { resources: { core }, rate: core } })
  }

  let result: ApiResponse
  try {
    result = await HANDLERS[operationId]!({ req: request, params, repo: repo!, grant }, state.services)
  } catch (e) {
    if (!(e instanceof HttpError)) throw e
    result = { status: e.status, body: e.body, headers: e.headers }
  }

  const responseProblems = validator.checkResponse(operationId, result.status, result.body)
  if (responseProblems.length) {
    state.violations.push({
      kind: 'response',
      method,
      path: url.pathname,
      operationId,
      problems: responseProblems
    })
    count(state, grant)
    return respond({
      status: 500,
      body: {
        message: `Emulator response for ${operationId} violates GitHub's OpenAPI description: ${responseProblems.join('; ')}`
      }
    })
  }

  if (method === 'GET' && result.status === 200) {
    const etag = etagOf(result.body)
    const sent = (req.headers['if-none-match'] ?? '').split(',').map(s => s.trim().replace(/^W\//, ''))
    if (sent.includes(etag.replace(/^W\//, ''))) {
      // "Making a conditional request does not count against your primary rate limit if a 304 is returned."
      state.notModified.set(grant.token, (state.notModified.get(grant.token) ?? 0) + 1)
      return respond({ status: 304, headers: { etag } })
    }
    result.headers = { ...(result.headers ?? {}), etag }
  }
  if (!counted) counted = count(state, grant)
  return respond(result)
}

function windowOf(state: ApiState, grant: TokenGrant): RateWindow {
  const now = Math.floor(Date.now() / 1000)
  let w = state.windows.get(grant.token)
  if (!w || w.reset <= now) {
    w = { used: 0, reset: now + 3600 }
    state.windows.set(grant.token, w)
  }
  return w
}

function count(state: ApiState, grant: TokenGrant): true {
  windowOf(state, grant).used++
  return true
}
