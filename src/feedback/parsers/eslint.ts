/**
 * ESLint's stylish (default), compact and unix formatters.
 * https://eslint.org/docs/latest/use/formatters/
 */
import type { ParserSpec } from './types.js'

// stylish: a path on its own line, then "  3:9  error  message  rule-id"
const STYLISH = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.+?)(?:\s{2,}(@?[\w/-]+))?\s*$/
const STYLISH_FILE = /^(?:\/|[A-Za-z]:\\|\.{0,2}[\w@.-])\S*\.\w+$/
// compact: "/abs/file.js: line 2, col 7, Error - message (rule)"
const COMPACT = /^(.+?): line (\d+), col (\d+), (Error|Warning) - (.+?)(?: \((@?[\w/-]+)\))?$/
// unix: "/abs/file.js:1:19: message [Error/rule]"
const UNIX = /^(.+?):(\d+):(\d+): (.+) \[(Error|Warning)(?:\/(@?[\w/-]+))?\]$/

export const eslint: ParserSpec = {
  tool: 'eslint',
  detect:
    /^\s+\d+:\d+\s+(?:error|warning)\s+\S|: line \d+, col \d+, (?:Error|Warning) - | \[(?:Error|Warning)(?:\/[@\w/-]+)?\]$/,
  create(ctx) {
    let file: string | null = null
    const emit = (f: string, line: string, col: string, sev: string, msg: string, rule: string | undefined) =>
      ctx.emit({
        tool: 'eslint',
        file: f,
        line: Number(line),
        column: Number(col),
        test: null,
        message: rule ? `${msg} (${rule})` : msg,
        severity: sev.toLowerCase() === 'warning' ? 'warning' : 'error'
      })
    return {
      line(l) {
        if (STYLISH_FILE.test(l)) {
          file = l
          return
        }
        const s = file ? STYLISH.exec(l) : null
        if (s && file) return emit(file, s[1], s[2], s[3], s[4], s[5])
        const c = COMPACT.exec(l)
        if (c) return emit(c[1], c[2], c[3], c[4], c[5], c[6])
        const u = UNIX.exec(l)
        if (u) return emit(u[1], u[2], u[3], u[5], u[4], u[6])
        if (/^✖ \d+ problems?/.test(l)) ctx.total(l.trim())
        if (l.trim() === '' || /^✖ \d+ problems?/.test(l)) file = null
      },
      end() {}
    }
  }
}
