/** Small helpers shared by the parsers. */
import type { ParsedFailure, ParserSpec } from './types.js'

export interface Location {
  file: string
  line: number
  column: number | null
}

// "    at Object.toBe (test/sum.test.js:4:23)", "at file:///x.js:6:12", "at async Foo (x.ts:1:2)"
const STACK = /^\s*at (?:.*? \()?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?$/

/** A stack frame's location, or null for frames outside the project (node internals, dependencies). */
export function userFrame(line: string): Location | null {
  const m = STACK.exec(line)
  if (!m) return null
  const file = m[1]
  if (!isUserPath(file)) return null
  return { file, line: Number(m[2]), column: Number(m[3]) }
}

export function isStackLine(line: string): boolean {
  return /^\s*at /.test(line)
}

/** False for runtime internals and dependencies, whose lines are not where the agent should look. */
export function isUserPath(file: string): boolean {
  return !(
    file.startsWith('node:') ||
    file.includes('node_modules/') ||
    file.includes('node_modules\\') ||
    file === '<anonymous>' ||
    file.startsWith('internal/')
  )
}

/** Python's own library and installed packages: not where the agent should look. */
export function isPythonLibrary(file: string): boolean {
  return /\/(?:lib|lib64)\/python\d|site-packages|dist-packages|^<frozen/.test(file)
}

/** Trims, drops blank lines at both ends and collapses runs of blank lines; at most `max` lines. */
export function message(lines: string[], max = 12): string {
  const out: string[] = []
  for (const l of lines) {
    const t = l.trimEnd()
    if (t.trim() === '' && (out.length === 0 || out[out.length - 1] === '')) continue
    out.push(t)
    if (out.length >= max) break
  }
  while (out.length && out[out.length - 1] === '') out.pop()
  return dedent(out).join('\n')
}

function dedent(lines: string[]): string[] {
  let min = Infinity
  for (const l of lines) if (l.trim()) min = Math.min(min, l.length - l.trimStart().length)
  return min === Infinity || min === 0 ? lines : lines.map(l => l.slice(min))
}

/** Runs one parser over lines, as the collector does for a step: for tests and tools. */
export function runParser(spec: ParserSpec, lines: Iterable<string>, step = 'Run test'): ParsedFailure[] {
  const out: ParsedFailure[] = []
  const state = spec.create({ step, emit: f => out.push(f), total: () => {} })
  for (const l of lines) state.line(l)
  state.end()
  return out
}
