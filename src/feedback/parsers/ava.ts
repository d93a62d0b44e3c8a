/**
 * AVA: after the `✘ [fail]: name` list, each failure is a block between `─` rules: the test name,
 * `<file>:<line>`, a code excerpt, the difference or error, and `› <file>:<line>:<col>`.
 */
import type { ParserSpec } from './types.js'
import { message } from './util.js'

const RULE = /^\s*─\s*$/
const FILE_LINE = /^\s+(\S+\.[cm]?[jt]sx?):(\d+)$/
const EXCERPT = /^\s+\d+: /
const POINTER = /^\s+› (?:file:\/\/)?(\S+?):(\d+):(\d+)$/

export const ava: ParserSpec = {
  tool: 'ava',
  detect: /^\s+✘ \[fail\]: /,
  create(ctx) {
    let inBlock = false
    let name: string | null = null
    let at: { file: string; line: number; column: number | null } | null = null
    let text: string[] = []

    const flush = () => {
      if (name !== null) {
        ctx.emit({
          tool: 'ava',
          file: at?.file ?? null,
          line: at?.line ?? null,
          column: at?.column ?? null,
          test: name,
          message: message(text)
        })
      }
      name = null
      at = null
      text = []
    }

    return {
      line(l) {
        if (RULE.test(l)) {
          flush()
          inBlock = true
          return
        }
        if (!inBlock) return
        if (name === null) {
          const t = l.trim()
          // The closing rule is followed by the run's summary ("1 test failed"), not by a test.
          if (/^\d+ (tests?|known failures?|uncaught|unhandled)\b/.test(t)) inBlock = false
          else if (t) name = t
          return
        }
        const fl = at ? null : FILE_LINE.exec(l)
        if (fl) {
          at = { file: fl[1], line: Number(fl[2]), column: null }
          return
        }
        const p = POINTER.exec(l)
        if (p) {
          if (at && at.file === p[1] && at.line === Number(p[2])) at.column = Number(p[3])
          return
        }
        if (!EXCERPT.test(l)) text.push(l)
      },
      end: flush
    }
  }
}
