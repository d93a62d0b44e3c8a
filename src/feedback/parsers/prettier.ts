/**
 * `prettier --check`: one `[warn] <file>` per unformatted file, then a summary; syntax errors are
 * `[error] <file>: SyntaxError: message (line:col)`.
 */
import type { ParserSpec } from './types.js'

const WARN = /^\[warn\] (\S.*)$/
const ERROR = /^\[error\] (.+?): (\w*Error): (.+?)(?: \((\d+):(\d+)\))?$/

export const prettier: ParserSpec = {
  tool: 'prettier',
  detect: /^Checking formatting\.\.\.$|^\[warn\] Code style issues (?:found|were found)/,
  create(ctx) {
    return {
      line(l) {
        const w = WARN.exec(l)
        if (w) {
          if (/^Code style issues (found|were found)/.test(w[1])) return ctx.total(w[1])
          ctx.emit({
            tool: 'prettier',
            file: w[1].trim(),
            line: null,
            column: null,
            test: null,
            message: 'Not formatted as Prettier expects: run prettier --write on this file.'
          })
          return
        }
        const e = ERROR.exec(l)
        if (e) {
          ctx.emit({
            tool: 'prettier',
            file: e[1],
            line: e[4] ? Number(e[4]) : null,
            column: e[5] ? Number(e[5]) : null,
            test: null,
            message: `${e[2]}: ${e[3]}`
          })
        }
      },
      end() {}
    }
  }
}
