/**
 * Python checkers with one line per problem: mypy (`file:line[:col]: error: msg  [code]`),
 * flake8 and ruff's concise output (`file:line:col: E302 msg`), ruff's full output
 * (`F401 [*] msg` then ` --> file:line:col`), and pylint (`file:line:col: E0602: msg (symbol)`).
 */
import type { ParsedFailure, ParserSpec } from './types.js'

const MYPY = /^(.+?\.pyi?):(\d+):(?:(\d+):)? (error|note|warning): (.+?)(?:\s{2}\[([\w-]+)\])?$/
const PYLINT = /^(.+?\.py):(\d+):(\d+): ([CRWEFI]\d{4}): (.+?)(?: \(([\w-]+)\))?$/
const FLAKE8 = /^(.+?\.pyi?):(\d+):(\d+): ([A-Z]+\d+) (?:\[\*\] )?(.+)$/
const RUFF_HEAD = /^([A-Z]+\d+) (?:\[\*\] )?(.+)$/
const ARROW = /^\s*--> (.+?\.pyi?):(\d+):(\d+)$/

export const mypy: ParserSpec = {
  tool: 'mypy',
  detect: /\.pyi?:\d+:(?:\d+:)? error: |^Found \d+ errors? in \d+ files? \(checked/,
  create(ctx) {
    let last: ParsedFailure | null = null
    const flush = () => {
      if (last) ctx.emit(last)
      last = null
    }
    return {
      line(l) {
        const m = MYPY.exec(l)
        if (!m) {
          if (/^Found \d+ errors? in \d+ files?/.test(l)) ctx.total(l.trim())
          // --pretty wraps a long message onto unindented lines, the error code last.
          const wrapped =
            last && /^\S/.test(l) && !/^(?:Found|Success:) /.test(l)
              ? /^(.*?)(?:\s{2}\[([\w-]+)\])?$/.exec(l.trim())
              : null
          if (wrapped && last) {
            last.message =
              `${last.message.trimEnd()} ${wrapped[1]}`.trim() + (wrapped[2] ? ` [${wrapped[2]}]` : '')
            return
          }
          if (/^\S/.test(l)) flush()
          return
        }
        if (m[4] === 'note') {
          // Notes explain the error just before them on the same line.
          if (last && last.file === m[1] && last.line === Number(m[2])) last.message += `\n${m[5]}`
          return
        }
        flush()
        last = {
          tool: 'mypy',
          file: m[1],
          line: Number(m[2]),
          column: m[3] ? Number(m[3]) : null,
          test: null,
          message: m[6] ? `${m[5]} [${m[6]}]` : m[5],
          severity: m[4] === 'warning' ? 'warning' : 'error'
        }
      },
      end: flush
    }
  }
}

export const pylint: ParserSpec = {
  tool: 'pylint',
  detect: /^\*{13} Module \S+$|\.py:\d+:\d+: [CRWEF]\d{4}: /,
  create(ctx) {
    return {
      line(l) {
        const m = PYLINT.exec(l)
        if (!m) return
        ctx.emit({
          tool: 'pylint',
          file: m[1],
          line: Number(m[2]),
          // pylint counts columns from 0; everything else here from 1.
          column: Number(m[3]) + 1,
          test: null,
          message: `${m[4]}: ${m[5]}${m[6] ? ` (${m[6]})` : ''}`,
          severity: /^[EF]/.test(m[4]) ? 'error' : 'warning'
        })
      },
      end() {}
    }
  }
}

export const flake8: ParserSpec = {
  tool: 'flake8',
  refines: ['ruff'],
  detect: /\.pyi?:\d+:\d+: [A-Z]+\d+ |^[A-Z]+\d+ (?:\[\*\] )?\S/,
  create(ctx) {
    const tool = /\bruff\b/.test(ctx.step) ? 'ruff' : 'flake8'
    let head: string | null = null
    return {
      line(l) {
        const m = FLAKE8.exec(l)
        if (m) {
          ctx.emit({
            tool,
            file: m[1],
            line: Number(m[2]),
            column: Number(m[3]),
            test: null,
            message: `${m[4]} ${m[5]}`
          })
          return
        }
        const h = RUFF_HEAD.exec(l)
        if (h) {
          head = `${h[1]} ${h[2]}`
          return
        }
        const a = head ? ARROW.exec(l) : null
        if (a && head) {
          ctx.emit({ tool, file: a[1], line: Number(a[2]), column: Number(a[3]), test: null, message: head })
          head = null
        }
      },
      end() {}
    }
  }
}
