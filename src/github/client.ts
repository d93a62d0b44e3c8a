/**
 * The one Octokit client: @actions/github's REST client with retry and throttling.
 * Every GitHub call in the action goes through it (DESIGN.md, reliability model).
 */
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { ApiError, errorMessage } from '../errors.js'

export type Octokit = ReturnType<typeof getOctokit>

export interface ClientOptions {
  token: string
  /** REST base URL, e.g. https://api.github.com or https://ghe.example.com/api/v3 (GITHUB_API_URL). */
  baseUrl: string
  /** Retries for 5xx and network errors (default 3). */
  retries?: number
  /** Base of the retry delay in ms; the n-th retry waits n² times this (default 500: 7 s over 3 retries). */
  retryBaseMs?: number
  /** Longest wait we accept for a rate limit before giving up on that request (default 10 minutes). */
  maxRateLimitWaitSeconds?: number
  log?: (message: string) => void
}

/** Builds the client. GitHub Enterprise Server works by passing its API URL. */
export function createClient(options: ClientOptions): Octokit {
  const log = options.log ?? (() => {})
  const maxWait = options.maxRateLimitWaitSeconds ?? 600
  const retries = options.retries ?? 3
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _o: unknown, retryCount: number) => {
      // Docs: on a rate limit, wait `retry-after` (or until the reset), then retry; give up after a few tries.
      // https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api
      if (retryCount < retries && retryAfter <= maxWait) {
        log(`${kind} rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`)
        return true
      }
      log(`${kind} rate limit on ${request.method} ${request.url}; giving up (waited ${retryCount} times)`)
      return false
    }
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      retry: { retries, retryAfterBaseValue: options.retryBaseMs ?? 500 },
      throttle: {
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
        // A tiny spacing between writes keeps us clear of the secondary limits without slowing the loop.
        fallbackSecondaryRateRetryAfter: 60
      }
    },
    retry,
    throttling
  )
}

/** Status of an Octokit RequestError, or null for network errors and other values. */
export function statusOf(e: unknown): number | null {
  const status = (e as { status?: unknown } | null)?.status
  return typeof status === 'number' ? status : null
}

/**
 * Wraps a failed call into an ApiError whose message names the request, the base URL and what to do.
 * `what` says what we were trying to do, in words ("create the check run").
 */
export function apiError(what: string, e: unknown, baseUrl?: string): ApiError {
  // Octokit reports a request that got no response at all (refused, DNS, TLS) as status 500.
  const network = (e as { response?: unknown } | null)?.response === undefined
  const status = network ? null : statusOf(e)
  const where = baseUrl ? ` at ${baseUrl}` : ''
  let hint = ''
  if (status === null)
    hint = ' No response from the GitHub API: is GITHUB_API_URL right and reachable? The call was retried.'
  else if (status >= 500)
    hint = ' GitHub answered with a server error; the call was retried. Try again later.'
  else if (status === 401) hint = ' The token was rejected: check the `github-token` input.'
  else if (status === 403) hint = ' Check the workflow `permissions:` (see the README).'
  else if (status === 404) hint = ' Not found, or the token cannot see it.'
  return new ApiError(
    `Could not ${what}${where}: ${errorMessage(e)}${status ? ` (HTTP ${status})` : ''}.${hint}`,
    status,
    { cause: e }
  )
}
