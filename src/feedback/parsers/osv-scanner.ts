/**
 * osv-scanner's table output (the default): after `Total N packages affected by M known
 * vulnerabilities (…)`, one row per vulnerability (OSV URL, CVSS, ecosystem, package, version,
 * fixed version, source file), each followed by rows holding only its aliases' URLs. A row that
 * only says `Uncalled vulnerabilities` opens the ones call analysis found unreachable, which do not
 * fail the scan. https://google.github.io/osv-scanner/output/#table
 */
import { TableReader } from './table.js'
import type { ParsedFailure, ParserSpec } from './types.js'

const TOTAL = /^Total \d+ packages? affected by \d+ known vulnerabilit(?:y|ies)\b/

/** CVSS v3 qualitative rating: https://www.first.org/cvss/v3.1/specification-document#Qualitative-Severity-Rating-Scale */
function rating(cvss: string): string {
  const score = Number(cvss)
  if (!cvss || !Number.isFinite(score)) return 'severity unknown'
  const level =
    score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : score > 0 ? 'low' : 'none'
  return `CVSS ${cvss}, ${level}`
}

export const osvScanner: ParserSpec = {
  tool: 'osv-scanner',
  detect: TOTAL,
  create(ctx) {
    let table: TableReader | null = null
    let pending: { found: ParsedFailure; aliases: string[] } | null = null
    let uncalled = false

    const flush = () => {
      if (pending) {
        if (pending.aliases.length) pending.found.message += `\nAliases: ${pending.aliases.join(', ')}`
        ctx.emit(pending.found)
      }
      pending = null
    }

    const row = (record: Map<string, string[]>, columns: string[]) => {
      if (!columns.includes('osv url')) return // the license and deprecation tables
      const cell = (name: string) => record.get(name)?.join(' ') ?? ''
      const url = cell('osv url')
      const pkg = cell('package')
      if (!pkg) {
        if (/^https?:\/\//.test(url)) pending?.aliases.push(url.replace(/^https:\/\/osv\.dev\//, ''))
        else if (url) uncalled = /uncalled|unimportant/i.test(url)
        return
      }
      flush()
      const id = url.replace(/^https:\/\/osv\.dev\//, '')
      const fixed = cell('fixed version')
      const source = cell('source')
      const fix = !fixed || fixed === '--' ? 'no fixed version' : `fixed in ${fixed}`
      pending = {
        aliases: [],
        found: {
          tool: 'osv-scanner',
          // "sbom.cdx.json:lib/apk/db/installed": the file, then where inside it.
          file: source ? source.replace(/:(?!\d+$).*$/, '') : null,
          line: null,
          column: null,
          test: null,
          message: [
            `${id} (${rating(cell('cvss'))}): ${pkg} ${cell('version')} (${cell('ecosystem')}), ${fix}`,
            url
          ].join('\n'),
          severity: uncalled ? 'warning' : 'error'
        }
      }
    }

    return {
      line(l) {
        if (table) {
          if (table.line(l)) return
          flush()
          table = null
        }
        if (TOTAL.test(l)) {
          uncalled = false
          return ctx.total(l)
        }
        if (l.startsWith('+') || l.startsWith('┌')) {
          uncalled = false
          table = new TableReader(row, true)
          table.line(l)
        }
      },
      end() {
        flush()
      }
    }
  }
}
