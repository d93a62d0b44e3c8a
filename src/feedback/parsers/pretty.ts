/**
 * eslint-formatter-pretty, as xo and tsd print it: a `  <file>:<line>:<col>` header, then one
 * `  ✖  <line>:<col>  message  rule` row per problem (`⚠` for warnings; tsd continues a message on
 * the indented lines below), and `  N errors` at the end.
 * https://github.com/sindresorhus/eslint-formatter-pretty
 */
import type { ParsedFailure, ParserSpec } from './types.js'

const HEADER = /^\s{2}(\S+\.\w+):\d+:\d+$/
const ROW = /^\s{2}([✖⚠])\s+(\d+):(\d+)\s+(.+?)(?:\s{2,}(@?[\w/-]+))?\s*$/
const TOTAL = /^\s{2}\d+ (?:errors?|warnings?)$/

export const pretty: ParserSpec = {
  tool: 'xo',
  refines: ['tsd'],
  detect: /^\s{2}[✖⚠]\s+\d+:\d+\s+\S/,
  create(ctx) {
    const tool = /\btsd\b/.test(ctx.step) ? 'tsd' : 'xo'
    let file: string | null = null
    let last: ParsedFailure | null = null
    const flush = () => {
      if (last) ctx.emit(last)
      last = null
    }
    return {
      line(l) {
        const h = HEADER.exec(l)
        if (h) {
          flush()
          file = h[1]
          return
        }
        const r = file ? ROW.exec(l) : null
        if (r) {
          flush()
          last = {
            tool,
            file,
            line: Number(r[2]),
            column: Number(r[3]),
            test: null,
            message: r[5] ? `${r[4].trim()} (${r[5]})` : r[4].trim(),
            severity: r[1] === '⚠' ? 'warning' : 'error'
          }
          return
        }
        if (TOTAL.test(l)) {
          flush()
          ctx.total(l.trim())
        } else if (last && /^\s{2}\S/.test(l)) last.message += `\n${l.trim()}`
        else flush()
      },
      end: flush
    }
  }
}
