/**
 * The security-scan parsers on shapes the log fixtures do not show: older trivy tables, merged
 * cells, PASS blocks, osv-scanner's aliases and uncalled vulnerabilities, gosec's compile errors
 * and colours, semgrep's wrapped rule ids and dataflow traces, npm audit's dependents.
 */
import { cleanText } from '../../src/feedback/normalize.js'
import { gosec } from '../../src/feedback/parsers/gosec.js'
import { osvScanner } from '../../src/feedback/parsers/osv-scanner.js'
import { npmAudit } from '../../src/feedback/parsers/security.js'
import { semgrep } from '../../src/feedback/parsers/semgrep.js'
import { mergedColumns } from '../../src/feedback/parsers/table.js'
import { trivy } from '../../src/feedback/parsers/trivy.js'
import { runParser } from '../../src/feedback/parsers/util.js'
import { outputLines } from './helpers.js'
import {
  OSV_SBOM,
  OSV_UNCALLED,
  SEMGREP_LONG_RULE,
  SEMGREP_TAINT,
  TRIVY_ASCII,
  TRIVY_JAR,
  TRIVY_MISCONFIG_NO_CAUSE,
  TRIVY_MISCONFIG_PASS
} from './scan-samples.js'

const lines = (text: string) => text.split('\n')

describe('trivy', () => {
  test("older trivy's ASCII table: merged cells carry the package, version and severity down", () => {
    const found = runParser(trivy, lines(TRIVY_ASCII))
    expect(found.map(f => f.message.split('\n')[0])).toEqual([
      'CVE-2020-7471 (HIGH): django 2.0.9, fixed in 3.0.3, 2.2.10, 1.11.28',
      'CVE-2019-19844 (MEDIUM): django 2.0.9, fixed in 3.0.1, 2.2.9, 1.11.27',
      'CVE-2019-3498 (MEDIUM): django 2.0.9, fixed in 2.1.5, 2.0.10, 1.11.18',
      'CVE-2019-6975 (MEDIUM): django 2.0.9, fixed in 2.1.6, 2.0.11, 1.11.19'
    ])
    expect(found[0].message).toContain('django: potential SQL injection via StringAgg(delimiter)')
    expect(found.every(f => f.file === 'Pipfile.lock')).toBe(true)
  })

  test('a package found inside an artifact is reported at that artifact; no fix is said so', () => {
    const [f, ...rest] = runParser(trivy, lines(TRIVY_JAR))
    expect(rest).toEqual([])
    expect(f.file).toBe('test.jar')
    expect(f.message).toBe(
      'CVE-2020-0001 (HIGH): foo 1.2.3, will_not_fix\nfoobar\nhttps://avd.aquasec.com/nvd/cve-2020-0001'
    )
  })

  test('a misconfiguration without a cause is reported on its target; PASS blocks are not failures', () => {
    expect(runParser(trivy, lines(TRIVY_MISCONFIG_NO_CAUSE))).toMatchObject([
      {
        file: 'my-file',
        line: null,
        message: expect.stringContaining('XYZ-0123 (HIGH): Oh no, a bad config.')
      }
    ])
    const found = runParser(trivy, lines(TRIVY_MISCONFIG_PASS))
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ file: 'my-file', line: 2 })
    expect(found[0].message.split('\n')[0]).toBe('XYZ-0123 (HIGH): Oh no, a bad config.')
  })

  test('a separator blank in a column means the cell above continues', () => {
    expect(mergedColumns('├────────────┤               │          │')).toEqual([false, true, true])
    expect(mergedColumns('+      +-----+----+      +')).toEqual([true, false, false, true])
  })
})

describe('osv-scanner', () => {
  test('aliases join their vulnerability; uncalled ones are warnings with their fix', () => {
    const found = runParser(osvScanner, lines(OSV_UNCALLED))
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({
      file: 'testdata/call-analysis-go-project-all-uncalled/go.mod',
      severity: 'warning'
    })
    expect(found[0].message).toBe(
      'GO-2021-0053 (CVSS 8.6, high): github.com/gogo/protobuf 1.3.1 (Go), fixed in 1.3.2\n' +
        'https://osv.dev/GO-2021-0053\nAliases: GHSA-c3h9-896r-86jm'
    )
  })

  test('the fixture: every row a record with its aliases; "--" is no fixed version', () => {
    const found = runParser(osvScanner, outputLines('osv-scanner'))
    expect(found).toHaveLength(18)
    expect(found.filter(f => f.message.includes('Aliases:'))).toHaveLength(7)
    expect(found.find(f => f.message.startsWith('DRUPAL-CONTRIB-2025-083'))?.message).toContain(
      'no fixed version'
    )
  })

  test('a package found inside an SBOM is reported at the SBOM file', () => {
    const found = runParser(osvScanner, lines(OSV_SBOM))
    expect(found).toHaveLength(26)
    expect(new Set(found.map(f => f.file))).toEqual(
      new Set([
        'testdata/sbom-insecure/postgres-stretch.cdx.xml',
        'testdata/sbom-insecure/alpine.cdx.xml',
        'testdata/sbom-insecure/with-duplicates.cdx.xml',
        'testdata/sbom-insecure/alpine-zlib-16.cdx.json'
      ])
    )
  })
})

/** A report as gosec's text template (report/text/template.txt) renders it, with colours on. */
function gosecReport(): string[] {
  const red = (s: string) => `\x1b[97;41m${s}\x1b[0m`
  return [
    '[gosec] 2026/11/30 00:10:00 Including rules: default',
    '[gosec] 2026/11/30 00:10:01 Checking package: main',
    'Results:',
    '',
    'Golang errors in file: [/home/runner/work/demo/demo/cmd/tool/main.go]:',
    '',
    '  > [line 12 : column 2] - undefined: cfg',
    '',
    '',
    '',
    `[${red('/home/runner/work/demo/demo/store/files.go:23')}] - G304 (CWE-22): Potential file inclusion via variable (Confidence: HIGH, Severity: MEDIUM)`,
    '    22: func load(p string) ([]byte, error) {',
    '  > 23: \treturn os.ReadFile(p)',
    '    24: }',
    '',
    'Autofix: ',
    '',
    '[/home/runner/work/demo/demo/store/db.go:40-41] - G202 (CWE-89): SQL string concatenation (Confidence: HIGH, Severity: MEDIUM)',
    '  > 40: \tq := "SELECT * FROM users WHERE name = \'" +',
    '  > 41: \t\tname + "\'"',
    '',
    'Autofix: ',
    '',
    'Summary:',
    '  Gosec  : 2.22.0',
    '  Files  : 4',
    '  Lines  : 210',
    '  Nosec  : 0',
    '  Issues : 2',
    ''
  ].map(cleanText) // as the normaliser hands lines to the parsers
}

describe('gosec', () => {
  test('issues with their rule, CWE, severity and marked code; compile errors; the total', () => {
    const totals: string[] = []
    const found: unknown[] = []
    const state = gosec.create({
      step: 'Run gosec ./...',
      emit: f => found.push(f),
      total: t => totals.push(t)
    })
    for (const l of gosecReport()) state.line(l)
    state.end()
    expect(found).toEqual([
      {
        tool: 'gosec',
        file: '/home/runner/work/demo/demo/cmd/tool/main.go',
        line: 12,
        column: 2,
        test: null,
        message: 'does not compile, so gosec could not check it: undefined: cfg'
      },
      {
        tool: 'gosec',
        file: '/home/runner/work/demo/demo/store/files.go',
        line: 23,
        column: null,
        test: null,
        message:
          'G304 (CWE-22): Potential file inclusion via variable (Confidence: HIGH, Severity: MEDIUM)\n23: \treturn os.ReadFile(p)'
      },
      {
        tool: 'gosec',
        file: '/home/runner/work/demo/demo/store/db.go',
        line: 40,
        column: null,
        test: null,
        message:
          'G202 (CWE-89): SQL string concatenation (Confidence: HIGH, Severity: MEDIUM)\n40: \tq := "SELECT * FROM users WHERE name = \'" +\n41: \t\tname + "\'"'
      }
    ])
    expect(totals).toEqual(['Issues : 2'])
  })
})

describe('semgrep', () => {
  test('a rule id wrapped over two lines is one id; the wrapped message stays whole', () => {
    expect(runParser(semgrep, lines(SEMGREP_LONG_RULE))).toEqual([
      {
        tool: 'semgrep',
        file: 'targets/long_text.py',
        line: 2,
        column: null,
        test: null,
        message: [
          'rules.this-is-a-very-long-rule-id-which-should-be-wrapped-in-the-cli-thank-you-very-much-supercalifragilisticexpialidocious (medium): This is the description of a very long rule id which should be wrapped in the cli thank you very',
          'much supercalifragilisticexpialidocious.',
          '2┆ print("SELECT * FROM users WHERE id = 1 AND'
        ].join('\n')
      }
    ])
  })

  test("a dataflow trace's code lines are not more findings", () => {
    expect(runParser(semgrep, lines(SEMGREP_TAINT))).toEqual([
      {
        tool: 'semgrep',
        file: 'targets/taint/taint_intrafile.py',
        line: 2,
        column: null,
        test: null,
        message: 'rules.test (high): Found\n2┆ sink(x)'
      }
    ])
  })
})

describe('npm audit', () => {
  test('one record per vulnerable package, with its severity, fix, paths and dependents', () => {
    const found = runParser(npmAudit, outputLines('npm-audit'))
    expect(found.map(f => [f.message.split('\n')[0], f.severity ?? 'error'])).toEqual([
      ['handlebars <=4.7.3', 'error'],
      ['kind-of 6.0.0 - 6.0.2', 'warning'],
      ['lodash <=4.17.11', 'error'],
      ['mem <4.0.0', 'warning'],
      ['minimist <0.2.1 || >=1.0.0 <1.2.3', 'warning'],
      ['mixin-deep <=1.3.1 || 2.0.0', 'error'],
      ['set-value <=2.0.0 || 3.0.0', 'error']
    ])
    const mem = found[3].message
    expect(mem).toContain('Severity: low')
    expect(mem).toContain('Will install nyc@15.1.0, which is a breaking change')
    expect(mem).toContain(
      'Vulnerable through it: os-locale 2.0.0 - 3.0.0, yargs 8.0.1 - 11.1.0 || 12.0.0-candidate.0 - 12.0.1, nyc 6.2.0-alpha - 13.1.0'
    )
    expect(found[1].message).toContain('(and 5 more paths)')
  })
})
