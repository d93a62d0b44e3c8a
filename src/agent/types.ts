import type { NetworkReport } from '../egress/types.js'
import type { Task } from '../task/types.js'

export interface TokenUsage {
  /** Every input token: plain ones, cache reads and cache writes. */
  input: number
  output: number
  /** Input tokens read from the provider's prompt cache. */
  cached: number
  /** Input tokens written to the prompt cache (Anthropic bills them above plain input); absent: 0. */
  cacheWrite?: number
}

/** OpenAI's processing tiers as nightshift names them: `standard` (the default) and `flex` (half price, slower). */
export type ServiceTier = 'standard' | 'flex'

/** What an attempt did, carried into the next attempt's prompt so it need not re-read everything. */
export interface AttemptTrail {
  /** Files the agent read, in the order first read. */
  read: string[]
  /** Files the attempt changed. */
  changed: string[]
  /** Commands the agent ran and how each ended (`exit code 1: <last line>`). */
  commands: { command: string; result: string }[]
}

/** What the loop tells the engine about earlier attempts (kept short: it goes into the prompt). */
export interface AttemptHistoryEntry {
  attempt: number
  summary: string
  ciOutcome: string
  /** A few lines naming the failures of that attempt. */
  failures: string
  /** What the attempt read, changed and ran (built-in engine); the prompt carries the latest one. */
  trail?: AttemptTrail
}

export interface AttemptBudget {
  /** The model for this attempt, as `provider:model` (e.g. `anthropic:claude-sonnet-4-5`). */
  model: string
  /** Epoch ms at which the engine must stop and keep what was written. */
  deadline: number
  /** Dollars this attempt may still spend (null: no cap). */
  maxCostUsd: number | null
  /** Tokens this attempt may still spend (null: no cap). */
  maxTokens: number | null
}

export interface AttemptInput {
  attempt: number
  task: Task
  /** Absolute path of the checkout the agent works in. */
  workspaceDir: string
  /** CI feedback from the previous attempt, exactly as rendered; null on the first attempt. */
  feedback: string | null
  history: AttemptHistoryEntry[]
  /** Paths the agent must not change (globs). */
  protectedPaths: string[]
  budget: AttemptBudget
}

export type StopReason = 'finished' | 'step_limit' | 'budget' | 'timeout' | 'error'

export interface AttemptResult {
  summary: string
  /** Zeros when `tokensUnknown`. */
  tokens: TokenUsage
  /** Null when the engine cannot tell (a command agent that reports nothing). */
  costUsd: number | null
  stopReason: StopReason
  /** Set when stopReason is 'error': what went wrong, readable. */
  error?: string
  /**
   * Whose error it was, when stopReason is 'error': the model provider's (a refused or failed model
   * request) or the agent's own (a command that could not run or crashed).
   */
  errorKind?: 'model' | 'agent'
  /**
   * True when the engine could not count tokens (a command agent that reports nothing): `tokens` are
   * zeros that mean "unknown", and a token cap cannot be counted for the attempt.
   */
  tokensUnknown?: boolean
  /** The egress allow-list during the attempt and what it blocked (set by the confining wrapper). */
  network?: NetworkReport
  /** The tier each model step ran on, in order (built-in engine). */
  stepTiers?: ServiceTier[]
  /** What the attempt read, changed and ran (built-in engine). */
  trail?: AttemptTrail
}

/** A coding agent. Implementations: the built-in tool loop, and the command engine. */
export interface Engine {
  attempt(input: AttemptInput): Promise<AttemptResult>
}
