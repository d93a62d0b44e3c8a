/**
 * Rust. rustc diagnostics (`error[E0308]: msg` then ` --> file:line:col` and labelled source
 * lines) from `cargo build`/`cargo test`; and `cargo test` failures: `---- name stdout ----`,
 * `thread 'name' panicked at file:line:col:` then the message (`left`/`right` for assert_eq!).
 */
import type { ParsedFailure, ParserSpec } from './types.js'

const DIAGNOSTIC = /^(error|warning)(\[E\d+\])?: (.+)$/
const ARROW = /^\s*--> (.+?):(\d+):(\d+)$/
const LABEL = /^\s*\d*\s*\|.*[\^-] (.+)$/
const NOTE = /^\s*= (note|help): (.+)$|^(note|help): (.+)$/
const STDOUT = /^---- (\S+) stdout ----$/
// Rust ≥ 1.73: "panicked at src/lib.rs:16:9:" with the message below; older: "panicked at 'msg', file:l:c".
const PANIC_NEW = /^thread '([^']+)'(?: \(\d+\))? panicked at (.+?):(\d+):(\d+):$/
const PANIC_OLD = /^thread '([^']+)'(?: \(\d+\))? panicked at '(.*)', (.+?):(\d+):(\d+)$/
const OVERFLOW = /^thread '([^']+)'(?: \(\d+\))? has overflowed its stack$/
const NOISE = /^(?:note: run with `RUST_BACKTRACE|stack backtrace:)/

export const rustc: ParserSpec = {
  tool: 'rustc',
  // `cargo build` prints rustc's diagnostics.
  aliases: ['cargo build'],
  detect: /^(?:error|warning)(?:\[E\d+\])?: /,
  create(ctx) {
    let d: ParsedFailure | null = null
    const flush = () => {
      if (d?.file) ctx.emit(d)
      d = null
    }
    return {
      line(l) {
        const m = DIAGNOSTIC.exec(l)
        if (m) {
          flush()
          if (/^error: could not compile .* due to \d+ previous errors?/.test(l)) ctx.total(l.trim())
          d = {
            tool: 'rustc',
            file: null,
            line: null,
            column: null,
            test: null,
            message: `${m[1]}${m[2] ?? ''}: ${m[3]}`,
            severity: m[1] === 'warning' ? 'warning' : 'error'
          }
          return
        }
        if (!d) return
        const a = ARROW.exec(l)
        if (a) {
          if (d.file === null) {
            d.file = a[1]
            d.line = Number(a[2])
            d.column = Number(a[3])
          }
          return
        }
        const note = NOTE.exec(l)
        const label = note ? null : LABEL.exec(l)
        if (note) d.message += `\n${note[1] ?? note[3]}: ${note[2] ?? note[4]}`
        else if (label) d.message += `\n${label[1].trim()}`
        else if (l.trim() === '') flush()
      },
      end: flush
    }
  }
}

export const cargoTest: ParserSpec = {
  tool: 'cargo test',
  detect: /^---- \S+ stdout ----$|^thread '[^']+'(?: \(\d+\))? (?:panicked at|has overflowed)/,
  create(ctx) {
    let f: ParsedFailure | null = null
    let lines: string[] = []
    const flush = () => {
      if (f) ctx.emit({ ...f, message: lines.join('\n') || f.message })
      f = null
      lines = []
    }
    return {
      line(l) {
        const s = STDOUT.exec(l)
        if (s) {
          flush()
          f = { tool: 'cargo test', file: null, line: null, column: null, test: s[1], message: 'FAILED' }
          return
        }
        const pn = PANIC_NEW.exec(l)
        const po = pn ? null : PANIC_OLD.exec(l)
        if (pn || po) {
          if (!f || f.file !== null) {
            flush()
            f = {
              tool: 'cargo test',
              file: null,
              line: null,
              column: null,
              test: (pn ?? po)![1],
              message: 'panicked'
            }
          }
          if (pn) [f.file, f.line, f.column] = [pn[2], Number(pn[3]), Number(pn[4])]
          if (po) {
            ;[f.file, f.line, f.column] = [po[3], Number(po[4]), Number(po[5])]
            lines.push(po[2])
          }
          return
        }
        const o = OVERFLOW.exec(l)
        if (o) {
          flush()
          ctx.emit({ tool: 'cargo test', file: null, line: null, column: null, test: o[1], message: l })
          return
        }
        if (/^test result: FAILED/.test(l)) ctx.total(l.trim())
        if (!f) return
        if (l === 'failures:' || /^test result: /.test(l)) return flush()
        if (f.file !== null && l.trim() && !NOISE.test(l) && lines.length < 10) lines.push(l)
      },
      end: flush
    }
  }
}
