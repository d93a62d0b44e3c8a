/**
 * `node --test`. The spec reporter ends with `✖ failing tests:` and, for each, `test at
 * <file>:<line>:<col>`, `✖ <name> (<ms>)`, the error and its stack; the tree printed before gives
 * the describe blocks. The TAP reporter prints `not ok N - name` with a YAML block (`location`,
 * `failureType`, `error`, `stack`); subtest nesting comes from `# Subtest:` lines.
 * https://nodejs.org/api/test.html#test-reporters
 */
import type { ParserSpec } from './types.js'
import { isStackLine, message, userFrame, type Location } from './util.js'

const TREE_SUITE = /^(\s*)▶ (.+)$/
const TREE_FAIL = /^(\s*)✖ (.+?) \([\d.]+m?s\)$/
const SUMMARY = /^✖ failing tests:$/
const TEST_AT = /^test at (.+?):(\d+):(\d+)$/
const MAX_NAMES = 2000

function stripFileUrl(p: string): string {
  return p.startsWith('file://') ? decodeURIComponent(p.slice(7)) : p
}

/** The spec reporter prints the declaration relative and stack frames as absolute URLs. */
function sameFile(a: string, b: string): boolean {
  const x = stripFileUrl(a)
  const y = stripFileUrl(b)
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`)
}

export const nodeTestSpec: ParserSpec = {
  tool: 'node-test',
  detect: /^\s*▶ \S|^✖ failing tests:$/,
  create(ctx) {
    const suites: { indent: number; name: string }[] = []
    const fullNames = new Map<string, string>()
    let inSummary = false
    let decl: Location | null = null
    let name: string | null = null
    let text: string[] = []
    let where: Location | null = null
    let inStack = false

    const flush = () => {
      if (name === null) return
      const loc = where ?? decl
      ctx.emit({
        tool: 'node-test',
        file: loc ? stripFileUrl(loc.file) : null,
        line: loc?.line ?? null,
        column: loc?.column ?? null,
        test: fullNames.get(name) ?? name,
        message: message(text)
      })
      name = null
      text = []
      where = null
      decl = null
      inStack = false
    }

    return {
      line(l) {
        if (/^ℹ fail [1-9]/.test(l)) ctx.total(l.trim())
        if (!inSummary) {
          if (SUMMARY.test(l)) {
            inSummary = true
            return
          }
          const s = TREE_SUITE.exec(l)
          const f = s ? null : TREE_FAIL.exec(l)
          const m = s ?? f
          if (!m) return
          const indent = m[1].length
          while (suites.length && suites[suites.length - 1].indent >= indent) suites.pop()
          if (s) suites.push({ indent, name: s[2].trim() })
          else if (suites.length && fullNames.size < MAX_NAMES) {
            fullNames.set(m[2], [...suites.map(x => x.name), m[2]].join(' › '))
          }
          return
        }
        const at = TEST_AT.exec(l)
        if (at) {
          flush()
          decl = { file: at[1], line: Number(at[2]), column: Number(at[3]) }
          return
        }
        const f = TREE_FAIL.exec(l)
        if (f && decl && name === null) {
          name = f[2]
          return
        }
        if (name === null) return
        if (isStackLine(l)) {
          inStack = true
          const frame = userFrame(l)
          if (frame && !where && decl && sameFile(frame.file, decl.file)) where = frame
          return
        }
        if (!inStack) text.push(l)
      },
      end: flush
    }
  }
}

const SUBTEST = /^(\s*)# Subtest: (.+)$/
const NOT_OK = /^(\s*)not ok \d+ - (.+?)(?: # .*)?$/
const YAML_FIELD = /^\s*(\w+): ?(.*)$/

export const nodeTestTap: ParserSpec = {
  tool: 'node-test',
  detect: /^TAP version \d+$/,
  create(ctx) {
    const names: string[] = []
    let current: { test: string; indent: number } | null = null
    let field = ''
    let fields: Record<string, string[]> = {}

    const flush = () => {
      if (!current) return
      const failureType = (fields.failureType ?? [])[0]?.replace(/'/g, '')
      if (failureType !== 'subtestsFailed') {
        const location = (fields.location ?? [])[0]?.replace(/^'|'$/g, '')
        const loc = location ? /^(.+?):(\d+):(\d+)$/.exec(location) : null
        const file = loc ? stripFileUrl(loc[1]) : null
        let where: Location | null = null
        for (const s of fields.stack ?? []) {
          const frame = userFrame(`at ${s.trim()}`)
          if (frame && stripFileUrl(frame.file) === file) {
            where = frame
            break
          }
        }
        const error = (fields.error ?? []).map(e => e.replace(/^\|-?$/, '').replace(/^'(.*)'$/, '$1'))
        ctx.emit({
          tool: 'node-test',
          file,
          line: where?.line ?? (loc ? Number(loc[2]) : null),
          column: where?.column ?? (loc ? Number(loc[3]) : null),
          test: current.test,
          message: message(error)
        })
      }
      current = null
      fields = {}
      field = ''
    }

    return {
      line(l) {
        if (/^# fail [1-9]/.test(l)) ctx.total(l.trim())
        const sub = SUBTEST.exec(l)
        if (sub) {
          flush()
          const depth = sub[1].length / 4
          names.length = depth
          names[depth] = sub[2].trim()
          return
        }
        const no = NOT_OK.exec(l)
        if (no) {
          flush()
          const depth = no[1].length / 4
          current = { test: [...names.slice(0, depth), no[2]].join(' › '), indent: no[1].length + 2 }
          return
        }
        if (!current) return
        const trimmed = l.trim()
        if (trimmed === '---') return
        if (trimmed === '...') return flush()
        const indent = l.length - l.trimStart().length
        const f = indent === current.indent ? YAML_FIELD.exec(l) : null
        if (f) {
          field = f[1]
          fields[field] = f[2] ? [f[2]] : []
        } else if (field) {
          const list = (fields[field] ??= [])
          if (list.length < 40) list.push(l)
        }
      },
      end: flush
    }
  }
}
