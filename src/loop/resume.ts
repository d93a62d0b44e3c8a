/**
 * Resuming from the last judged point. A retried loop first finishes what an infrastructure fault
 * interrupted — judges a head that was pushed but never judged (or reads the run dispatched on it),
 * re-attempts the final gate (a failed rebase, a lost full CI run) — and only then starts a new agent
 * attempt. Attempt numbers continue, even past records the previous job could not save.
 */
import type { CiScope } from '../ci/types.js'
import { isVerdict } from './judge.js'
import type { AttemptRecord, CiRecord, LoopState, PendingCi } from './state.js'
import type { Task } from '../task/types.js'

/** A previous run's state, ready to continue: history kept, a fresh round of the attempt budget. */
export function resumeState(previous: LoopState, task: Task, now: number): LoopState {
  return {
    ...previous,
    task,
    phase: 'prepare',
    outcome: null,
    reason: null,
    nextStep: null,
    error: null,
    roundStart: previous.attempts.length,
    startedAt: now,
    updatedAt: now
  }
}

/** The highest attempt number recorded (0 for none). */
export function lastAttemptNumber(state: LoopState): number {
  return state.attempts.reduce((n, a) => Math.max(n, a.attempt), 0)
}

/**
 * Adds a record for each attempt the branch holds (by its `Nightshift-Attempt` trailer) that the
 * state does not: a job that ended between its push and its save. Returns how many were added.
 */
export function recoverAttempts(state: LoopState, onBranch: { attempt: number; sha: string }[]): number {
  const known = new Set(state.attempts.map(a => a.pushed))
  const last = lastAttemptNumber(state)
  const missing = onBranch
    .filter(c => c.attempt > last && !known.has(c.sha))
    .sort((a, b) => a.attempt - b.attempt)
    .filter((c, i, all) => all.findIndex(x => x.attempt === c.attempt) === i)
  for (const c of missing) state.attempts.push(recovered(c.attempt, c.sha, state.updatedAt))
  return missing.length
}

function recovered(attempt: number, sha: string, at: number): AttemptRecord {
  return {
    attempt,
    model: 'unknown',
    startedAt: at,
    durationMs: 0,
    tokens: { input: 0, output: 0, cached: 0 },
    costUsd: null,
    stopReason: 'finished',
    summary: `Recovered from the branch: the job that made commit ${sha.slice(0, 7)} ended before it saved this attempt.`,
    changedFiles: [],
    commit: sha,
    pushed: sha,
    problem: null,
    guard: { refused: [], flagged: [] },
    ci: null,
    api: { requests: 0, notModified: 0 }
  }
}

/** Where a run on an existing branch starts. */
export type Entry =
  | { kind: 'attempts' }
  /** The head has no verdict: judge it (reading `resume` when an earlier job dispatched it). */
  | {
      kind: 'judge'
      sha: string
      scope: CiScope
      target: PendingCi['target']
      resume: { runId: number; runUrl: string | null } | null
    }
  /** The head passed the quick CI: rebase and run the full CI. */
  | { kind: 'final-gate' }
  /** The head passed the full CI: publish it. */
  | { kind: 'publish'; sha: string }

interface Verdict {
  sha: string | null
  ci: CiRecord
  target: PendingCi['target']
}

function verdicts(state: LoopState): Verdict[] {
  const list: Verdict[] = []
  for (const a of state.attempts)
    if (a.ci) list.push({ sha: a.ci.headSha ?? a.pushed, ci: a.ci, target: 'attempt' })
  if (state.outside?.ci)
    list.push({ sha: state.outside.ci.headSha ?? state.outside.sha, ci: state.outside.ci, target: 'outside' })
  if (state.finalCi)
    list.push({
      sha: state.finalCi.headSha ?? state.rebase?.head ?? state.attempts.at(-1)?.pushed ?? null,
      ci: state.finalCi,
      target: 'final'
    })
  return list
}

/**
 * The first step for a loop whose branch head is `head`. `resumed` is false for a branch created by
 * this run: then there is nothing to judge yet.
 */
export function entryPoint(state: LoopState, head: string, resumed: boolean): Entry {
  if (!resumed) return { kind: 'attempts' }
  // A timed-out run is a verdict within a run (a hang the agent may have caused), but on a retry it
  // is judged once more first: the timeout may have been the runner's, not the code's.
  const judged = verdicts(state)
    .reverse()
    .find(v => v.sha === head && isVerdict(v.ci.outcome) && v.ci.outcome !== 'timed_out')
  if (judged) {
    if (judged.ci.outcome !== 'success') return { kind: 'attempts' }
    return judged.target === 'final' && judged.ci.scope === 'full'
      ? { kind: 'publish', sha: head }
      : { kind: 'final-gate' }
  }
  const p = state.pending
  if (p && p.sha === head)
    return {
      kind: 'judge',
      sha: head,
      scope: p.scope,
      target: p.target,
      resume: p.runId === null ? null : { runId: p.runId, runUrl: p.runUrl }
    }
  if (state.rebase?.status === 'rebased' && state.rebase.head === head)
    return { kind: 'judge', sha: head, scope: 'full', target: 'final', resume: null }
  if (state.attempts.some(a => a.pushed === head))
    return { kind: 'judge', sha: head, scope: 'fast', target: 'attempt', resume: null }
  // A head nightshift did not push, on a branch it worked on: someone else's commit.
  if (state.attempts.some(a => a.pushed !== null))
    return { kind: 'judge', sha: head, scope: 'fast', target: 'outside', resume: null }
  return { kind: 'attempts' }
}
