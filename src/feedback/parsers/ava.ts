/**
 * AVA 3 to 6. The run lists each failing test (`✘ [fail]: name` since AVA 4, `✖ name` before),
 * then, after a `─` rule, one block per failure, each opened by the test's name on its own line:
 * `<file>:<line>`, a code excerpt, the `Difference:` or the error, and `› <file>:<line>:<col>`
 * (`file://` since AVA 4). A thrown error shows its stack instead: the first frame in the project is
 * where it was thrown, the last one (before AVA's own frames) is the test's line.
 */
import type { ParserSpec } from './types.js'
import { isStackLine, message, userFrame, type Location } from './util.js'

const LISTED = /^\s+(?:✘ \[fail\]: |✖ )(.+?)\s*$/
const RULE = /^\s*─\s*$/
const FILE_LINE = /^\s+(\S+\.[cm]?[jt]sx?):(\d+)$/
const EXCERPT = /^\s+\d+: /
const POINTER = /^\s+› (?:file:\/\/)?(\S+?):(\d+):(\d+)$/
const TOTAL =
  /^\s*(\d+) (?:tests?|known failures?|uncaught exceptions?|unhandled rejections?) (?:failed|passed|known|uncaught|unhandled)/

export const ava: ParserSpec = {
  tool: 'ava',
  detect: /^\s+✘ \[fail\]: |^\s+✖ \S/,
  create(ctx) {
    const listed: string[] = []
    let inDetails = false
    let name: string | null = null
    let at: Location | null = null
    let frames: Location[] = []
    let inStack = false
    let stackDone = false
    let text: string[] = []

    const flush = () => {
      if (name !== null) {
        // A thrown error: the test's own line is the last project frame, the throw the first.
        const test = frames.length ? frames[frames.length - 1] : null
        const where = at ?? test
        const thrown =
          !at && frames.length > 1
            ? `\nthrown at ${frames[0].file}:${frames[0].line}:${frames[0].column}`
            : ''
        ctx.emit({
          tool: 'ava',
          file: where?.file ?? null,
          line: where?.line ?? null,
          column: where?.column ?? null,
          test: name,
          message: message(text, 16) + thrown
        })
      }
      name = null
      at = null
      frames = []
      inStack = false
      stackDone = false
      text = []
    }
    /** A details block opens with a listed name (the list line may add "Error thrown in test"). */
    const opens = (t: string) => t !== '' && listed.some(l => l === t || l.startsWith(`${t} `))

    return {
      line(l) {
        if (!inDetails) {
          const m = LISTED.exec(l)
          if (m && listed.length < 2000) listed.push(m[1])
          if (RULE.test(l)) inDetails = true
          return
        }
        const t = l.trim()
        if (RULE.test(l) || TOTAL.test(l)) {
          flush()
          if (TOTAL.test(l)) ctx.total(t)
          return
        }
        if (opens(t) && (name === null || text.length > 0 || at !== null || frames.length > 0)) {
          flush()
          name = t
          return
        }
        if (name === null) return
        const fl = at ? null : FILE_LINE.exec(l)
        if (fl) {
          at = { file: fl[1], line: Number(fl[2]), column: null }
          return
        }
        const p = POINTER.exec(l)
        if (p) {
          if (at && at.line === Number(p[2]) && p[1].endsWith(at.file)) at.column = Number(p[3])
          return
        }
        if (isStackLine(l)) {
          inStack = true
          const f = userFrame(l)
          // Frames after AVA's own belong to the runner, not to the test.
          if (f && !stackDone && frames.length < 20) frames.push(f)
          else if (!f && frames.length) stackDone = true
          return
        }
        if (!EXCERPT.test(l) && !inStack) text.push(l)
      },
      end: flush
    }
  }
}
