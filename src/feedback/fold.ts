/**
 * Folds duplicates: the same error reported twice by a tool (jest's closing summary), or by a tool
 * and by an annotation (a problem matcher, vitest's `::error`, the check run's annotations). The
 * richer report is kept and the other fills its gaps. Two different tests are never one failure,
 * even on the same line with the same message (a parametrised test, a shared helper): grouping
 * those is the renderer's job, and the JSON keeps every one.
 */
import type { FoundFailure } from './found.js'

function firstLine(s: string): string {
  const nl = s.indexOf('\n')
  return (nl === -1 ? s : s.slice(0, nl)).toLowerCase().replace(/\s+/g, ' ').trim()
}

function overlaps(a: string, b: string): boolean {
  const x = firstLine(a)
  const y = firstLine(b)
  return x !== '' && y !== '' && (x.includes(y) || y.includes(x))
}

function differentTests(a: FoundFailure, b: FoundFailure): boolean {
  return a.test !== null && b.test !== null && a.test !== b.test
}

function same(a: FoundFailure, b: FoundFailure): boolean {
  if (differentTests(a, b)) return false
  if (a.tool === b.tool && a.column !== null && b.column !== null && a.column !== b.column) return false
  if (a.tool === 'annotation' || b.tool === 'annotation') return true
  if (a.test !== null && a.test === b.test) return true
  return overlaps(a.message, b.message)
}

/** Keeps `keep`'s place in the list, with the better report's fields. */
function merge(keep: FoundFailure, other: FoundFailure): void {
  if (keep.tool === 'annotation' && other.tool !== 'annotation') {
    const place = { job: keep.job, step: keep.step }
    Object.assign(keep, other, place)
    return
  }
  // A test runner's report of the same error names the test: it is the better record.
  if (keep.test === null && other.test !== null && other.tool !== 'annotation') keep.tool = other.tool
  keep.column ??= other.column
  keep.test ??= other.test
  if (other.message.length > keep.message.length && other.tool === keep.tool) keep.message = other.message
  if (other.severity === 'error') keep.severity = 'error'
}

export function fold(failures: FoundFailure[]): FoundFailure[] {
  const out: FoundFailure[] = []
  const byPlace = new Map<string, FoundFailure[]>()
  outer: for (const f of failures) {
    if (f.file !== null && f.line !== null) {
      const key = `${f.file}:${f.line}`
      const list = byPlace.get(key) ?? []
      for (const g of list) {
        if (same(g, f)) {
          merge(g, f)
          continue outer
        }
      }
      list.push(f)
      byPlace.set(key, list)
      out.push(f)
      continue
    }
    for (const g of out) {
      const sameTest = f.test !== null && g.test === f.test && g.tool === f.tool
      // An annotation without a place: the log's `##[error]` record of a workflow command (tool
      // 'annotation') and the check run's annotation of the same command, whose title may name the tool.
      const fileless =
        f.file === null &&
        (f.tool === 'annotation' || (g.tool === 'annotation' && g.file === null)) &&
        g.message.toLowerCase().includes(firstLine(f.message))
      const exact = g.tool === f.tool && g.file === f.file && firstLine(g.message) === firstLine(f.message)
      if ((sameTest || fileless || exact) && !differentTests(f, g)) {
        merge(g, f)
        continue outer
      }
    }
    out.push(f)
  }
  return out
}
