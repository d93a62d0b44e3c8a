/**
 * Biome: a diagnostic starts with `<file>:<line>:<col> <category> [TAGS] ━━━`, then
 * `× message` (error), `! message` (warning) or `i message` (information, not a failure).
 */
import type { ParsedFailure, ParserSpec } from './types.js'

const HEADER = /^(\S+?):(\d+):(\d+) ([\w/]+)(?:\s+[A-Z]+)*\s+━+$/
const MARK = /^\s+([×!i]) (.+)$/

export const biome: ParserSpec = {
  tool: 'biome',
  detect: /\S:\d+:\d+ [\w/]+(?:\s+[A-Z]+)*\s+━{3,}$/,
  create(ctx) {
    let head: Omit<ParsedFailure, 'message'> | null = null
    let category = ''
    return {
      line(l) {
        const h = HEADER.exec(l)
        if (h) {
          head = { tool: 'biome', file: h[1], line: Number(h[2]), column: Number(h[3]), test: null }
          category = h[4]
          return
        }
        if (!head) return
        const m = MARK.exec(l)
        if (!m) return
        if (m[1] !== 'i') {
          ctx.emit({
            ...head,
            message: `${m[2].trim()} (${category})`,
            severity: m[1] === '×' ? 'error' : 'warning'
          })
        }
        head = null
      },
      end() {}
    }
  }
}
