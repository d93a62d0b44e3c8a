/**
 * semgrep's text output (`semgrep scan`, `semgrep ci`): a boxed heading per kind of finding
 * (`│ 6 Blocking Code Findings │`), then per file a line indented by four, per rule
 * `❯❯❱ rule.id` (the arrows are the severity: ❯❯❯❱ critical, ❯❯❱ high/error, ❯❱ medium/warning,
 * ❱ low/info), its message indented by ten, and each match's code as `  4┆ code`, matches apart by
 * `⋮┆----`. `▶▶┆` lines carry an autofix or the versions that fix a supply-chain finding. Non-blocking
 * and unreachable findings do not fail `semgrep ci`: they are warnings.
 * https://semgrep.dev/docs/cli-reference (text output); the arrows as in semgrep's
 * cli/src/semgrep/formatter/text.py.
 */
import type { ParsedFailure, ParserSpec } from './types.js'

const SECTION = /^│ (\d+) (.+?) Findings? │$/
const RULE = /^\s*(❯❯❯❱|❯❯❱|❯❱|❱) (\S.*)$/
const FILE = /^ {4}([^\s❯❱].*)$/
const RULE_WRAP = /^ {7}(\S.*)$/
const MESSAGE = /^ {10}(\S.*)$/
const FIX = /^\s+▶▶┆ (.+)$/
const CODE = /^\s+(\d+)┆ ?(.*)$/
const SEPARATOR = /^\s+⋮┆-+$/
const TOTAL = /^\s*(?:Ran \d+ rules? on \d+ files?: [1-9]\d* findings?|Found \d+ findings?\b)/
const LEVEL: Record<string, string> = { '❯❯❯❱': 'critical', '❯❯❱': 'high', '❯❱': 'medium', '❱': 'low' }

interface Match {
  rule: string
  level: string
  lines: string[]
  fixes: string[]
  line: number | null
  code: string | null
  /** After the match's code: dataflow traces and other matches' code are not its location. */
  done: boolean
}

export const semgrep: ParserSpec = {
  tool: 'semgrep',
  detect: /^│ \d+ .+ Findings? │$/,
  create(ctx) {
    let inFindings = false
    let warning = false
    let file: string | null = null
    let lockfile: string | null = null
    let match: Match | null = null

    const emit = () => {
      if (!match) return
      // Supply-chain findings state the advisory's own severity, which is the one that matters.
      const advisory = /^Severity: (\w+)$/.exec(match.lines[0] ?? '')
      const [first, ...rest] = advisory ? match.lines.slice(1) : match.lines
      const level = advisory ? advisory[1].toLowerCase() : match.level
      const message = [
        `${match.rule} (${level})${first ? `: ${first}` : ''}`,
        ...rest,
        ...match.fixes,
        ...(lockfile ? [`lockfile: ${lockfile}`] : []),
        ...(match.code !== null ? [`${match.line}┆ ${match.code}`] : [])
      ]
      const found: ParsedFailure = {
        tool: 'semgrep',
        file,
        line: match.line,
        column: null,
        test: null,
        message: message.join('\n')
      }
      if (warning) found.severity = 'warning'
      ctx.emit(found)
    }

    return {
      line(l) {
        const section = SECTION.exec(l)
        if (section || /^│ .+ │$/.test(l)) {
          emit()
          match = null
          inFindings = section !== null
          warning = section !== null && /non-blocking|unreachable|undetermined|invalid/i.test(section[2])
          file = null
          return
        }
        if (TOTAL.test(l)) return ctx.total(l.trim())
        if (!inFindings) return
        if (/^\s*[A-Z ]+RULES FIRED:$/.test(l)) {
          emit()
          match = null
          inFindings = false
          return
        }
        const rule = RULE.exec(l)
        if (rule) {
          emit()
          match = {
            rule: rule[2],
            level: LEVEL[rule[1]],
            lines: [],
            fixes: [],
            line: null,
            code: null,
            done: false
          }
          return
        }
        const f = FILE.exec(l)
        if (f) {
          emit()
          match = null
          const [path, lock] = f[1].split(' with lockfile ')
          file = path
          lockfile = lock ?? null
          return
        }
        if (!match) return
        if (SEPARATOR.test(l)) {
          emit()
          match = { ...match, lines: [...match.lines], fixes: [], line: null, code: null, done: false }
          return
        }
        const code = CODE.exec(l)
        if (code) {
          if (match.line === null && !match.done) {
            match.line = Number(code[1])
            match.code = code[2].trim()
          }
          return
        }
        const fix = FIX.exec(l)
        if (fix && !match.done && match.fixes.length < 4) {
          match.fixes.push(fix[1].replace(/^Autofix ▶ /, 'Autofix: '))
          return
        }
        const text = MESSAGE.exec(l)
        if (text) {
          if (match.line !== null) match.done = true
          else if (match.lines.length < 8) match.lines.push(text[1])
          return
        }
        const wrap = RULE_WRAP.exec(l)
        if (wrap && match.lines.length === 0 && match.line === null) match.rule += wrap[1]
      },
      end() {
        emit()
        match = null
      }
    }
  }
}
