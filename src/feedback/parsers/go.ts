/**
 * Go. `go test`: `--- FAIL: TestX/sub (0.00s)` opens a test; indented `file_test.go:N: msg` lines
 * are its log (file names relative to the package directory); a `panic:` points at the first
 * goroutine frame in the project; `FAIL <package>` closes the package. `go vet` and `go build`
 * print `./file.go:line:col: msg` under a `# package` line.
 */
import type { Emitted, ParserSpec } from './types.js'

const FAIL_TEST = /^(\s*)--- FAIL: (\S+) \([\d.]+s\)$/
const LOG_LINE = /^\s+(\S+\.go):(\d+): (.*)$/
const PACKAGE_DONE = /^(?:FAIL|ok)\s+(\S+)\s+(?:[\d.]+s|\[)/
const PANIC = /^panic: (.+?)(?: \[recovered\])?$/
const FRAME = /^\t(.+\.go):(\d+)(?: \+0x[0-9a-f]+)?$/
const COMPILE = /^(?:vet: )?(\.{0,2}\/?[^\s:]+\.go):(\d+):(\d+): (.+)$/

/** The Go toolchain's own sources (GOROOT on runners and distributions). */
function isGoRoot(file: string): boolean {
  return /\/(?:go|go-[\d.]+)\/src\/|\/hostedtoolcache\/go\/|\/usr\/local\/go\//.test(file)
}

export const goTest: ParserSpec = {
  tool: 'go test',
  detect: /^\s*--- FAIL: \S+ \(|^panic: /,
  create(ctx) {
    let tests: (Emitted & { lines: string[] })[] = []
    let panic: { message: string; frame: { file: string; line: number } | null } | null = null

    const done = (pkg: string | undefined) => {
      if (panic) {
        const last = tests[tests.length - 1]
        const target = last ?? {
          tool: 'go test',
          file: null,
          line: null,
          column: null,
          test: null,
          message: '',
          lines: []
        }
        if (!last) tests.push(target)
        target.lines.push(`panic: ${panic.message}`)
        if (panic.frame) {
          target.file = panic.frame.file
          target.line = panic.frame.line
        }
      }
      for (const t of tests) {
        // A parent fails because a subtest did: report the subtests, unless the parent logged too.
        const isParent = tests.some(o => o !== t && o.test?.startsWith(`${t.test}/`))
        if (isParent && t.lines.length === 0) continue
        const goPackage = t.file && !t.file.includes('/') ? pkg : undefined
        ctx.emit({
          tool: 'go test',
          file: t.file,
          line: t.line,
          column: null,
          test: t.test,
          message: t.lines.join('\n') || 'FAIL',
          ...(goPackage ? { goPackage } : {})
        })
      }
      tests = []
      panic = null
    }

    return {
      line(l) {
        const f = FAIL_TEST.exec(l)
        if (f) {
          if (tests.length < 500)
            tests.push({
              tool: 'go test',
              file: null,
              line: null,
              column: null,
              test: f[2],
              message: '',
              lines: []
            })
          return
        }
        const p = PANIC.exec(l)
        if (p) {
          panic ??= { message: p[1], frame: null }
          return
        }
        if (panic) {
          const fr = FRAME.exec(l)
          if (fr && !panic.frame && !isGoRoot(fr[1])) panic.frame = { file: fr[1], line: Number(fr[2]) }
        }
        const d = PACKAGE_DONE.exec(l)
        if (d) return done(d[1])
        const last = tests[tests.length - 1]
        const log = last && !panic ? LOG_LINE.exec(l) : null
        if (log && last) {
          if (last.file === null) {
            last.file = log[1]
            last.line = Number(log[2])
          }
          if (last.lines.length < 12) last.lines.push(`${log[1]}:${log[2]}: ${log[3]}`)
        } else if (last && !panic && /^\s{8,}\S/.test(l) && last.lines.length && last.lines.length < 12) {
          last.lines.push(l.trim()) // a multi-line t.Errorf message continues deeper indented
        }
      },
      end: () => done(undefined)
    }
  }
}

export const goBuild: ParserSpec = {
  tool: 'go build',
  detect: /^# \S+$/,
  create(ctx) {
    const tool = /\bgo vet\b/.test(ctx.step) ? 'go vet' : 'go build'
    return {
      line(l) {
        const m = COMPILE.exec(l)
        if (!m) return
        ctx.emit({
          tool,
          file: m[1].replace(/^\.\//, ''),
          line: Number(m[2]),
          column: Number(m[3]),
          test: null,
          message: m[4]
        })
      },
      end() {}
    }
  }
}
