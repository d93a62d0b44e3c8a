/**
 * The `##[error]`/`##[warning]` lines of one step. Each is a tool's line a problem matcher matched,
 * or an `::error::` command's message. The parsers read the same lines in context, so a line a
 * parser already reported (with its file, line and test) is not reported a second time; the rest
 * become annotation failures of their own.
 */
import type { FoundFailure } from './found.js'

/** Kept per step; past this, further lines count only when no parser explained the step. */
const MAX_PER_STEP = 200
/** Words that say how bad, not what: they do not tie a line to a failure. */
const NOISE = new Set(['error', 'warning', 'info', 'notice', 'raise', 'fatal', 'err'])
const WORD = /[a-z_][a-z0-9_]+/g

export interface StepAnnotation {
  text: string
  severity: 'error' | 'warning'
}

function words(text: string): string[] {
  const out: string[] = []
  for (const w of text.slice(0, 2000).toLowerCase().match(WORD) ?? []) if (!NOISE.has(w)) out.push(w)
  return out
}

export class StepAnnotations {
  private readonly lines: StepAnnotation[] = []

  add(text: string, severity: 'error' | 'warning'): void {
    if (text.trim() !== '' && this.lines.length < MAX_PER_STEP) this.lines.push({ text, severity })
  }

  /**
   * The lines no parser failure of the step accounts for: most of a line's words must appear in
   * one failure's file, test and message (a matched `  2:9  error  'x' is unused  no-unused-vars`
   * row against eslint's `'x' is unused (no-unused-vars)`).
   */
  unexplained(failures: readonly FoundFailure[]): StepAnnotation[] {
    if (this.lines.length === 0) return []
    if (failures.length === 0) return this.lines
    const known = failures.map(f => new Set(words(`${f.file ?? ''} ${f.test ?? ''} ${f.message}`)))
    return this.lines.filter(a => {
      const mine = words(a.text)
      if (mine.length === 0) return false
      return !known.some(set => {
        let hit = 0
        for (const w of mine) if (set.has(w)) hit++
        return hit / mine.length >= 0.6
      })
    })
  }
}
