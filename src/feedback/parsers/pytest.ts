/**
 * pytest: in the `FAILURES`/`ERRORS` sections each `____ name ____` block is one failure; `E `
 * lines hold the message and the last `path.py:N: Exception` line is where it was raised. A
 * fixture that fails makes an `ERROR at setup of <test>` block for every test that uses it; a
 * module that fails to import makes `ERROR collecting <file>`, pointing at the last
 * `path.py:N: in <module>` frame in the project. The
 * `short test summary info` lines (`FAILED tests/x.py::T::t - message`) give the full test id,
 * and are the only record when tracebacks are off (`--tb=no`).
 */
import type { ParsedFailure, ParserSpec } from './types.js'
import { isPythonLibrary, message } from './util.js'

const SECTION =
  /^={3,} (FAILURES|ERRORS|short test summary info|warnings summary|.*(?:passed|failed|error).*) ={3,}$/
const BLOCK = /^_{3,} (.+?) _{3,}$/
const WHERE = /^(\S+\.py):(\d+):(?: (\w+))?\s*$/
const FRAME = /^(\S+\.py):(\d+): in \S+/
const PHASE = /^ERROR at (setup|teardown) of (.+)$/
const E_LINE = /^E {1,}(.*)$/
const SUMMARY = /^(FAILED|ERROR) (\S+?)(?: - (.*))?$/
const MAX_KEPT = 500

export const pytest: ParserSpec = {
  tool: 'pytest',
  detect: /^={3,} (?:test session starts|FAILURES|ERRORS|short test summary info) ={3,}$/,
  create(ctx) {
    let section = ''
    let name: string | null = null
    let text: string[] = []
    let where: { file: string; line: number; type: string | undefined } | null = null
    let phase: string | null = null
    const held: ParsedFailure[] = []

    const flush = () => {
      if (name === null) return
      if (held.length < MAX_KEPT) {
        const lines = text.length ? text : where?.type ? [where.type] : []
        if (phase) lines.unshift(`error at ${phase}:`)
        held.push({
          tool: 'pytest',
          file: where?.file ?? null,
          line: where?.line ?? null,
          column: null,
          test: name,
          message: message(lines)
        })
      }
      name = null
      text = []
      where = null
      phase = null
    }

    return {
      line(l) {
        const s = SECTION.exec(l)
        if (s) {
          flush()
          section = s[1]
          if (/\d+ (?:failed|errors?)\b/.test(section)) ctx.total(section)
          return
        }
        if (section === 'FAILURES' || section === 'ERRORS') {
          const b = BLOCK.exec(l)
          if (b) {
            flush()
            const p = PHASE.exec(b[1])
            name = p ? p[2] : b[1].replace(/^ERROR collecting /, '')
            phase = p ? p[1] : null
            return
          }
          if (name === null) return
          const e = E_LINE.exec(l)
          if (e) {
            if (text.length < 12) text.push(e[1])
            return
          }
          const w = WHERE.exec(l)
          if (w) where = { file: w[1], line: Number(w[2]), type: w[3] }
          const fr = w ? null : FRAME.exec(l)
          if (fr && !isPythonLibrary(fr[1])) where = { file: fr[1], line: Number(fr[2]), type: undefined }
          return
        }
        if (section === 'short test summary info') {
          const m = SUMMARY.exec(l)
          if (!m) return
          const id = m[2]
          // "tests/x.py::TestFirst::test_empty" is the block "TestFirst.test_empty".
          const blockName = id.split('::').slice(1).join('.')
          const match = held.find(h => h.test === blockName || (m[1] === 'ERROR' && h.test?.endsWith(id)))
          if (match) match.test = id
          else if (held.length < MAX_KEPT) {
            held.push({
              tool: 'pytest',
              file: id.split('::')[0],
              line: null,
              column: null,
              test: id,
              message: m[3] ?? m[1]
            })
          }
        }
      },
      end() {
        flush()
        for (const h of held) ctx.emit(h)
        held.length = 0
      }
    }
  }
}
