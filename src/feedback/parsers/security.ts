/**
 * Security scans by their console output. bandit: `>> Issue: [B602:name] message`, then
 * `Severity: … Confidence: …` and `Location: file:line[:col]`. npm audit: under `# npm audit report`,
 * one block per package (`name  range`, `Severity: high`, the advisories, `fix available via …`,
 * the paths), closed by `N high severity vulnerabilities`.
 * https://bandit.readthedocs.io/en/latest/formatters/screen.html
 * https://docs.npmjs.com/cli/commands/npm-audit
 */
import type { Emitted, ParserSpec } from './types.js'

const ISSUE = /^>> Issue: \[([\w:]+)\] (.+)$/
const SEVERITY = /^\s+Severity: (\w+)\s+Confidence: (\w+)$/
const LOCATION = /^\s+Location: (.+?):(\d+)(?::(\d+))?$/

export const bandit: ParserSpec = {
  tool: 'bandit',
  detect: /^>> Issue: \[[\w:]+\] /,
  create(ctx) {
    let issue: Emitted | null = null
    return {
      line(l) {
        const i = ISSUE.exec(l)
        if (i) {
          issue = {
            tool: 'bandit',
            file: null,
            line: null,
            column: null,
            test: null,
            message: `${i[1]}: ${i[2]}`
          }
          return
        }
        if (!issue) return
        const s = SEVERITY.exec(l)
        if (s) {
          issue.message += `\nSeverity: ${s[1]}, confidence: ${s[2]}`
          // Low-severity findings fail a run only with --severity-level low; they are shown after errors.
          if (s[1].toLowerCase() === 'low') issue.severity = 'warning'
          return
        }
        const loc = LOCATION.exec(l)
        if (loc) {
          issue.file = loc[1]
          issue.line = Number(loc[2])
          issue.column = loc[3] ? Number(loc[3]) : null
          ctx.emit(issue)
          issue = null
        }
      },
      end() {}
    }
  }
}

const PACKAGE = /^(@?[\w.-]+(?:\/[\w.-]+)?) {2}(.+)$/
const AUDIT_TOTAL = /^\d+ (?:(?:low|moderate|high|critical) severity )?vulnerabilit(?:y|ies)/

export const npmAudit: ParserSpec = {
  tool: 'npm audit',
  detect: /^# npm audit report$/,
  create(ctx) {
    let started = false
    let pkg: { name: string; range: string; lines: string[]; severity: string | null } | null = null
    const flush = () => {
      if (pkg) {
        ctx.emit({
          tool: 'npm audit',
          file: 'package-lock.json',
          line: null,
          column: null,
          test: null,
          message: [`${pkg.name} ${pkg.range}`, ...pkg.lines].join('\n'),
          severity: pkg.severity === 'low' || pkg.severity === 'info' ? 'warning' : 'error'
        })
      }
      pkg = null
    }
    return {
      line(l) {
        if (l === '# npm audit report') {
          started = true
          return
        }
        if (!started) return
        if (AUDIT_TOTAL.test(l)) {
          flush()
          ctx.total(l.trim())
          started = false
          return
        }
        if (l.trim() === '') return flush()
        const p = pkg ? null : PACKAGE.exec(l)
        if (p) {
          pkg = { name: p[1], range: p[2].trim(), lines: [], severity: null }
          return
        }
        if (!pkg) return
        const sev = /^Severity: (\w+)$/.exec(l)
        if (sev) pkg.severity = sev[1].toLowerCase()
        if (pkg.lines.length < 10) pkg.lines.push(l.trim())
      },
      end: flush
    }
  }
}
