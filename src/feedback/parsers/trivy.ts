/**
 * trivy's table output (the default format), one record per finding:
 * - vulnerabilities: per target (`package-lock.json (npm)`, `alpine:3.19 (alpine 3.19.1)`, over a
 *   `====` rule, then `Total: N (HIGH: …)`), a table of Library, Vulnerability, Severity, Status,
 *   Installed Version, Fixed Version, Title; cells wrap and repeated values are merged;
 * - misconfigurations: `AVD-AWS-0107 (CRITICAL): message` over a `════` rule, the description, then
 *   the cause's location ` main.tf:197-204`;
 * - secrets: `HIGH: category (rule-id)` over a `════` rule, the title, then ` file:3-4`.
 * Every finding listed fails `trivy --exit-code 1`, so each is an error.
 * https://trivy.dev/latest/docs/configuration/reporting/#table-default
 */
import { TableReader } from './table.js'
import type { ParsedFailure, ParseContext, ParserSpec } from './types.js'

const SEVERITY = '(UNKNOWN|LOW|MEDIUM|HIGH|CRITICAL)'
const TOTAL = new RegExp(`^(?:Total|Failures): \\d+ \\(${SEVERITY}: \\d+`)
const MISCONFIG = new RegExp(`^(?:(FAIL|PASS): )?(\\S+) \\(${SEVERITY}\\): (.+)$`)
const SECRET = new RegExp(`^${SEVERITY}: (.+) \\((\\S+)\\)$`)
const LOCATION = /^ (\S.*?):(\d+)(?:-\d+)?(?: \(.+\))?$/
const TARGET = /^(.*?) \(([^)]*)\)$/
/**
 * Target types that are a file in the repository (lock files and manifests): the file to change.
 * Others are images or OS package databases, where no repository file is known.
 */
const FILE_TYPES = new Set(
  'npm yarn pnpm bun pip pipenv poetry uv gomod cargo composer bundler gemspec nuget dotnet-core packages-props conan pub swift cocoapods mix gradle pom sbt conda-environment julia terraform cloudformation dockerfile kubernetes helm yaml json secrets'.split(
    ' '
  )
)

interface Target {
  name: string
  type: string
}

interface Block {
  lines: string[]
  skip: boolean
  phase: 'description' | 'location'
}

/** Older trivy names a lock file alone (`Pipfile.lock`), an image with its OS (`alpine:3.10 (alpine 3.10.2)`). */
function isFile(t: Target): boolean {
  return FILE_TYPES.has(t.type) || (t.type === '' && /^[\w./-]+$/.test(t.name))
}

function vulnerability(record: Map<string, string[]>, target: Target | null): ParsedFailure | null {
  const cell = (...names: string[]) => names.map(n => record.get(n)?.join(' ') ?? '').find(Boolean) ?? ''
  const library = cell('library', 'package')
  const id = cell('vulnerability', 'vulnerability id')
  if (!library || !id) return null
  const [, pkg, path] = /^(.*?) \((.+)\)$/.exec(library) ?? [library, library, null]
  const fixed = cell('fixed version')
  const status = cell('status')
  const title = (record.get('title') ?? []).filter(l => !/^https?:\/\//.test(l))
  const links = (record.get('title') ?? []).filter(l => /^https?:\/\//.test(l))
  const head = `${id} (${cell('severity') || 'UNKNOWN'}): ${pkg} ${cell('installed version')}`.trim()
  const fix = fixed ? `, fixed in ${fixed}` : status ? `, ${status}` : ', no fixed version'
  return {
    tool: 'trivy',
    file: path ?? (target && isFile(target) ? target.name : null),
    line: null,
    column: null,
    test: null,
    message: [head + fix, title.join(' '), ...links].filter(Boolean).join('\n')
  }
}

export const trivy: ParserSpec = {
  tool: 'trivy',
  detect: TOTAL,
  create(ctx: ParseContext) {
    let prev = ''
    let target: Target | null = null
    let table: TableReader | null = null
    let block: Block | null = null
    let heading: { lines: string[]; skip: boolean } | null = null

    const finish = (file: string | null, line: number | null) => {
      if (block && !block.skip) {
        ctx.emit({ tool: 'trivy', file, line, column: null, test: null, message: block.lines.join('\n') })
      }
      block = null
    }

    return {
      line(l) {
        const before = prev
        prev = l
        if (table) {
          if (table.line(l)) return
          table = null
        }
        if (block?.phase === 'location') {
          const loc = LOCATION.exec(l)
          // A finding on the whole target (no cause lines) names the target itself.
          finish(loc ? loc[1] : (target?.name ?? null), loc ? Number(loc[2]) : null)
          if (loc) return
        }
        if (block?.phase === 'description') {
          if (/^─+$/.test(l)) block.phase = 'location'
          else if (l.trim() && block.lines.length < 6) block.lines.push(l.trim())
          return
        }
        if (/^═+$/.test(l) && heading) {
          block = { ...heading, phase: 'description' }
          heading = null
          return
        }
        heading = null
        if (/^=+$/.test(l) && before.trim()) {
          const t = TARGET.exec(before.trim())
          target = t ? { name: t[1], type: t[2] } : { name: before.trim(), type: '' }
          return
        }
        if (TOTAL.test(l)) return ctx.total(target ? `${target.name}: ${l}` : l)
        if (l.startsWith('┌') || l.startsWith('+')) {
          table = new TableReader(record => {
            const found = vulnerability(record, target)
            if (found) ctx.emit(found)
          })
          table.line(l)
          return
        }
        const m = MISCONFIG.exec(l)
        if (m) {
          heading = { lines: [l.replace(/^FAIL: /, '')], skip: m[1] === 'PASS' }
          return
        }
        const s = SECRET.exec(l)
        if (s) heading = { lines: [l], skip: false }
      },
      end() {
        finish(target?.name ?? null, null)
      }
    }
  }
}
