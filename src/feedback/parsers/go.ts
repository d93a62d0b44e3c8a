/**
 * Go. `go test`: `--- FAIL: TestX/sub (0.00s)` opens a test; indented `file_test.go:N: msg` lines
 * are its log (file names relative to the package directory), printed after it, or before it
 * under `=== RUN` with `-v`; a `panic:` points at the first goroutine frame in the project;
 * `FAIL <package>` closes the package. `go vet` and `go build` print `./file.go:line:col: msg`
 * under a `# package` line (`# package [package.test]` when a test file does not compile).
 */
import type { ParsedFailure, ParserSpec } from './types.js'

const FAIL_TEST = /^(\s*)--- FAIL: (\S+) \([\d.]+s\)$/
const PASS_TEST = /^\s*--- (?:PASS|SKIP): (\S+) \(/
const RUNNING = /^=== (?:RUN|CONT|NAME)\s+(\S+)$/
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
  detect: /^\s*--- FAIL: \S+ \(|^panic: |^=== RUN\s/,
  create(ctx) {
    let tests: (ParsedFailure & { lines: string[] })[] = []
    /** With -v, a test's log comes before its verdict: kept per running test until then. */
    const running = new Map<string, string[]>()
    let current: string | null = null
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
        // The last line the test logged is where it stopped (t.Fatal) or last complained.
        for (let i = t.lines.length - 1; t.file === null && i >= 0; i--) {
          const m = /^(\S+\.go):(\d+): /.exec(t.lines[i])
          if (m) [t.file, t.line] = [m[1], Number(m[2])]
        }
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
      running.clear()
      current = null
    }
    /** A log line `file.go:N: msg` (or its deeper-indented continuation) for `into`. */
    const logLine = (l: string, into: string[]): boolean => {
      const log = LOG_LINE.exec(l)
      if (log) {
        if (into.length < 12) into.push(`${log[1]}:${log[2]}: ${log[3]}`)
        return true
      }
      if (into.length && into.length < 12 && /^\s{8,}\S/.test(l)) {
        into.push(l.trim()) // a multi-line t.Errorf message continues deeper indented
        return true
      }
      return false
    }

    return {
      line(l) {
        const r = RUNNING.exec(l)
        if (r) {
          current = r[1]
          if (!running.has(current) && running.size < 500) running.set(current, [])
          return
        }
        const passed = PASS_TEST.exec(l)
        if (passed) {
          running.delete(passed[1])
          return
        }
        const f = FAIL_TEST.exec(l)
        if (f) {
          current = null
          if (tests.length < 500)
            tests.push({
              tool: 'go test',
              file: null,
              line: null,
              column: null,
              test: f[2],
              message: '',
              lines: running.get(f[2]) ?? []
            })
          running.delete(f[2])
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
        if (panic) return
        const buffer = current !== null ? running.get(current) : undefined
        if (buffer) logLine(l, buffer)
        else {
          const last = tests[tests.length - 1]
          if (last) logLine(l, last.lines)
        }
      },
      end: () => done(undefined)
    }
  }
}

export const goBuild: ParserSpec = {
  tool: 'go build',
  refines: ['go vet'],
  detect: /^# \S+(?: \[\S+\])?$/,
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
