/**
 * Jest: `FAIL <file>` opens a suite, each `● describe › test` block is one failure; the block's
 * message is everything before the code frame, the location is the first stack frame in the
 * project (the frame jest's own code frame shows).
 */
import type { ParserSpec } from './types.js'
import { isStackLine, message, userFrame, type Location } from './util.js'

const SUITE = /^\s*(FAIL|PASS)\s+(\S+?)(?:\s+\([\d.]+ m?s\))?\s*$/
const BLOCK = /^ {2}● (.+)$/
const FRAME_LINE = /^\s*>?\s*\d+ \|/
const CARET_LINE = /^\s+\|\s/
// Babel's parse error in a suite that failed to run: "SyntaxError: /abs/x.test.js: Unexpected token (5:0)".
const PARSE_ERROR = /^\s*(\w*Error): (.+?): (.+) \((\d+):(\d+)\)$/
const END = /^(Test Suites:|Summary of all failing tests|Ran all test suites)/

export const jest: ParserSpec = {
  tool: 'jest',
  detect: /^\s*FAIL\s+\S+?(?:\s+\([\d.]+ m?s\))?\s*$|^ {2}● /,
  create(ctx) {
    let suite: string | null = null
    let name: string | null = null
    let text: string[] = []
    let where: Location | null = null
    let frames: Location[] = []
    let inFrame = false
    let parseError: string | null = null

    const flush = () => {
      if (name === null) return
      const isSuiteError = name === 'Test suite failed to run'
      // Where it was thrown and the test's own line differ when the error comes from the code
      // under test: the test's line is the place, the throw is named in the message.
      const own = suite ? frames.find(f => f.file === suite || f.file.endsWith(`/${suite}`)) : undefined
      const thrown = frames[0] ?? null
      const place = where ?? own ?? thrown
      const thrownNote =
        place && thrown && place !== thrown && !where
          ? `\nthrown at ${thrown.file}:${thrown.line}:${thrown.column}`
          : ''
      ctx.emit({
        tool: 'jest',
        file: place?.file ?? suite,
        line: place?.line ?? null,
        column: place?.column ?? null,
        test: isSuiteError ? null : name,
        // A suite that failed to run opens with paragraphs of advice; the error itself says more.
        message:
          message(
            isSuiteError ? [name, parseError ?? text.find(t => /\w*Error\b/.test(t)) ?? text[0] ?? ''] : text
          ) + thrownNote
      })
      name = null
      text = []
      where = null
      frames = []
      inFrame = false
      parseError = null
    }

    return {
      line(l) {
        const s = SUITE.exec(l)
        if (s) {
          flush()
          suite = s[1] === 'FAIL' ? s[2] : null
          return
        }
        if (/^Tests:\s+\d+ failed/.test(l)) ctx.total(l.trim())
        if (END.test(l)) return flush()
        const b = BLOCK.exec(l)
        if (b) {
          flush()
          name = b[1].trim()
          return
        }
        if (name === null) return
        const pe = where ? null : PARSE_ERROR.exec(l)
        if (pe) {
          parseError = l.trim()
          // Babel counts columns from 0.
          where = { file: pe[2], line: Number(pe[4]), column: Number(pe[5]) + 1 }
          return
        }
        if (isStackLine(l)) {
          const f = userFrame(l)
          if (f && frames.length < 10) frames.push(f)
          return
        }
        if (FRAME_LINE.test(l) || (inFrame && CARET_LINE.test(l))) {
          inFrame = true
          return
        }
        if (!inFrame) text.push(l)
      },
      end: flush
    }
  }
}
