/**
 * GCC and Clang: `file:line:col: error: message`; `note:` lines explain the diagnostic before
 * them and are folded into it (notes pointing into system headers included, since they say why).
 */
import type { ParsedFailure, ParserSpec } from './types.js'

const DIAG =
  /^(.+?\.(?:c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|m|mm|inl|ipp)):(\d+):(\d+): (fatal error|error|warning|note): (.+)$/

export const cc: ParserSpec = {
  tool: 'gcc',
  refines: ['clang'],
  detect: /\.(?:c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|m|mm|inl|ipp):\d+:\d+: (?:fatal error|error|warning): /,
  create(ctx) {
    const tool = /\bclang/.test(ctx.step) ? 'clang' : 'gcc'
    let last: ParsedFailure | null = null
    let notes = 0
    const flush = () => {
      if (last) ctx.emit(last)
      last = null
    }
    return {
      line(l) {
        const m = DIAG.exec(l)
        if (!m) return
        if (m[4] === 'note') {
          if (last && notes++ < 3) last.message += `\nnote: ${m[5]}`
          return
        }
        flush()
        notes = 0
        last = {
          tool,
          file: m[1],
          line: Number(m[2]),
          column: Number(m[3]),
          test: null,
          message: `${m[4]}: ${m[5]}`,
          severity: m[4] === 'warning' ? 'warning' : 'error'
        }
      },
      end: flush
    }
  }
}
