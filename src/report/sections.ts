/**
 * The pieces of a report, each rendered from a LoopState. Untrusted text (issue, agent, CI output)
 * goes through the escaping helpers of markdown.ts; everything else is ours.
 */
import { describeLegs, type LegFailure } from '../ci/legs.js'
import type { Failure } from '../feedback/types.js'
import type { AttemptRecord, CiRecord, LoopState } from '../loop/state.js'
import {
  cell,
  code,
  fenced,
  formatCost,
  formatCount,
  firstLine,
  formatDuration,
  inline,
  keyLines,
  link,
  plural,
  table
} from './markdown.js'
import { conclusionFor, headline, nextStepFor, reasonWords } from './outcome.js'
import { tierSummary } from './tiers.js'
import type { Vocabulary } from './vocabulary.js'

const CI_WORDS: Record<CiRecord['outcome'], string> = {
  success: '✅ passed',
  failure: '❌ failed',
  cancelled: '⏹️ cancelled',
  timed_out: '⌛ timed out',
  never_started: '⚪ never started',
  watch_timeout: '⌛ stopped waiting',
  other_head: '↪️ tested another commit',
  skipped: '➖ skipped'
}

const CONCLUSION_ICON = { success: '✅', failure: '❌', neutral: '⚪', cancelled: '⏹️' } as const

export function ciCell(ci: CiRecord | null, problem: string | null): string {
  if (!ci) return problem ? '➖ not run' : '⏳ pending'
  const notes = [
    ci.preExistingCount ? `${ci.preExistingCount} already failing on the base` : '',
    ci.flaky?.length ? `${ci.flaky.length} flaky, passed on re-run` : ''
  ].filter(Boolean)
  return `${link(CI_WORDS[ci.outcome], ci.runUrl)}${notes.length ? ` (${notes.join('; ')})` : ''}`
}

/** The header: outcome, reason, next step and pull request. Never cut. */
export function header(state: LoopState, words: Vocabulary): string {
  const icon = state.outcome === null ? '⏳' : CONCLUSION_ICON[conclusionFor(state)]
  const lines = [`## ${icon} ${headline(state, words)}`, '']
  if (state.outcome !== null) {
    lines.push(
      `**Outcome:** \`${state.outcome}\` — ${reasonWords(state.reason, words)}${state.reason ? ` (\`${state.reason.replace(/`/g, '')}\`)` : ''}`
    )
  }
  if (state.pullRequest) {
    const draft = state.pullRequest.draft ? ' (draft)' : ''
    lines.push(`**Pull request:** ${link(`#${state.pullRequest.number}`, state.pullRequest.url)}${draft}`)
  }
  // Before the next step, which refers to it as "quoted above".
  if (state.error) lines.push('', '**Error:**', fenced(state.error, 2000), '')
  lines.push(`**Next step:** ${nextStepFor(state, words)}`)
  if (state.outcome === 'success' && conclusionFor(state) !== 'success') {
    lines.push(
      '',
      '> [!WARNING]',
      '> No green full CI run is recorded for the final head, so this is not reported as a success.'
    )
  }
  if (state.sandbox?.warning) lines.push('', '> [!WARNING]', `> ${state.sandbox.warning}`)
  return lines.join('\n')
}

/** The task: title and link (the title is untrusted), the branches, the requester. */
export function taskLine(state: LoopState): string {
  const t = state.task
  const branch = state.links.branch ? link(code(state.branch), state.links.branch) : code(state.branch)
  const round = t.pullRequest ? ` · new round on ${link(`pull request #${t.pullRequest.number}`, null)}` : ''
  return [
    '### Task',
    `${link(`Issue #${t.issue}`, t.url || state.links.issue)}: ${inline(t.title, 256)}`,
    '',
    `Branch ${branch} on ${code(state.baseBranch)} · requested by ${code(t.requester.login, 60)}${round}`
  ].join('\n')
}

function yesNo(b: boolean): string {
  return b ? '✅ yes' : '❌ no'
}

/** The classifier's verdict with every signal. */
export function verdictSection(state: LoopState, maxReasons = 10): string {
  const v = state.verdict
  const s = v.signals
  const files = state.task.files.length
  // Says what the verdict counted, so the row and the reasons below it tell the same story.
  const scope =
    files === 0
      ? `${yesNo(s.single_file_scope)} (no file named)`
      : `${yesNo(s.single_file_scope)} (${plural(files, 'file')} named)`
  const rows = [
    ['reproduction steps', yesNo(s.has_reproduction_steps)],
    ['narrow scope (at most 3 files named)', scope],
    ['test criteria', yesNo(s.has_test_criteria)],
    ['no design decision', yesNo(s.no_design_decision)],
    ['estimated size', s.estimated_size]
  ]
  const reasons = v.reasons.slice(0, maxReasons).map(r => `- ${inline(r, 300)}`)
  if (v.reasons.length > maxReasons) reasons.push(`- … and ${v.reasons.length - maxReasons} more`)
  return [`### Classifier: \`${v.confidence}\``, '', table(['signal', 'value'], rows), '', ...reasons].join(
    '\n'
  )
}

/** Input (every input token), with cache reads and writes apart when there were any, and output. */
function tokensCell(a: AttemptRecord): string {
  if (a.tokensUnknown) return 'unknown'
  const t = a.tokens
  const cache = [
    t.cached ? `${formatCount(t.cached)} cache read` : '',
    t.cacheWrite ? `${formatCount(t.cacheWrite)} cache write` : ''
  ].filter(Boolean)
  return `${formatCount(t.input)} in${cache.length ? ` (${cache.join(', ')})` : ''} / ${formatCount(t.output)} out`
}

/** The model, and the tier its steps ran on when flex was used. */
function modelCell(a: AttemptRecord): string {
  const tiers = tierSummary(a.stepTiers)
  return `${code(a.model, 60)}${tiers ? ` · ${tiers}` : ''}`
}

function changedCell(a: AttemptRecord): string {
  if (a.problem) return `⚠️ ${cell(a.problem, 100)}`
  const first = firstLine(a.summary)
  const files = a.changedFiles.length
  return `${plural(files, 'file')}${first ? `: ${cell(first, 100)}` : ''}`
}

export function attemptRow(a: AttemptRecord): string[] {
  const ciTime = a.ci ? ` (CI ${formatDuration(a.ci.durationMs)})` : ''
  return [
    String(a.attempt),
    modelCell(a),
    ciCell(a.ci, a.problem),
    a.ci ? String(a.ci.failureCount) : '—',
    `${formatDuration(a.durationMs)}${ciTime}`,
    tokensCell(a),
    formatCost(a.costUsd),
    changedCell(a)
  ]
}

/** The attempts table; with `keep`, only the first attempt and the last `keep - 1` are listed. */
export function attemptsTable(state: LoopState, keep = Infinity): string {
  const all = state.attempts
  if (all.length === 0) return '### Attempts\n\nNo attempt yet.'
  const shown =
    all.length <= keep ? all : [all[0] as AttemptRecord, ...all.slice(all.length - Math.max(0, keep - 1))]
  const rows = shown.map(attemptRow)
  const header = ['#', 'model', 'CI', 'failures found', 'duration', 'tokens', 'cost', 'what changed']
  const omitted = all.length - shown.length
  const note =
    omitted > 0
      ? `\n\n_${omitted} attempt(s) between the first and the last ${keep - 1} are not listed._`
      : ''
  return `### Attempts\n\n${table(header, rows, ['r', 'l', 'l', 'r', 'l', 'l', 'r', 'l'])}${note}\n\n${totals(state)}`
}

export function totals(state: LoopState): string {
  const t = state.spent.tokens
  // All of the task's requests (the base's CI among them); older states have the attempts' and the base's own.
  const api =
    state.spent.api?.requests ??
    state.attempts.reduce((n, a) => n + a.api.requests, state.baseline?.api?.requests ?? 0)
  // Elapsed time only once finished: while running it would make every update look changed.
  const elapsed = state.outcome === null ? '' : ` · ${formatDuration(state.updatedAt - state.startedAt)}`
  const counted = `${formatCount(t.input)} input tokens (${formatCount(t.cached)} cache read, ${formatCount(t.cacheWrite ?? 0)} cache write), ${formatCount(t.output)} output tokens`
  // An agent that reported no usage: its tokens are unknown, never zero.
  const tokens =
    state.spent.tokensKnown !== false
      ? counted
      : t.input + t.output === 0
        ? 'tokens unknown (the agent reported none)'
        : `${counted} and more the agent did not report`
  return `**Spent:** ${tokens}, ${formatCost(state.spent.costUsd, state.spent.costKnown)}${elapsed} · ${api} API requests`
}

export function failureLine(f: Failure, messageChars = 200): string {
  const where = f.file
    ? code(`${f.file}${f.line ? `:${f.line}` : ''}${f.line && f.column ? `:${f.column}` : ''}`, 160)
    : ''
  const test = f.test ? ` ${inline(f.test, 160)}` : ''
  const legs = (f as LegFailure).legs
  const on = legs ? ` (${inline(describeLegs(legs), 300)})` : ''
  return `- ${[code(f.tool, 30), where].filter(Boolean).join(' ')}${test} — ${inline(keyLines(f.message), messageChars)}${on}`
}

/** The failures of the most recent CI run that had any. */
export function lastFailures(state: LoopState, max = 20): string {
  const ci = [state.finalCi, ...state.attempts.map(a => a.ci).reverse()].find(c => c && c.failureCount > 0)
  if (!ci || max <= 0) return ''
  const which =
    ci === state.finalCi
      ? 'final full CI'
      : `CI of attempt ${state.attempts.find(a => a.ci === ci)?.attempt ?? '?'}`
  const lines = ci.failures.slice(0, max).map(f => failureLine(f))
  const more = ci.failureCount - lines.length
  if (more > 0) lines.push(`- … and ${more} more (see the annotations and the ${link('CI run', ci.runUrl)})`)
  const count = plural(ci.failureCount, 'failure')
  return [`### Last failures: ${count} in the ${which}`, '', ...lines].join('\n')
}

/** Guard findings of every attempt: refused paths and flagged test skips. */
export function guards(state: LoopState, max = 30): string {
  const items: string[] = []
  let total = 0
  for (const a of state.attempts) {
    for (const [kind, list] of [
      ['🚫 refused', a.guard.refused],
      ['🚩 flagged', a.guard.flagged]
    ] as const) {
      for (const g of list) {
        total++
        if (items.length < max)
          items.push(`- ${kind} ${code(g.path, 160)} — ${inline(g.reason, 200)} (attempt ${a.attempt})`)
      }
    }
  }
  if (total === 0) return ''
  if (total > items.length) items.push(`- … and ${total - items.length} more`)
  return ['### Guards', '', ...items].join('\n')
}

export function rebaseSection(state: LoopState, maxFiles = 30): string {
  const r = state.rebase
  if (!r) return ''
  const base = code(state.baseBranch)
  if (r.status === 'conflict') {
    const files = r.conflicts.slice(0, maxFiles).map(f => `- ${code(f, 200)}`)
    if (r.conflicts.length > maxFiles) files.push(`- … and ${r.conflicts.length - maxFiles} more`)
    return [
      `### Rebase on ${base}: ❌ conflicts`,
      '',
      'The rebase was aborted; the branch is unchanged. Conflicting files:',
      '',
      ...files
    ].join('\n')
  }
  const moved = r.movedBase
    ? `${base} had moved; rebased onto ${code(r.base.slice(0, 7))}`
    : `${base} had not moved`
  return `### Rebase\n\n${r.status === 'rebased' ? '✅' : '➖'} ${moved} (head ${code(r.head.slice(0, 7))}).`
}

export function finalCiSection(state: LoopState): string {
  const ci = state.finalCi
  const outside = state.outside
    ? `**Outside commit:** ${code(state.outside.sha.slice(0, 7))} was pushed to the branch by someone else; CI on it: ${state.outside.ci ? ciCell(state.outside.ci, null) : 'not judged'}.`
    : ''
  if (!ci) return outside
  const failures = ci.failureCount > 0 ? `, ${ci.failureCount} failure(s)` : ''
  const on = ci.headSha ? ` on ${code(ci.headSha.slice(0, 7))}` : ''
  return [
    `### Final full CI\n\n${ciCell(ci, null)}${on} in ${formatDuration(ci.durationMs)}${failures}.`,
    outside
  ]
    .filter(Boolean)
    .join('\n\n')
}
