/**
 * Before attempt 1: the base commit's CI result (src/ci/baseline.ts), kept in the state, and what the
 * attempts are then judged against. A base whose CI cannot run at all, or never starts, stops the loop
 * here, before any agent work is paid for: nothing could be judged there.
 */
import { establishBaseline, taskTextOf, type BaselineMode, type BaselineResult } from '../ci/baseline.js'
import type { LoopDeps } from './context.js'
import type { Judging } from './judge.js'
import type { Reason } from './reasons.js'
import type { LoopState } from './state.js'

export type BaselineStop = { outcome: 'failed' | 'escalated'; reason: Reason; detail?: string }

export async function learnBaseline(
  deps: LoopDeps,
  state: LoopState,
  base: { mode: BaselineMode; branch: string; sha: string | null; deadline: number }
): Promise<{ judging: Judging; stop: BaselineStop | null }> {
  const before = deps.meter?.snapshot()
  const result = await establishBaseline(deps.ci, {
    mode: base.mode,
    baseBranch: base.branch,
    sha: base.sha,
    deadline: base.deadline,
    log: deps.log
  })
  const after = deps.meter?.snapshot()
  state.baseline =
    before && after
      ? {
          ...result.record,
          api: {
            requests: after.requests - before.requests,
            notModified: after.notModified - before.notModified
          }
        }
      : result.record
  const judging: Judging = {
    baseline: result.record,
    baseBranch: base.branch,
    task: taskTextOf(state.task)
  }
  return { judging, stop: stopFor(result, base.branch) }
}

function stopFor(result: BaselineResult, branch: string): BaselineStop | null {
  switch (result.kind) {
    case 'ready':
      return null
    case 'never-ran':
      return { outcome: 'escalated', reason: 'ci-never-ran' }
    case 'cannot-run':
      return {
        outcome: 'failed',
        reason: 'ci-setup',
        detail: [
          `CI cannot run on ${branch}, before any change: a setup problem, not the task's.`,
          result.error,
          ...(result.advice ? [result.advice] : [])
        ].join('\n\n')
      }
  }
}
