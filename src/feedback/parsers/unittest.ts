/**
 * Python's unittest: `FAIL: test (module.Class.test)` or `ERROR: …` after a `====` rule, then a
 * traceback whose last `File "…", line N` in the project is the location, then the exception.
 */
import type { ParserSpec } from './types.js'
import { isPythonLibrary, message } from './util.js'

const HEADER = /^(FAIL|ERROR): (\w+) \((.+?)\)(?: \((.+)\))?$/
const FILE = /^\s+File "(.+?)", line (\d+), in (.+)$/
const RULE = /^(?:={20,}|-{20,})$/

export const unittest: ParserSpec = {
  tool: 'unittest',
  detect: /^(?:FAIL|ERROR): \w+ \(.+\)$/,
  create(ctx) {
    let test: string | null = null
    let where: { file: string; line: number } | null = null
    let inTrace = false
    let text: string[] = []

    const flush = () => {
      if (test === null) return
      ctx.emit({
        tool: 'unittest',
        file: where?.file ?? null,
        line: where?.line ?? null,
        column: null,
        test,
        message: message(text)
      })
      test = null
      where = null
      text = []
      inTrace = false
    }

    return {
      line(l) {
        const h = HEADER.exec(l)
        if (h) {
          flush()
          // Python ≥ 3.11 prints the full id in the parentheses; older versions only the class.
          test = h[3].endsWith(`.${h[2]}`) ? h[3] : `${h[3]}.${h[2]}`
          return
        }
        if (test === null) return
        // A dashed rule follows the header; the closing rule comes after the exception.
        if (RULE.test(l)) return l.startsWith('=') || text.length ? flush() : undefined
        if (l.startsWith('Traceback (most recent call last)')) {
          inTrace = true
          return
        }
        const f = FILE.exec(l)
        if (f) {
          if (!isPythonLibrary(f[1])) where = { file: f[1], line: Number(f[2]) }
          return
        }
        if (inTrace && /^\s/.test(l)) return // source lines and carets under a frame
        inTrace = false
        if (text.length < 12) text.push(l)
      },
      end: flush
    }
  }
}
