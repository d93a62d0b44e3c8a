/**
 * TypeScript: `file(line,col): error TS1234: message` (plain) or `file:line:col - error TS1234:
 * message` (--pretty); indented lines after a diagnostic continue its message.
 */
import type { ParsedFailure, ParserSpec } from './types.js'

const PLAIN = /^(.+?)\((\d+),(\d+)\): (error|warning) (TS\d+): (.*)$/
const PRETTY = /^(.+?):(\d+):(\d+) - (error|warning) (TS\d+): (.*)$/

export const tsc: ParserSpec = {
  tool: 'tsc',
  aliases: ['typescript'],
  detect: /(?:\(\d+,\d+\): | - )(?:error|warning) TS\d+: /,
  create(ctx) {
    let pending: ParsedFailure | null = null
    let extra = 0
    const flush = () => {
      if (pending) ctx.emit(pending)
      pending = null
    }
    return {
      line(l) {
        const m = PLAIN.exec(l) ?? PRETTY.exec(l)
        if (m) {
          flush()
          pending = {
            tool: 'tsc',
            file: m[1].trim(),
            line: Number(m[2]),
            column: Number(m[3]),
            test: null,
            message: `${m[5]}: ${m[6]}`,
            severity: m[4] === 'warning' ? 'warning' : 'error'
          }
          extra = 0
          return
        }
        // Elaborations ("Type 'X' is not assignable to type 'Y'.") are indented under the error.
        if (pending && /^ {2,}\S/.test(l) && !/^\s+\d+ /.test(l) && extra < 6) {
          pending.message += '\n' + l.trim()
          extra++
          return
        }
        if (/^Found \d+ errors? in /.test(l)) ctx.total(l.trim())
        if (l.trim() === '' || !/^\s/.test(l)) flush()
      },
      end: flush
    }
  }
}
