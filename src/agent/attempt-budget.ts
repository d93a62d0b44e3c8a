/**
 * The caps of one attempt, the same for every engine: input plus output tokens against `maxTokens`,
 * dollars against `maxCostUsd` (an unknown cost is never over). The built-in engine checks before each
 * model step; the command engine once its agent has reported what it used.
 */
import type { AttemptBudget, TokenUsage } from './types.js'

/** The summary an attempt ends with when its spending reached a cap, or null while within both. */
export function budgetReached(
  budget: AttemptBudget,
  tokens: TokenUsage,
  costUsd: number | null
): string | null {
  const used = tokens.input + tokens.output
  if (budget.maxTokens !== null && used >= budget.maxTokens)
    return `Token budget of ${budget.maxTokens} reached (${used} used).`
  if (budget.maxCostUsd !== null && costUsd !== null && costUsd >= budget.maxCostUsd)
    return `Cost budget of $${budget.maxCostUsd.toFixed(2)} reached ($${costUsd.toFixed(4)} spent).`
  return null
}
