/**
 * Vitest: ` FAIL  <file> > describe > test` opens a failure; the message runs until the
 * `❯ <file>:<line>:<col>` location, then comes a code frame; `⎯⎯⎯` separates failures.
 */
import type { ParserSpec } from './types.js'
import { message } from './util.js'

const HEADER = /^\s*FAIL\s+(\S+) > (.+?)\s*$/
const LOCATION = /^\s*❯ (\S+?):(\d+):(\d+)\s*$/
const SEPARATOR = /^⎯{3,}/
const SUMMARY = /^\s*(Test Files|Tests)\s+\d/

export const vitest: ParserSpec = {
  tool: 'vitest',
  detect: /^\s*FAIL\s+\S+ > |Failed Tests \d+/,
  create(ctx) {
    let head: { file: string; test: string } | null = null
    let text: string[] = []
    let at: { line: number; column: number; file: string } | null = null

    const flush = () => {
      if (!head) return
      ctx.emit({
        tool: 'vitest',
        file: at?.file ?? head.file,
        line: at?.line ?? null,
        column: at?.column ?? null,
        test: head.test,
        message: message(text)
      })
      head = null
      text = []
      at = null
    }

    return {
      line(l) {
        const h = HEADER.exec(l)
        if (h) {
          flush()
          head = { file: h[1], test: h[2] }
          return
        }
        if (/^\s*Tests\s+\d+ failed/.test(l)) ctx.total(l.trim())
        if (!head) return
        if (SEPARATOR.test(l) || SUMMARY.test(l)) return flush()
        if (at) return // code frame after the location
        const loc = LOCATION.exec(l)
        if (loc) at = { file: loc[1], line: Number(loc[2]), column: Number(loc[3]) }
        else text.push(l)
      },
      end: flush
    }
  }
}
