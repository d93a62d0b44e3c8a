/**
 * What a REST route handler receives and returns, GitHub's error shapes, and pagination with Link headers.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { Ids, RepoStore, Run, TokenGrant, User } from './model.js'
import type { WorkflowPlan } from './workflow-file.js'
import type { Urls } from './factories.js'
import type { GitRepos } from './git-repos.js'

export const DOCS = 'https://docs.github.com/rest'

export interface ApiRequest {
  method: string
  /** Path without the query, as sent (percent-encoded). */
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: unknown
}

export interface ApiResponse {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/**
 * `details`: GitHub.com today (200 with the run's id when asked). `reject-field`: GitHub Enterprise
 * Server ≤ 3.20, which answers the unknown field with 400 and a dispatch without it with 204.
 * `no-content`: a server that ignores the field and answers 204.
 */
export type DispatchReply = 'details' | 'reject-field' | 'no-content'

/** Starts and stops workflow runs (workflow-runner.ts). */
export interface RunnerPort {
  /** Reads a workflow at a commit with GitHub's parser; throws WorkflowError with its messages. */
  load(repo: RepoStore, workflowPath: string, sha: string): Promise<WorkflowPlan>
  /** Creates the run (or none, under the lost-dispatch fault) and starts it in the background. */
  dispatch(
    repo: RepoStore,
    plan: WorkflowPlan,
    sha: string,
    ref: string,
    inputs: Record<string, string>,
    actor: string
  ): Promise<Run | null>
  cancel(repo: RepoStore, run: Run): void
  /** Starts the run's next attempt for its failed and cancelled jobs. */
  rerunFailed(repo: RepoStore, run: Run): Promise<void>
}

/** Everything a handler may use besides the request; implemented by the emulator (server.ts). */
export interface Services {
  urls: Urls
  ids: Ids
  git: GitRepos
  runner: RunnerPort
  user(login: string): User
  /** A short-lived URL serving `content` (job logs redirect there). */
  blobUrl(content: string): string
  /** How a dispatch answers `return_run_details` (changeable while the emulator runs). */
  dispatchReply: DispatchReply
}

export type Handler = (ctx: RouteContext, services: Services) => Promise<ApiResponse> | ApiResponse

export interface RouteContext<P extends string = string> {
  req: ApiRequest
  params: Record<P, string>
  repo: RepoStore
  grant: TokenGrant
}

/** A failure GitHub answers with a JSON error body; handlers throw it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {}
  ) {
    super(String(body.message))
  }
}

export function errorBody(
  status: number,
  message: string,
  extra: Record<string, unknown> = {}
): Record<string, unknown> {
  return { message, ...extra, documentation_url: DOCS, status: String(status) }
}

export function notFound(): HttpError {
  return new HttpError(404, errorBody(404, 'Not Found'))
}

/** GitHub's 422 shape: `{message: 'Validation Failed', errors: [{resource, code, field}]}`. */
export function validationFailed(
  resource: string,
  field: string,
  code: 'missing_field' | 'invalid' | 'already_exists' | 'custom' | 'missing',
  message?: string
): HttpError {
  const error: Record<string, unknown> = { resource, code, field }
  if (message) error.message = message
  return new HttpError(422, errorBody(422, 'Validation Failed', { errors: [error] }))
}

/** `per_page` (default 30, at most 100) and `page` from the query. */
export function pageOf(query: URLSearchParams): { perPage: number; page: number } {
  const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30))
  const page = Math.max(1, Number(query.get('page') ?? 1) || 1)
  return { perPage, page }
}

/**
 * One page of `items` and GitHub's `Link` header (`next`, `last`, `first`, `prev`), built from the
 * request URL so Octokit's paginate() follows it.
 */
export function paginate<T>(
  urls: Urls,
  req: ApiRequest,
  items: T[]
): { items: T[]; headers: Record<string, string> } {
  const { perPage, page } = pageOf(req.query)
  const last = Math.max(1, Math.ceil(items.length / perPage))
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(req.query)
    q.set('per_page', String(perPage))
    q.set('page', String(p))
    return `<${urls.api}${req.path}?${q.toString()}>; rel="${rel}"`
  }
  const parts: string[] = []
  if (page > 1) parts.push(link(page - 1, 'prev'))
  if (page < last) parts.push(link(page + 1, 'next'), link(last, 'last'))
  if (page > 1) parts.push(link(1, 'first'))
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: parts.length ? { link: parts.join(', ') } : {}
  }
}

/** The request body as an object (validated against the spec before the handler runs). */
export function bodyOf<T>(req: ApiRequest): T {
  return (req.body ?? {}) as T
}
