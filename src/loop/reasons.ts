import { ApiError, ConfigError, PayloadError, SetupError } from '../errors.js'

/**
 * Why a loop ended: one closed vocabulary, so every place that words, colours or counts a reason
 * (src/report/outcome.ts) is checked by the compiler against the same list.
 */
export const REASONS = [
  /** A green full CI run on the published head. */
  'green',
  'max-attempts',
  'no-progress',
  /** The agent's last attempts changed no file (no CI ran): not "the same failures". */
  'no-changes',
  /** The task's wall clock ran out (a single attempt's own timeout does not end the loop). */
  'time-limit',
  'cost-limit',
  'token-limit',
  'rebase-conflict',
  /** CI was dispatched but no run appeared, or we stopped waiting for it: nothing was judged. */
  'ci-never-ran',
  'ci-cancelled',
  /**
   * CI cannot run on the base branch at all, before any change (the install fails, a command is
   * missing): a setup problem, found before attempt 1.
   */
  'ci-setup',
  'human-only',
  'stop-command',
  'cancelled',
  /**
   * Someone else pushed to the agent branch: CI judged a commit that is no longer its head, or the
   * outside commit failed. Nothing unjudged is published; the hand-back names the commit.
   */
  'branch-moved',
  /** GitHub's API did not answer (network errors, 5xx) after the client's retries. */
  'api-unavailable',
  /** GitHub's primary or secondary rate limit held after the client's retries. */
  'rate-limited',
  /** The model provider refused or could not be reached (bad key, unknown model, outage): a setup problem. */
  'model-error',
  /** The command agent failed before changing anything (not found, crashed): a setup problem. */
  'agent-error',
  /** The repository or the inputs are not set up as nightshift needs (CI workflow, inputs, label). */
  'config-error',
  /** GitHub refused a request for good (a permission, a missing resource): retrying will not help. */
  'github-error',
  /** An error in the action itself. */
  'error'
] as const

export type Reason = (typeof REASONS)[number]

/** The reason a thrown value ends a run with: GitHub's outages and refusals, a broken setup, else our own error. */
export function failureReason(
  e: unknown
): Extract<Reason, 'rate-limited' | 'api-unavailable' | 'github-error' | 'config-error' | 'error'> {
  if (e instanceof ApiError)
    return e.rateLimited ? 'rate-limited' : e.transient ? 'api-unavailable' : 'github-error'
  if (e instanceof SetupError || e instanceof ConfigError || e instanceof PayloadError) return 'config-error'
  return 'error'
}
