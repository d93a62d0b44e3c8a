/**
 * The check run's `text`: the long story under the summary (the issue as quoted data, each attempt's
 * own account, changed files, failures with their messages). Built in order of importance — the
 * latest attempt first — and cut from the end to fit.
 */
import type { CiRecord, LoopState } from '../loop/state.js'
import { code, fenced, inline, quote } from './markdown.js'
import { failureLine } from './sections.js'

function failuresDetail(ci: CiRecord | null, max: number): string[] {
  if (!ci || ci.failures.length === 0) return []
  const out: string[] = []
  for (const f of ci.failures.slice(0, max)) {
    out.push(failureLine(f, 160))
    if (f.message.includes('\n')) out.push('', fenced(f.message, 800), '')
  }
  if (ci.failureCount > out.length)
    out.push(`- … ${ci.failureCount - Math.min(max, ci.failures.length)} more not shown`)
  return out
}

function attemptDetail(state: LoopState, index: number): string {
  const a = state.attempts[index]
  if (!a) return ''
  const files = a.changedFiles.slice(0, 100).map(f => code(f, 200))
  const moreFiles = a.changedFiles.length - files.length
  const lines = [
    `<details><summary>Attempt ${a.attempt} — ${inline(a.model, 60)}, stop: ${a.stopReason}${a.commit ? `, commit ${a.commit.slice(0, 7).replace(/[^0-9a-f]/gi, '')}` : ''}</summary>`,
    '',
    "**The agent's summary:**",
    '',
    quote(a.summary, 3000),
    ''
  ]
  if (a.problem) lines.push(`**Problem:** ${inline(a.problem, 500)}`, '')
  if (files.length > 0)
    lines.push(
      `**Changed files (${a.changedFiles.length}):** ${files.join(', ')}${moreFiles > 0 ? `, … ${moreFiles} more` : ''}`,
      ''
    )
  const failures = failuresDetail(a.ci, 30)
  if (failures.length > 0) lines.push(`**Failures (${a.ci?.failureCount ?? 0}):**`, '', ...failures, '')
  lines.push('</details>')
  return lines.join('\n')
}

function taskDetail(state: LoopState): string {
  const t = state.task
  const lines = [
    '<details><summary>The issue, as the agent received it</summary>',
    '',
    fenced(t.body || '(empty)', 8000),
    ''
  ]
  if (t.files.length > 0)
    lines.push(
      `**Files named:** ${t.files
        .slice(0, 50)
        .map(f => code(f, 200))
        .join(', ')}`,
      ''
    )
  if (t.acceptance.length > 0)
    lines.push(
      '**Acceptance criteria:**',
      '',
      ...t.acceptance.slice(0, 30).map(c => `- ${inline(c, 300)}`),
      ''
    )
  lines.push('</details>')
  return lines.join('\n')
}

/** The detail parts, most important first. */
export function detailParts(state: LoopState): { name: string; text: string }[] {
  const parts: { name: string; text: string }[] = []
  if (state.finalCi && state.finalCi.failures.length > 0) {
    parts.push({
      name: 'final CI failures',
      text: ['### Final full CI failures', '', ...failuresDetail(state.finalCi, 50)].join('\n')
    })
  }
  for (let i = state.attempts.length - 1; i >= 0; i--) {
    parts.push({ name: `attempt ${state.attempts[i]?.attempt ?? i + 1}`, text: attemptDetail(state, i) })
  }
  parts.push({ name: 'issue text', text: taskDetail(state) })
  return parts
}
