/**
 * Security scans by their console output (trivy, osv-scanner, gosec and semgrep have their own
 * modules). bandit: `>> Issue: [B602:name] message`, then
 * `Severity: … Confidence: …` and `Location: file:line[:col]`. npm audit: under `# npm audit report`,
 * one block per package (`name  range`, `Severity: high`, the advisories, `fix available via …`,
 * the paths), closed by `N high severity vulnerabilities`.
 * https://bandit.readthedocs.io/en/latest/formatters/screen.html
 * https://docs.npmjs.com/cli/commands/npm-audit
 */
import type { ParsedFailure, ParserSpec } from './types.js'

const ISSUE = /^>> Issue: \[([\w:]+)\] (.+)$/
const SEVERITY = /^\s+Severity: (\w+)\s+Confidence: (\w+)$/
const LOCATION = /^\s+Location: (.+?):(\d+)(?::(\d+))?$/

export const bandit: ParserSpec = {
  tool: 'bandit',
  detect: /^>> Issue: \[[\w:]+\] /,
  create(ctx) {
    let issue: ParsedFailure | null = null
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
const DEPENDENT = /^ {2,}(@?[\w.-]+(?:\/[\w.-]+)?) {2}(.+)$/
const AUDIT_TOTAL = /^\d+ (?:(?:low|moderate|high|critical) severity )?vulnerabilit(?:y|ies)/
const MAX_PATHS = 3

interface Vulnerable {
  name: string
  range: string
  /** npm prints no `Severity:` line for low ones (npm-audit-report's detail reporter). */
  severity: string
  lines: string[]
  /** The first few install paths, and how many there are. */
  paths: string[]
  pathCount: number
  dependents: string[]
}

/** One record per vulnerable package: its advisories, the fix npm offers, where it is installed, and what depends on it. */
function auditMessage(v: Vulnerable): string {
  const lines = [`${v.name} ${v.range}`, `Severity: ${v.severity}`, ...v.lines, ...v.paths]
  if (v.pathCount > v.paths.length) lines.push(`(and ${v.pathCount - v.paths.length} more paths)`)
  if (v.dependents.length) lines.push(`Vulnerable through it: ${v.dependents.join(', ')}`)
  return lines.slice(0, 16).join('\n')
}

export const npmAudit: ParserSpec = {
  tool: 'npm audit',
  detect: /^# npm audit report$/,
  create(ctx) {
    let started = false
    let pkg: Vulnerable | null = null
    const flush = () => {
      if (pkg) {
        ctx.emit({
          tool: 'npm audit',
          file: 'package-lock.json',
          line: null,
          column: null,
          test: null,
          message: auditMessage(pkg),
          // Below the usual --audit-level: shown after the findings that fail the step.
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
          pkg = {
            name: p[1],
            range: p[2].trim(),
            severity: 'low',
            lines: [],
            paths: [],
            pathCount: 0,
            dependents: []
          }
          return
        }
        if (!pkg) return
        const dependent = DEPENDENT.exec(l)
        if (dependent) {
          if (pkg.dependents.length < 8) pkg.dependents.push(`${dependent[1]} ${dependent[2].trim()}`)
          return
        }
        if (/^\s/.test(l)) return // a dependent's own lines
        const sev = /^Severity: (\w+)$/.exec(l)
        if (sev) pkg.severity = sev[1].toLowerCase()
        else if (/(?:^|\/)node_modules\//.test(l)) {
          if (pkg.pathCount++ < MAX_PATHS) pkg.paths.push(l)
        } else if (pkg.lines.length < 10) pkg.lines.push(l.trim())
      },
      end: flush
    }
  }
}
