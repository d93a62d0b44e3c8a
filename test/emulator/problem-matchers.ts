/**
 * Problem matchers as the runner applies them, ported from actions/runner
 * src/Runner.Worker/IssueMatcher.cs (config validation, single- and multi-line patterns with `loop`,
 * default severity and fromPath) and src/Runner.Worker/Handlers/OutputManager.cs (colour codes stripped
 * before matching, the first matcher that completes a match wins and resets the others, a match without a
 * message is dropped, `severity` error/warning/notice, file paths kept only when they exist inside the
 * workflow's repository). Docs: https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, isAbsolute, join, normalize, relative } from 'node:path'

export interface PatternConfig {
  regexp: string
  file?: number
  line?: number
  column?: number
  severity?: number
  code?: number
  message?: number
  fromPath?: number
  loop?: boolean
}

export interface MatcherConfig {
  owner: string
  severity?: string
  fromPath?: string
  pattern: PatternConfig[]
}

export interface Match {
  file?: string
  line?: string
  column?: string
  severity?: string
  code?: string
  message?: string
  fromPath?: string
}

const FIELDS = ['file', 'line', 'column', 'severity', 'code', 'message', 'fromPath'] as const

/** Loads `{"problemMatcher": [...]}` and validates it with the runner's messages. */
export function loadMatchers(file: string): MatcherConfig[] {
  const config = JSON.parse(readFileSync(file, 'utf8')) as { problemMatcher?: MatcherConfig[] }
  const matchers = config.problemMatcher ?? []
  const owners = new Set<string>()
  for (const m of matchers) {
    validate(m)
    if (owners.has(m.owner.toLowerCase())) throw new Error(`Duplicate owner name '${m.owner}'`)
    owners.add(m.owner.toLowerCase())
  }
  return matchers
}

function validate(m: MatcherConfig): void {
  if (!m.owner) throw new Error('Owner must not be empty')
  if (!['', 'ERROR', 'WARNING', 'NOTICE'].includes((m.severity ?? '').toUpperCase()))
    throw new Error(`Matcher '${m.owner}' contains unexpected default severity '${m.severity}'`)
  if (!m.pattern?.length) throw new Error(`Matcher '${m.owner}' does not contain any patterns`)
  const seen = new Set<string>()
  m.pattern.forEach((p, i) => {
    const last = i === m.pattern.length - 1
    if (p.loop && (i === 0 || !last))
      throw new Error("Only the last pattern in a multiline matcher may set 'loop'")
    if (p.loop && p.message === undefined) throw new Error("The loop pattern must set 'message'")
    const groups = new RegExp(`${p.regexp ?? ''}|`).exec('')!.length
    for (const f of FIELDS) {
      const v = p[f]
      if (v === undefined) continue
      if (seen.has(f)) throw new Error(`The property '${f}' is set twice`)
      if (v < 0 || v >= groups) throw new Error(`The property '${f}' is set to ${v} which is out of range`)
      seen.add(f)
    }
  })
  if (!seen.has('message')) throw new Error("At least one pattern must set 'message'")
}

/** One registered matcher with its multi-line state. */
export class IssueMatcher {
  private readonly patterns: Array<PatternConfig & { re: RegExp }>
  private state: Array<Match | null> = []

  constructor(readonly config: MatcherConfig) {
    this.patterns = config.pattern.map(p => ({ ...p, re: new RegExp(p.regexp ?? '') }))
    this.reset()
  }

  get owner(): string {
    return this.config.owner
  }

  reset(): void {
    this.state = new Array<Match | null>(Math.max(0, this.patterns.length - 1)).fill(null)
  }

  match(line: string): Match | null {
    const n = this.patterns.length
    if (n === 1) {
      const m = this.patterns[0]!.re.exec(line)
      return m ? this.finish(null, this.patterns[0]!, m) : null
    }
    for (let i = n - 1; i >= 0; i--) {
      const running = i > 0 ? this.state[i - 1]! : null
      if (i !== 0 && !running) continue
      const pattern = this.patterns[i]!
      const last = i === n - 1
      const m = pattern.re.exec(line)
      if (m) {
        if (last) {
          this.reset()
          if (pattern.loop) this.state[i - 1] = running
          return this.finish(running, pattern, m)
        }
        this.state[i] = combine(running, pattern, m)
      } else if (last) this.state[i - 1] = null
      else this.state[i] = null
    }
    return null
  }

  private finish(running: Match | null, pattern: PatternConfig, m: RegExpExecArray): Match {
    const match = combine(running, pattern, m)
    if (!match.severity && this.config.severity) match.severity = this.config.severity
    if (!match.fromPath && this.config.fromPath) match.fromPath = this.config.fromPath
    return match
  }
}

function combine(running: Match | null, pattern: PatternConfig, m: RegExpExecArray): Match {
  const out: Match = {}
  for (const f of FIELDS) {
    const index = pattern[f]
    out[f] = running?.[f] ?? (index !== undefined && index < m.length ? (m[index] ?? '') : undefined)
  }
  return out
}

// The runner strips ANSI colour codes (ESC [ … m) before matching (OutputManager.cs _colorCodeRegex).
// eslint-disable-next-line no-control-regex
const COLOR = /\x1b\[[0-9;]*m?/g

/** The matchers active in a job, in the runner's order: a newly added matcher goes first. */
export class MatcherSet {
  private matchers: IssueMatcher[] = []

  add(configs: MatcherConfig[]): void {
    for (const c of configs) {
      this.matchers = [
        new IssueMatcher(c),
        ...this.matchers.filter(m => m.owner.toLowerCase() !== c.owner.toLowerCase())
      ]
    }
  }

  remove(owners: string[]): void {
    const drop = new Set(owners.map(o => o.toLowerCase()))
    this.matchers = this.matchers.filter(m => !drop.has(m.owner.toLowerCase()))
  }

  get size(): number {
    return this.matchers.length
  }

  /** The first complete match for this output line, with the colour-stripped line the log shows. */
  match(line: string): { match: Match; stripped: string } | null {
    if (!this.matchers.length) return null
    const stripped = line.includes('\x1b[') ? line.replace(COLOR, '') : line
    for (const matcher of this.matchers) {
      const match = matcher.match(stripped)
      if (!match) continue
      for (const other of this.matchers) if (other !== matcher) other.reset()
      return { match, stripped }
    }
    return null
  }
}

/**
 * The annotation file as the runner keeps it: rooted at `fromPath`'s folder or the workspace, kept only
 * when the file exists under a checkout of the workflow's repository, relative to that checkout.
 */
export function matchedFile(match: Match, workspace: string, repoUrls: string[]): string | undefined {
  if (!match.file?.trim()) return undefined
  let file = match.file
  if (match.fromPath?.trim() && !isAbsolute(file)) file = join(dirname(match.fromPath), file)
  if (!isAbsolute(file)) file = join(workspace, file)
  file = normalize(file)
  if (!existsSync(file)) return undefined
  for (let dir = dirname(file), depth = 0; dir !== dirname(dir) && depth <= 50; dir = dirname(dir), depth++) {
    const config = join(dir, '.git', 'config')
    if (!existsSync(config)) continue
    const lines = readFileSync(config, 'utf8')
      .split('\n')
      .map(l => l.trim().toLowerCase())
    return repoUrls.some(u => lines.includes(`url = ${u}`.toLowerCase())) ? relative(dir, file) : undefined
  }
  return undefined
}
