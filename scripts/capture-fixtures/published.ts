/**
 * Where the fixtures of tools that cannot run on the capture machine come from: each tool's own
 * published test data (golden files, snapshot tests, expected-output strings), read from a clone of
 * the tool's repository at a pinned commit and cut to the one output that a run printed. Nothing is
 * edited: the text is the repository's, byte for byte.
 *
 * Clones are looked up in `$NIGHTSHIFT_CAPTURE_SOURCES/<owner>+<name>` (a bare or normal clone;
 * `<owner>+<name>/repo` works too).
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export interface Published {
  /** The fixture's name: test/fixtures/logs/<name>.log */
  name: string
  tool: string
  /** The step's command, as a workflow would run it to print this output. */
  command: string
  exitCode: number
  repo: string
  commit: string
  path: string
  /** Which part of the file, in words, for the manifest. */
  part: string
  extract(text: string): string
}

export function sourceDir(repo: string): string {
  const root = process.env.NIGHTSHIFT_CAPTURE_SOURCES
  if (!root) throw new Error('Set NIGHTSHIFT_CAPTURE_SOURCES to a folder of clones named <owner>+<name>.')
  const base = join(root, repo.replace('/', '+'))
  for (const dir of [join(base, 'repo'), base]) if (existsSync(dir)) return dir
  throw new Error(`No clone of ${repo} at ${base}: clone it there (any commit that has ${repo}'s history).`)
}

/** A file at a commit of a repository's clone. */
export function gitShow(repo: string, commit: string, path: string): string {
  return execFileSync('git', ['-C', sourceDir(repo), 'show', `${commit}:${path}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  })
}

function after(text: string, marker: string, from = 0): number {
  const i = text.indexOf(marker, from)
  if (i < 0) throw new Error(`marker not found: ${JSON.stringify(marker)}`)
  return i + marker.length
}

/** A file inside a txtar archive (`-- name --` headers), as Go's testscript reads it. */
export function txtarFile(name: string) {
  return (text: string): string => {
    const start = after(text, `\n-- ${name} --\n`)
    const next = text.indexOf('\n-- ', start)
    return next < 0 ? text.slice(start) : text.slice(start, next + 1)
  }
}

/** The Go raw string (`` `…` ``) that follows `field` after the line naming a test case. */
export function goRawString(testCase: string, field = 'want: `') {
  return (text: string): string => {
    const start = after(text, field, after(text, testCase))
    return text.slice(start, text.indexOf('`', start))
  }
}

/**
 * The Go interpreted string literal that `marker` starts (`pattern := "Results:`), formatted with
 * `fmt.Sprintf`'s `%s` verbs.
 */
export function goSprintf(marker: string, args: string[]) {
  return (text: string): string => {
    const start = after(text, marker) - marker.length + marker.indexOf('"')
    const end = text.indexOf('"\n', start + 1)
    // Go's \n, \t, \" and \\ escapes are JSON's.
    const pattern = JSON.parse(text.slice(start, end + 1)) as string
    let i = 0
    return pattern.replace(/%s/g, () => args[i++])
  }
}

/** One snapshot of go-snaps (`[Name - N]` … `---`). */
export function snapSection(title: string) {
  return (text: string): string => {
    const start = after(text, `[${title}]\n`)
    return text.slice(start, text.indexOf('\n---\n', start) + 1)
  }
}

/** The text between two markers. */
export function between(startMarker: string, endMarker: string) {
  return (text: string): string => {
    const start = after(text, startMarker)
    return text.slice(start, text.indexOf(endMarker, start))
  }
}

export const whole = (text: string): string => text

const TRIVY = { repo: 'aquasecurity/trivy', commit: 'dc3c56eed58ab21c7e08d26757c517bc946a86c5' }
const OSV = { repo: 'google/osv-scanner', commit: 'add393a2e051ea46b7d94aa96e468bbdde1e621d' }
const GOSEC = { repo: 'securego/gosec', commit: '45b083a0cb42119d61b1e0e364d8c62c68f6f5cd' }
const SEMGREP = { repo: 'semgrep/semgrep', commit: '6568da50eada3396c4d561a1d723163488ea04e2' }

export const published: Published[] = [
  {
    name: 'trivy-image',
    tool: 'trivy',
    // The e2e test's third scan, which prints this table to stdout and fails with --exit-code 1.
    command:
      'trivy image --exit-code 1 --severity HIGH,CRITICAL --no-progress alpine@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b',
    exitCode: 1,
    ...TRIVY,
    path: 'e2e/testdata/image_scan.txtar',
    part: 'the golden file image_scan_golden.txt (a real scan of alpine 3.19.1)',
    extract: txtarFile('image_scan_golden.txt')
  },
  {
    name: 'trivy-config',
    tool: 'trivy',
    command: 'trivy config --exit-code 1 .',
    exitCode: 1,
    ...TRIVY,
    path: 'pkg/report/table/misconfig_test.go',
    part: 'the expected output of the test case "resource name in report"',
    extract: goRawString('name: "resource name in report"')
  },
  {
    name: 'trivy-secret',
    tool: 'trivy',
    command: 'trivy fs --scanners secret --exit-code 1 .',
    exitCode: 1,
    ...TRIVY,
    path: 'pkg/report/table/secret_test.go',
    part: 'the expected output of the test case "multiple line"',
    extract: goRawString('name: "multiple line"')
  },
  {
    name: 'osv-scanner',
    tool: 'osv-scanner',
    command:
      'osv-scanner scan source --offline --download-offline-databases ./testdata/locks-many-with-insecure',
    exitCode: 1,
    ...OSV,
    path: 'cmd/osv-scanner/scan/source/__snapshots__/command_test.snap',
    part: 'the stdout snapshot "TestCommand_LocalDatabases/all_supported_lockfiles_in_the_directory_should_be_checked - 1"',
    extract: snapSection(
      'TestCommand_LocalDatabases/all_supported_lockfiles_in_the_directory_should_be_checked - 1'
    )
  },
  {
    name: 'gosec',
    tool: 'gosec',
    command: 'gosec ./...',
    exitCode: 1,
    ...GOSEC,
    path: 'report/formatter_test.go',
    part: 'the expected text report of "should contain the CWE mapping" for rule G101 (CWE-798)',
    extract: goSprintf('pattern := "Results:', ['G101', '798'])
  },
  {
    name: 'semgrep-ci',
    tool: 'semgrep',
    command: 'semgrep ci --no-suppress-errors --oss-only',
    exitCode: 1,
    ...SEMGREP,
    path: 'cli/tests/default/e2e-other/snapshots/test_ci/test_full_run/autofix-github-push/results.txt',
    part: 'the plain stdout of `semgrep ci` run as a GitHub Actions push',
    extract: between('=== stdout - plain\n', '=== end of stdout - plain')
  },
  {
    name: 'semgrep-supply-chain',
    tool: 'semgrep',
    command:
      'semgrep scan --config rules/dependency_aware/monorepo_with_first_party.yaml --error targets/dependency_aware/monorepo',
    exitCode: 1,
    ...SEMGREP,
    path: 'cli/tests/default/e2e-other/snapshots/test_sca/test_sca_output/results.txt',
    part: 'the text output snapshot of test_sca_output',
    extract: whole
  }
]
