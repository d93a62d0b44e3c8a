/**
 * The verdict on a finished CI run: the change's own failures apart from those already failing on the
 * base (src/ci/baseline.ts), flaky tests given one re-run (src/ci/rerun.ts), and the feedback the
 * agent reads. A run that failed only with failures already on the base, or whose own failures passed
 * on the re-run, is green for the change; the record says so plainly.
 */
import { label, preExisting, preExistingLine, type BaselineRecord, type TaskText } from './baseline.js'
import { describeLegs, type LegFailure } from './legs.js'
import { worthRerun } from './rerun.js'
import type { CI, RunResult } from './types.js'

export interface JudgeContext {
  baseline: BaselineRecord | null | undefined
  baseBranch: string
  /** The task: a failure it is about is the work, not a failure to leave alone. */
  task: TaskText
  /** Files the change touches (every attempt's), for telling flaky tests from broken ones. */
  changed: string[]
  /** Whether a re-run may be spent on this run (one per attempt). */
  rerun: boolean
  /** Epoch ms to stop waiting for a re-run at. */
  deadline: number
  log: (message: string) => void
}

export interface Verdict {
  /** The run the verdict rests on: the re-run's result when there was one that judged. */
  result: RunResult
  /** The change's own failures. */
  failures: LegFailure[]
  /** Failures of this run that were already failing on the base. */
  preExisting: LegFailure[]
  /** Tests that failed, then passed when their jobs ran again. */
  flaky: string[]
  /** Green for the change. */
  green: boolean
  feedback: string | null
}

/** Characters of the feedback kept for the lines added here (pre-existing failures, matrix legs). */
const RESERVE = 700

interface Split {
  result: RunResult
  fresh: LegFailure[]
  pre: LegFailure[]
  text: string
  room: number
}

async function split(ci: CI, result: RunResult, isOld: (f: LegFailure) => boolean): Promise<Split> {
  const collected = await ci.failures(result, { omit: isOld, reserveChars: RESERVE })
  const all = collected.failures as LegFailure[]
  return {
    result,
    fresh: all.filter(f => !isOld(f)),
    pre: all.filter(isOld),
    text: collected.feedback,
    room: collected.room ?? 0
  }
}

/** Only failures already on the base: the change broke nothing. Timeouts never count (a hang is new). */
function onlyOld(s: Split): boolean {
  return s.result.outcome === 'failure' && s.fresh.length === 0 && s.pre.length > 0
}

export async function judgeRun(ci: CI, result: RunResult, ctx: JudgeContext): Promise<Verdict> {
  const none = { failures: [], preExisting: [], flaky: [], feedback: null }
  if (result.outcome === 'success') return { result, ...none, green: true }
  if (result.outcome !== 'failure' && result.outcome !== 'timed_out') return { result, ...none, green: false }
  const isOld = preExisting(ctx.baseline, ctx.task)
  let s = await split(ci, result, isOld)
  let flaky: string[] = []
  if (!onlyOld(s) && ctx.rerun && ci.rerunFailed && worthRerun(s.fresh, ctx.baseline, ctx.changed)) {
    const names = s.fresh.map(f => f.test!)
    ctx.log(
      `CI: ${names.join(', ')} failed in tests the change does not touch; re-running the failed jobs once`
    )
    const rerun = await ci.wait(await ci.rerunFailed(result), ctx.deadline)
    ctx.log(`CI re-run: ${rerun.outcome}`)
    // The verdict rests on the re-run, and the run took as long as both.
    const again = { ...rerun, durationMs: result.durationMs + rerun.durationMs }
    if (again.outcome === 'success') return { result: again, ...none, flaky: names, green: true }
    if (again.outcome === 'failure' || again.outcome === 'timed_out') {
      const second = await split(ci, again, isOld)
      if (onlyOld(second)) flaky = names
      s = second
    }
  }
  const green = onlyOld(s)
  return {
    result: s.result,
    failures: s.fresh,
    preExisting: s.pre,
    flaky,
    green,
    feedback: green ? null : feedbackText(s, ctx.baseBranch)
  }
}

/** The agent's text: one line on failures that are not its own, the matrix legs, then the failures. */
function feedbackText(s: Split, baseBranch: string): string {
  const lines: string[] = []
  const room = s.room
  const note = preExistingLine(s.pre, baseBranch, Math.floor(room / 2))
  if (note) lines.push(note)
  let left = room - note.length - 1
  for (const f of s.fresh) {
    if (!f.legs) continue
    const line = `Matrix: ${label(f, 80)} — ${describeLegs(f.legs)}.`
    if (line.length + 1 > left) break
    lines.push(line)
    left -= line.length + 1
  }
  return [...lines, s.text].join('\n')
}
