/**
 * Uncaught errors of a script: Python's `Traceback (most recent call last):` with `File "…", line N`
 * frames and the exception last, and Node's `<file>:<line>` header, source, caret, then the error
 * and its stack. The location is the innermost frame in the project.
 */
import type { ParserSpec } from './types.js'
import { isPythonLibrary, isUserPath, userFrame, type Location } from './util.js'

const PY_FRAME = /^\s+File "(.+?)", line (\d+), in .+$/
const PY_EXCEPTION =
  /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Failure)|[A-Za-z_][\w.]*Error\b[^:]*)(?:: (.*))?$/

export const pythonTraceback: ParserSpec = {
  tool: 'python',
  detect: /^Traceback \(most recent call last\):$/,
  create(ctx) {
    let open = false
    let where: { file: string; line: number } | null = null
    return {
      line(l) {
        if (l === 'Traceback (most recent call last):') {
          open = true
          where = null
          return
        }
        if (!open) return
        const f = PY_FRAME.exec(l)
        if (f) {
          if (!isPythonLibrary(f[1])) where = { file: f[1], line: Number(f[2]) }
          return
        }
        if (/^\s/.test(l)) return // the frame's source line and carets
        const e = PY_EXCEPTION.exec(l)
        open = false
        if (!e) return
        ctx.emit({
          tool: 'python',
          file: where?.file ?? null,
          line: where?.line ?? null,
          column: null,
          test: null,
          message: l
        })
      },
      end() {}
    }
  }
}

const NODE_HEADER = /^(\/\S+\.[cm]?[jt]sx?):(\d+)$/
const NODE_ERROR = /^(?:Uncaught )?([A-Z]\w*(?:Error|Exception)|Error)(?: \[\w+\])?: (.+)$/

export const nodeCrash: ParserSpec = {
  tool: 'node',
  detect: NODE_HEADER,
  create(ctx) {
    let header: Location | null = null
    let error: string | null = null
    let seen = 0
    const flush = () => {
      if (header && error)
        ctx.emit({
          tool: 'node',
          file: header.file,
          line: header.line,
          column: header.column,
          test: null,
          message: error
        })
      header = null
      error = null
    }
    return {
      line(l) {
        const h = NODE_HEADER.exec(l)
        if (h && isUserPath(h[1])) {
          flush()
          header = { file: h[1], line: Number(h[2]), column: null }
          seen = 0
          return
        }
        if (!header) return
        if (error === null) {
          const e = NODE_ERROR.exec(l)
          if (e) error = l.trim()
          // The source line, the caret and a blank line come between the header and the error.
          else if (++seen > 4) header = null
          return
        }
        const frame = userFrame(l)
        if (frame && header.column === null && frame.line === header.line && frame.file === header.file)
          header.column = frame.column
        if (!/^\s+at /.test(l)) flush()
      },
      end: flush
    }
  }
}
