/**
 * ShellCheck: the default tty format (`In file line N:`, the source line, then `^-- SC2086
 * (info): message` markers whose caret gives the column) and the gcc format
 * (`file:line:col: warning: message [SC2086]`).
 */
import type { ParserSpec } from './types.js'

const IN = /^In (.+) line (\d+):$/
const MARKER = /^(\s*)\^-*\^?-* (SC\d+) \((\w+)\): (.+)$/
const GCC = /^(.+?):(\d+):(\d+): (error|warning|note|style|info): (.+) \[(SC\d+)\]$/

export const shellcheck: ParserSpec = {
  tool: 'shellcheck',
  detect: /^In .+ line \d+:$|: (?:error|warning|note|style|info): .+ \[SC\d+\]$/,
  create(ctx) {
    let at: { file: string; line: number } | null = null
    return {
      line(l) {
        const i = IN.exec(l)
        if (i) {
          at = { file: i[1], line: Number(i[2]) }
          return
        }
        const m = at ? MARKER.exec(l) : null
        if (m && at) {
          ctx.emit({
            tool: 'shellcheck',
            file: at.file,
            line: at.line,
            column: m[1].length + 1,
            test: null,
            message: `${m[2]} (${m[3]}): ${m[4]}`
          })
          return
        }
        const g = GCC.exec(l)
        if (g) {
          ctx.emit({
            tool: 'shellcheck',
            file: g[1],
            line: Number(g[2]),
            column: Number(g[3]),
            test: null,
            message: `${g[6]} (${g[4]}): ${g[5]}`
          })
        }
      },
      end() {}
    }
  }
}
