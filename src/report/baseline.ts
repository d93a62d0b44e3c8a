/**
 * What was not the change's doing: the base branch's own CI result (failures already there before
 * any change) and tests that failed, then passed when their jobs ran again (flaky). Both are named
 * plainly, so a green check with a red run behind it is never a surprise.
 */
import { taskIsAbout, taskTextOf } from '../ci/baseline.js'
import type { LoopState } from '../loop/state.js'
import { code, link, plural } from './markdown.js'
import { failureLine } from './sections.js'

/** One line on the base's CI result (empty when nothing is known). */
export function baselineLine(state: LoopState): string {
  const b = state.baseline
  if (!b) return ''
  const base = code(state.baseBranch)
  const at = b.sha ? ` at ${code(b.sha.slice(0, 7))}` : ''
  const run = b.runUrl ? ` (${link(b.source === 'found' ? 'its latest run' : 'run', b.runUrl)})` : ''
  if (b.source === 'off')
    return `➖ The base was not checked (\`baseline: off\`): every failure counts against the change.`
  if (b.source === 'unavailable')
    return `➖ No CI result for ${base}${at}${run}: ${b.note ?? 'none'}; every failure counts against the change.`
  if (b.outcome === 'success') return `✅ CI passed on ${base}${at}${run} before any change.`
  if (b.failureCount === 0) return `❌ CI failed on ${base}${at}${run} before any change.`
  const lead = `❌ CI already failed on ${base}${at}${run} before any change, with ${plural(b.failureCount, 'failure')}`
  const own = b.failures.filter(f => taskIsAbout(taskTextOf(state.task), f)).length
  if (own === 0) return `${lead}; they are not charged to the change:`
  if (own === b.failureCount) return `${lead}, which the task is about:`
  return `${lead}; the task is about ${own} of them, the others are not charged to the change:`
}

/** Tests that passed on a re-run, with where: `name` (attempt 2). */
function flakyLines(state: LoopState): string[] {
  const seen = new Map<string, string>()
  const note = (tests: string[] | undefined, where: string) => {
    for (const t of tests ?? []) if (!seen.has(t)) seen.set(t, where)
  }
  for (const a of state.attempts) note(a.ci?.flaky, `attempt ${a.attempt}`)
  note(state.finalCi?.flaky, 'final full CI')
  return [...seen].map(
    ([t, where]) => `- 🔁 ${code(t, 160)} failed, then passed when its jobs ran again (${where})`
  )
}

/** The check run's section: the base's result, its failures, and flaky tests. */
export function baselineSection(state: LoopState, max = 10): string {
  const line = baselineLine(state)
  const flaky = flakyLines(state)
  if (!line && flaky.length === 0) return ''
  const b = state.baseline
  const task = taskTextOf(state.task)
  const failures = (b?.failures ?? [])
    .slice(0, max)
    .map(f => `${failureLine(f)}${taskIsAbout(task, f) ? ' — **the task**' : ''}`)
  const more = (b?.failureCount ?? 0) - failures.length
  if (more > 0 && failures.length > 0) failures.push(`- … and ${more} more`)
  const parts = ['### The base branch', '', line, ...(failures.length ? ['', ...failures] : [])]
  if (flaky.length) parts.push('', '**Flaky tests** (not charged to the change):', '', ...flaky)
  return parts.join('\n')
}

/** For the pull request: only what a reviewer must know (failures already on the base, flaky tests). */
export function notTheChange(state: LoopState, max = 10): string {
  const b = state.baseline
  const task = taskTextOf(state.task)
  const hasOld =
    b && b.source !== 'off' && b.source !== 'unavailable' && b.failures.some(f => !taskIsAbout(task, f))
  if (!hasOld && flakyLines(state).length === 0) return ''
  return baselineSection(state, max)
}
