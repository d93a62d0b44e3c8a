/**
 * npm install / npm ci: `npm error code E404` (or `npm ERR! code …` before npm 10) opens an error;
 * the lines after it say what went wrong until the usage text or the debug-log pointer. Lifecycle
 * failures (`code 1`, ELIFECYCLE) are left out: the script's own output names the real failure.
 */
import type { ParserSpec } from './types.js'

const LINE = /^npm (?:ERR!|error) ?(.*)$/
const CODE = /^code (\S+)$/
const STOP = /^(?:Usage:|A complete log of this run|Log files were not written)/

export const npm: ParserSpec = {
  tool: 'npm',
  detect: /^npm (?:ERR!|error) code \S+$/,
  create(ctx) {
    let code: string | null = null
    let lines: string[] = []
    let stopped = false
    const flush = () => {
      if (code && !/^\d+$|^ELIFECYCLE$/.test(code)) {
        // `npm ci` refuses a lock file out of step with package.json: the lock file is what to fix.
        const lock = lines.some(
          t => /package-lock\.json|npm-shrinkwrap\.json/.test(t) && /in sync|from lock file/.test(t)
        )
        ctx.emit({
          tool: 'npm',
          file: lock ? 'package-lock.json' : null,
          line: null,
          column: null,
          test: null,
          message: [`npm error ${code}`, ...lines].join('\n')
        })
      }
      code = null
      lines = []
      stopped = false
    }
    return {
      line(l) {
        const m = LINE.exec(l)
        if (!m) {
          if (code) flush()
          return
        }
        const c = CODE.exec(m[1])
        if (c) {
          flush()
          code = c[1]
          return
        }
        if (!code || stopped) return
        if (STOP.test(m[1])) {
          // The command's one-line description comes just before its usage text.
          if (m[1].startsWith('Usage:')) lines.pop()
          stopped = true
          return
        }
        const t = m[1].replace(/^\d{3}\s+/, '').trim()
        if (t && lines.length < 6 && !lines.includes(t)) lines.push(t)
      },
      end: flush
    }
  }
}
