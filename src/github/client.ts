/**
 * The one Octokit client: @actions/github's REST client with retry and throttling.
 * Every GitHub call in the action goes through it, so every call is retried and spaced the same way.
 */
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck/light.js'
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
  /**
   * Multiplies every wait the client makes: retry backoff, `retry-after`, and the spacing between
   * writes (default 1, GitHub's pacing). NIGHTSHIFT_TIME_SCALE passes a smaller one for the local
   * emulator, which answers at once and has no secondary limits to respect.
   */
  timeScale?: number
  log?: (message: string) => void
}

const RATE_LIMIT_RETRIES = 'nightshiftRateLimitRetries'

/** Builds the client. GitHub Enterprise Server works by passing its API URL. */
export function createClient(options: ClientOptions): Octokit {
  const log = options.log ?? (() => {})
  const maxWait = options.maxRateLimitWaitSeconds ?? 600
  const retries = options.retries ?? 3
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      request: { method: string; url: string; request?: Record<string, unknown> },
      _o: unknown,
      retryCount: number
    ) => {
      // Docs: on a rate limit, wait `retry-after` (or until the reset), then retry; give up after a few tries.
      // https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api
      if (retryCount < retries && retryAfter <= maxWait) {
        log(`${kind} rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`)
        // Kept in the request's options, which the next try's error copies, so the final message can
        // say how often the limit was waited out (the retry plugin's `retryCount` counts its own tries).
        if (request.request) request.request[RATE_LIMIT_RETRIES] = retryCount + 1
        return true
      }
      log(`${kind} rate limit on ${request.method} ${request.url}; giving up (waited ${retryCount} times)`)
      return false
    }
  const scale =
    options.timeScale !== undefined && options.timeScale > 0 && options.timeScale < 1 ? options.timeScale : 1
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      retry: { retries, retryAfterBaseValue: (options.retryBaseMs ?? 500) * scale },
      throttle: {
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
        fallbackSecondaryRateRetryAfter: 60,
        retryAfterBaseValue: 1000 * scale,
        // GitHub asks for at least a second between writes, three before writes that notify people
        // (the plugin's own defaults); scaled only for the emulator.
        // https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api
        ...(scale < 1
          ? {
              write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 1000 * scale }),
              notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 3000 * scale })
            }
          : {})
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
export function apiError(what: string, e: unknown, baseUrl?: string, now = Date.now()): ApiError {
  // Octokit reports a request that got no response at all (refused, DNS, TLS) as status 500.
  const network = (e as { response?: unknown } | null)?.response === undefined
  const status = network ? null : statusOf(e)
  const where = baseUrl ? ` at ${baseUrl}` : ''
  const tries = retriesOf(e)
  const retried = tries > 0 ? `retried ${tries} time${tries === 1 ? '' : 's'}` : 'not retried'
  let hint = ''
  if (status === null)
    hint = ` No response from the GitHub API (${retried}): is GITHUB_API_URL right and reachable?`
  else if (rateLimited(e))
    hint = ` GitHub rate-limited the request (${retried}, waiting as long as it asked); nothing is wrong with the setup. Try again later.`
  else if (status >= 500) hint = ` GitHub answered with a server error (${retried}). Try again later.`
  else if (status === 401) hint = ' The token was rejected: check the `github-token` input.'
  else if (status === 403) hint = ' Check the workflow `permissions:` (see the README).'
  else if (status === 404) hint = ' Not found, or the token cannot see it.'
  return new ApiError(
    `Could not ${what}${where}: ${errorMessage(e)}${status ? ` (HTTP ${status})` : ''}.${hint}`,
    status,
    {
      cause: e,
      retries: tries,
      rateLimited: rateLimited(e),
      retryAfterMs: network ? null : retryAfterMs(e, now)
    }
  )
}

type Headers = Record<string, string | number | undefined>

/** The response headers of an Octokit RequestError (empty when there was no response). */
export function headersOf(e: unknown): Headers {
  return (e as { response?: { headers?: Headers } } | null)?.response?.headers ?? {}
}

/** The primary rate limit's state as the `x-ratelimit-*` headers give it, or null without them. */
export function rateLimitOf(h: Headers): { remaining: number; resetAt: number } | null {
  const remaining = Number(h['x-ratelimit-remaining'])
  const reset = Number(h['x-ratelimit-reset'])
  if (!Number.isFinite(remaining) || !Number.isFinite(reset) || h['x-ratelimit-remaining'] === undefined)
    return null
  return { remaining, resetAt: reset * 1000 }
}

/**
 * How long the server asked us to wait after a failed request: `retry-after` seconds, or until
 * `x-ratelimit-reset` when the limit is spent; null when it said nothing.
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api
 */
function retryAfterMs(e: unknown, now: number): number | null {
  const h = headersOf(e)
  const retryAfter = Number(h['retry-after'])
  if (h['retry-after'] !== undefined && Number.isFinite(retryAfter)) return retryAfter * 1000
  const limit = rateLimitOf(h)
  if (limit && limit.remaining === 0) return Math.max(0, limit.resetAt - now)
  return null
}

/**
 * A primary or secondary rate limit: 429, or 403 with `retry-after`, a spent `x-ratelimit-remaining`
 * or GitHub's "rate limit" message (docs: rate-limits-for-the-rest-api).
 */
export function rateLimited(e: unknown): boolean {
  const status = statusOf(e)
  if (status === 429) return true
  if (status !== 403) return false
  const h = headersOf(e)
  return (
    h['retry-after'] !== undefined ||
    String(h['x-ratelimit-remaining']) === '0' ||
    /rate limit/i.test(errorMessage(e))
  )
}

/** How many times the retry or throttling plugin retried the request before this error. */
function retriesOf(e: unknown): number {
  const options = (e as { request?: { request?: Record<string, unknown> } } | null)?.request?.request
  const n = rateLimited(e) ? (options?.[RATE_LIMIT_RETRIES] ?? 0) : options?.retryCount
  return typeof n === 'number' && Number.isFinite(n) ? n : 0
}
