/**
 * Typed errors and one way to turn any thrown value into a message.
 * Messages quote the bad value, say what was expected and what to do.
 */

/** The base of every error this action raises on purpose. */
export class NightshiftError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** Invalid action inputs; `problems` holds one line per input. */
export class ConfigError extends NightshiftError {
  constructor(readonly problems: string[]) {
    super(`Invalid input${problems.length > 1 ? 's' : ''}:\n- ${problems.join('\n- ')}`)
  }
}

/** The event payload lacks a field the action needs, or has the wrong type. */
export class PayloadError extends NightshiftError {}

/** A git command failed in a way the caller did not expect. */
export class GitError extends NightshiftError {
  constructor(
    message: string,
    readonly args: string[],
    readonly exitCode: number,
    readonly stderr: string
  ) {
    super(message)
  }
}

/** A GitHub API call failed after retries. */
export class ApiError extends NightshiftError {
  /** Retries made before giving up. */
  readonly retries: number
  /** GitHub refused for a primary or secondary rate limit. */
  readonly rateLimited: boolean
  /**
   * How long GitHub asked to wait before the next try, in ms from its answer: `retry-after`, or the
   * time until `x-ratelimit-reset` when no requests remain; null when it asked for nothing.
   * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
   */
  readonly retryAfterMs: number | null
  constructor(
    message: string,
    readonly status: number | null,
    options?: { cause?: unknown; retries?: number; rateLimited?: boolean; retryAfterMs?: number | null }
  ) {
    super(message, options)
    this.retries = options?.retries ?? 0
    this.rateLimited = options?.rateLimited ?? false
    this.retryAfterMs = options?.retryAfterMs ?? null
  }

  /** Worth trying again later: no response, a server error or a rate limit (not a refusal or a bad request). */
  get transient(): boolean {
    return this.status === null || this.status >= 500 || this.rateLimited
  }
}

/** The repository is not set up the way the action needs (CI workflow, permissions, label). */
export class SetupError extends NightshiftError {}

/** A guard refused something the agent did (protected path, path escape, forbidden push). */
export class GuardError extends NightshiftError {}

/** Any thrown value as one readable line (non-Error values included). */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message || e.name
  if (typeof e === 'string') return e
  try {
    return JSON.stringify(e) ?? String(e)
  } catch {
    return String(e)
  }
}
