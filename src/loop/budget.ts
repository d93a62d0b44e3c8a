/**
 * Budgets of one loop: attempts, wall clock, tokens and money. Pure: given what was spent, say
 * whether another attempt may start and, if not, the named reason.
 */
import type { TokenUsage } from '../agent/types.js'

export interface Budget {
  maxAttempts: number
  /** Epoch ms when the whole task must be done (the job's time limit). */
  deadline: number
  /** Time kept at the end to commit, push and report partial work. */
  reserveMs: number
  /** Shortest time worth starting an attempt with (agent + CI); less than this left → stop. */
  minAttemptMs: number
  maxCostUsd: number | null
  maxTokens: number | null
}

export interface Spent {
  attempts: number
  tokens: TokenUsage
  costUsd: number
}

export type BudgetStop = 'max-attempts' | 'time-limit' | 'cost-limit' | 'token-limit'

export function totalTokens(t: TokenUsage): number {
  return t.input + t.output
}

export function addTokens(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cached: a.cached + b.cached,
    cacheWrite: (a.cacheWrite ?? 0) + (b.cacheWrite ?? 0)
  }
}

/** Why no further attempt may start, or null when one may. */
export function budgetStop(budget: Budget, spent: Spent, now: number): BudgetStop | null {
  if (spent.attempts >= budget.maxAttempts) return 'max-attempts'
  if (budget.maxCostUsd !== null && spent.costUsd >= budget.maxCostUsd) return 'cost-limit'
  if (budget.maxTokens !== null && totalTokens(spent.tokens) >= budget.maxTokens) return 'token-limit'
  if (now + budget.reserveMs + budget.minAttemptMs > budget.deadline) return 'time-limit'
  return null
}

/** What the next attempt may spend: the engine stops cleanly at these. */
export function attemptAllowance(
  budget: Budget,
  spent: Spent
): { maxCostUsd: number | null; maxTokens: number | null; deadline: number } {
  return {
    maxCostUsd: budget.maxCostUsd === null ? null : Math.max(0, budget.maxCostUsd - spent.costUsd),
    maxTokens: budget.maxTokens === null ? null : Math.max(0, budget.maxTokens - totalTokens(spent.tokens)),
    deadline: budget.deadline - budget.reserveMs
  }
}
