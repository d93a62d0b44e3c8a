/**
 * The model ladder: rungs cheapest first (`model` as a list, then `escalation-model` on top). An
 * attempt climbs one rung for each attempt so far that made no progress, and one more for each
 * attempt from `escalationAttempt` on; it never climbs past the top and never steps back down.
 */
export interface ModelLadder {
  models: string[]
  /** From this attempt (1-based, counted in the current round) on, each attempt is one rung higher. */
  escalationAttempt: number
}

/** The ladder from the `model` list and `escalation-model` (one more rung unless it is already the top). */
export function modelLadder(
  models: string[],
  escalationModel: string | null,
  escalationAttempt: number
): ModelLadder {
  const rungs =
    escalationModel && models.at(-1) !== escalationModel ? [...models, escalationModel] : [...models]
  return { models: rungs, escalationAttempt }
}

/** The model for `attempt` (1-based within the round) after `climbs` attempts without progress. */
export function chooseModel(attempt: number, ladder: ModelLadder, climbs: number): string {
  const byAttempt = Math.max(0, attempt - ladder.escalationAttempt + 1)
  const rung = Math.min(ladder.models.length - 1, byAttempt + climbs)
  return ladder.models[Math.max(0, rung)] ?? ''
}
