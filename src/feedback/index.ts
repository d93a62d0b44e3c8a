/**
 * The feedback stage's entry point: job logs in, failures and the agent's feedback text out.
 * Streaming: a log is read line by line, never whole in memory.
 */
import type { Failure, FeedbackResult } from './types.js'

export type { Failure, FeedbackResult } from './types.js'

/** One job's raw GitHub Actions log. */
export interface LogInput {
  /** The job's name (shown in the feedback). */
  name: string
  /** The raw log bytes (a file stream, a fetch body, or strings). */
  content: AsyncIterable<Buffer | Uint8Array | string>
}

export interface FeedbackOptions {
  /** Budget of the rendered feedback in characters (default 6000). */
  budgetChars?: number
  /** Failures already known from check-run annotations; folded with what the logs show. */
  annotations?: Failure[]
  /** The failed steps of each job, when the API told us (job name → step names). */
  failedSteps?: Record<string, string[]>
}

export async function analyze(_logs: LogInput[], _options: FeedbackOptions = {}): Promise<FeedbackResult> {
  throw new Error('not implemented yet')
}
