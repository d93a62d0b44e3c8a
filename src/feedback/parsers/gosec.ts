/**
 * gosec's text report (the default format): under `Results:`, one issue as
 * `[file:line] - G101 (CWE-798): what (Confidence: HIGH, Severity: MEDIUM)` with the code around it
 * (`  > 12: code` marks the line), an `Autofix:` line, and `Summary:` with `Issues : N`; packages
 * that did not compile are listed first as `Golang errors in file: [file]:` and
 * `  > [line L : column C] - message`. gosec exits 1 for any issue, so each is an error.
 * https://github.com/securego/gosec/blob/master/report/text/template.txt
 */
import type { ParsedFailure, ParserSpec } from './types.js'

const ISSUE =
  /^\[(.+?):(\d+)(?:-\d+)?\] - (G\d+)(?: \((CWE-\d+|CWE)\))?(?: \(NoSec\))?: (.+) \(Confidence: (\w+), Severity: (\w+)\)$/
const GO_ERROR_FILE = /^Golang errors in file: \[(.+)\]:$/
const GO_ERROR = /^\s+> \[line (\d+) : column (\d+)\] - (.+)$/
const MARKED = /^\s+> (\d+: .*)$/
const ISSUES = /^\s*Issues\s*:\s*(\d+)/

export const gosec: ParserSpec = {
  tool: 'gosec',
  detect: /^\[.+:\d+(?:-\d+)?\] - G\d+ |^Golang errors in file: \[/,
  create(ctx) {
    let issue: ParsedFailure | null = null
    let errorFile: string | null = null
    const flush = () => {
      if (issue) ctx.emit(issue)
      issue = null
    }
    return {
      line(l) {
        const i = ISSUE.exec(l)
        if (i) {
          flush()
          errorFile = null
          issue = {
            tool: 'gosec',
            file: i[1],
            line: Number(i[2]),
            column: null,
            test: null,
            message: l.slice(l.indexOf(' - ') + 3)
          }
          return
        }
        const f = GO_ERROR_FILE.exec(l)
        if (f) {
          flush()
          errorFile = f[1]
          return
        }
        const e = errorFile ? GO_ERROR.exec(l) : null
        if (e) {
          ctx.emit({
            tool: 'gosec',
            file: errorFile,
            line: Number(e[1]),
            column: Number(e[2]),
            test: null,
            message: `does not compile, so gosec could not check it: ${e[3]}`
          })
          return
        }
        if (!issue) {
          const n = ISSUES.exec(l)
          if (n && Number(n[1]) > 0) ctx.total(`Issues : ${n[1]}`)
          return
        }
        const code = MARKED.exec(l)
        if (code && issue.message.split('\n').length < 4) issue.message += `\n${code[1]}`
        const fix = /^Autofix: (\S.*)$/.exec(l)
        if (fix) issue.message += `\nAutofix: ${fix[1]}`
        if (/^(?:Autofix:|Summary:)/.test(l)) flush()
      },
      end: flush
    }
  }
}
