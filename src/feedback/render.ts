/**
 * Renders the feedback the agent receives, within a character budget: the failing steps first,
 * the tools' own totals, then each failure as `file:line:col tool test — message` with its message
 * lines; tests that failed at one place with one message are shown once, followed by the names of
 * the others. When not all fit, a last line says how many were left out and which files they
 * touch. Plain text, no markup: it can be fenced as data. Same input, same text.
 */
import type { FailedStep, FoundFailure } from './found.js'

export const DEFAULT_BUDGET = 6000
/** As many as a parser keeps (util.message): the text shows the whole message when it fits. */
const MAX_MESSAGE_LINES = 16
const MAX_LINE = 240

function cut(s: string, n = MAX_LINE): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s
}

function place(f: FoundFailure): string {
  if (!f.file) return ''
  return f.line === null
    ? f.file
    : f.column === null
      ? `${f.file}:${f.line}`
      : `${f.file}:${f.line}:${f.column}`
}

/** One failure; `lines` caps the message lines shown (the first one is on the heading line). */
export function formatFailure(f: FoundFailure, lines = MAX_MESSAGE_LINES): string {
  const msg = f.message.split('\n').filter(l => l.trim() !== '')
  const head = [place(f), f.tool, f.severity === 'warning' ? '(warning)' : '', f.test ?? '']
    .filter(Boolean)
    .join(' ')
  const first = (msg[0] ?? '').trim()
  const rest = msg.slice(1, lines).map(l => `    ${cut(l)}`)
  if (msg.length > lines) rest.push(`    … (${msg.length - lines} more lines)`)
  return [`- ${cut(`${head} — ${first}`, MAX_LINE + 80)}`, ...rest].join('\n')
}

/** Errors before warnings; a tool's report before the fallback's raw lines; otherwise log order. */
export function ordered(failures: FoundFailure[]): FoundFailure[] {
  const rank = (f: FoundFailure) => (f.severity === 'warning' ? 2 : f.tool === 'log' ? 1 : 0)
  return failures
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map(x => x.f)
}

export interface RenderInput {
  failures: FoundFailure[]
  steps: FailedStep[]
  /** The tools' own count lines, by tool ("Tests: 31 failed, 2 passed"). */
  totals?: [string, string][]
  /** Failures beyond the collector's cap: counted, not kept. */
  dropped: number
  droppedFiles: string[]
}

/** Tests that failed at the same place with the same message, in the order of the first. */
function groups(failures: FoundFailure[]): FoundFailure[][] {
  const out: FoundFailure[][] = []
  const byKey = new Map<string, FoundFailure[]>()
  for (const f of failures) {
    const key = f.test === null ? null : [f.tool, f.file, f.line, f.severity, f.message].join('\0')
    const group = key === null ? undefined : byKey.get(key)
    if (group) {
      group.push(f)
      continue
    }
    const fresh = [f]
    if (key !== null) byKey.set(key, fresh)
    out.push(fresh)
  }
  return out
}

/** "11 more tests failed with the same error: a, b, …", within `room` characters. */
function sameError(rest: FoundFailure[], room: number): string {
  const head = `    … ${rest.length} more test${rest.length === 1 ? '' : 's'} failed with the same error: `
  let names = ''
  let listed = 0
  for (const f of rest) {
    const next = (names ? ', ' : '') + f.test!
    if (head.length + names.length + next.length + 24 > Math.min(room, 600)) break
    names += next
    listed++
  }
  return head + names + (listed < rest.length ? ` and ${rest.length - listed} more` : '')
}

export function render(input: RenderInput, budget = DEFAULT_BUDGET): string {
  const failures = ordered(input.failures)
  const total = failures.length + input.dropped
  const errors = failures.filter(f => f.severity === 'error').length
  const parts: string[] = []
  if (input.steps.length) {
    parts.push('Failing steps:')
    for (const s of input.steps) {
      const why = s.exitCode !== null ? `exit code ${s.exitCode}` : s.reason
      parts.push(`- ${cut([s.job, s.step].filter(Boolean).join(' › '))} (${cut(why, 120)})`)
    }
    parts.push('')
  }
  if (total === 0) {
    parts.push('No failures were recognised in the logs.')
    return fit(parts.join('\n'), budget)
  }
  const warnings = total - errors - input.dropped
  for (const [tool, line] of input.totals ?? []) parts.push(`${tool} reported: ${cut(line, 160)}`)
  parts.push(`Failures (${total}${warnings > 0 ? `, of which ${warnings} warnings` : ''}):`)
  let text = parts.join('\n')

  // Keep room for the closing "left out" line, so the list never overflows the budget.
  const reserve = Math.min(400, Math.floor(budget / 5))
  let shown = 0
  const all = groups(failures)
  let g = 0
  for (; g < all.length; g++) {
    const [f, ...same] = all[g]
    const room = budget - reserve - text.length - 1
    const full = formatFailure(f)
    const short = formatFailure(f, 3)
    const oneLine = formatFailure(f, 1)
    let pick =
      full.length <= room && shown < 40
        ? full
        : short.length <= room
          ? short
          : oneLine.length <= room
            ? oneLine
            : null
    if (pick === null) break
    if (same.length) {
      const line = sameError(same, room - pick.length - 1)
      if (pick.length + 1 + line.length > room) break
      pick += '\n' + line
    }
    text += '\n' + pick
    shown += 1 + same.length
  }
  const left = all.slice(g).flat()
  const leftCount = left.length + input.dropped
  if (leftCount > 0) {
    const files: string[] = []
    for (const f of left) if (f.file && !files.includes(f.file)) files.push(f.file)
    for (const f of input.droppedFiles) if (!files.includes(f)) files.push(f)
    let line = `\n… ${leftCount} more failure${leftCount === 1 ? '' : 's'} not shown`
    if (files.length) {
      line += ', in: '
      const room = budget - text.length - line.length - 20
      let list = ''
      let listed = 0
      for (const file of files) {
        const next = (list ? ', ' : '') + file
        if (list.length + next.length > room) break
        list += next
        listed++
      }
      line += list + (listed < files.length ? ` and ${files.length - listed} more files` : '')
    }
    text += line + '.'
  }
  return fit(text, budget)
}

/** The last guard: never more than the budget, whatever the input. */
function fit(text: string, budget: number): string {
  return text.length <= budget ? text : text.slice(0, Math.max(0, budget - 1)) + '…'
}
