import type { NetworkReport } from '../egress/types.js'
import type { Task } from '../task/types.js'

export interface TokenUsage {
  input: number
  output: number
  cached: number
}

/** What the loop tells the engine about earlier attempts (kept short: it goes into the prompt). */
export interface AttemptHistoryEntry {
  attempt: number
  summary: string
  ciOutcome: string
  /** A few lines naming the failures of that attempt. */
  failures: string
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
  /** Repository-relative paths the engine changed (the loop re-derives them from git too). */
  changedFiles: string[]
  tokens: TokenUsage
  /** Null when the engine cannot tell (a command agent that reports nothing). */
  costUsd: number | null
  stopReason: StopReason
  /** Set when stopReason is 'error': what went wrong, readable. */
  error?: string
  /** Model steps taken (built-in engine). */
  steps?: number
  /** True when the engine could not count tokens (a command agent that reports nothing): `tokens` are zeros. */
  tokensUnknown?: boolean
  /** The model the attempt used (`provider:model`), when there was one. */
  model?: string
  /** The egress allow-list during the attempt and what it blocked (set by the confining wrapper). */
  network?: NetworkReport
}

/** A coding agent. Implementations: the built-in tool loop, and the command engine. */
export interface Engine {
  attempt(input: AttemptInput): Promise<AttemptResult>
}
