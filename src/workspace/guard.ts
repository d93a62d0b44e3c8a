/**
 * The checks run on the agent's changes before any push (issue 5, "Before any push"): changes to
 * protected paths are refused; added test skips and deleted tests are flagged for the report.
 */
import { matchProtected } from './glob.js'
import type { ChangedFile, GuardReport } from './types.js'

/** Applied when the `protected-paths` input is empty. */
export const DEFAULT_PROTECTED_PATHS = ['.github/workflows/**']

/** Lines that disable or narrow tests, by ecosystem. `.only` counts: it silently skips every other test. */
const SKIP_PATTERNS: { re: RegExp; label: string }[] = [
  { re: /\b(?:it|test|describe|context|suite)\.skip(?:If)?\s*\(/, label: '.skip(' },
  { re: /\b(?:it|test|describe)\.(?:todo|failing)\s*\(/, label: '.todo( / .failing(' },
  {
    re: /\b(?:it|test|describe|context)\.only\s*\(|\b(?:fit|fdescribe)\s*\(/,
    label: '.only( (skips every other test)'
  },
  { re: /\b(?:xit|xdescribe|xtest|xcontext|xspecify)\s*\(/, label: 'xit( / xdescribe(' },
  { re: /@pytest\.mark\.(?:skip|skipif|xfail)\b/, label: '@pytest.mark.skip' },
  { re: /\bpytest\.skip\s*\(|\.skipTest\s*\(/, label: 'pytest.skip(' },
  { re: /@unittest\.(?:skip|skipIf|skipUnless|expectedFailure)\b/, label: '@unittest.skip' },
  { re: /\bt\.Skip(?:f|Now)?\s*\(/, label: 't.Skip(' },
  { re: /#\[ignore\b/, label: '#[ignore]' },
  { re: /@(?:Disabled|Ignore)\b|\[Ignore\b|\bSkip\s*=\s*"/, label: '@Disabled / @Ignore' },
  { re: /\bmarkTestSkipped\s*\(|\bmarkTestIncomplete\s*\(/, label: 'markTestSkipped(' },
  { re: /^\s*(?:skip|pending)\b(?:\s*\(|\s+['"])/, label: 'skip / pending' }
]

/** Lines that declare a test case. */
const TEST_CASE =
  /^\s*(?:(?:it|test|specify)\s*\(|def\s+test_\w*\s*\(|async\s+def\s+test_\w*\s*\(|func\s+Test\w*\s*\(|#\[(?:tokio::)?test\]|@Test\b|@ParameterizedTest\b)/

/** Paths that hold tests in the common layouts. */
const TEST_FILE =
  /(?:^|\/)(?:tests?|__tests__|spec|specs)\/|\.(?:test|spec)\.[cm]?[jt]sx?$|_test\.(?:go|py|rb|exs?)$|(?:^|\/)test_[^/]*\.py$|(?:Test|Tests|IT)\.(?:java|kt|cs)$|_spec\.rb$/

export function isTestFile(file: string): boolean {
  return TEST_FILE.test(file)
}

interface FileDiff {
  path: string
  added: string[]
  removed: string[]
}

function unquote(p: string): string {
  const s = p.startsWith('"') && p.endsWith('"') ? p.slice(1, -1) : p
  return s.replace(/^[ab]\//, '')
}

/** Splits a unified diff (`git diff`) into added and removed lines per file. */
export function parseUnifiedDiff(diffText: string): FileDiff[] {
  const files: FileDiff[] = []
  let current: FileDiff | null = null
  let inHunk = false
  for (const line of diffText.split('\n')) {
    if (line.startsWith('diff --git ')) {
      const m = /^diff --git ("?a\/.+?"?) ("?b\/.+"?)$/.exec(line)
      current = { path: m ? unquote(m[2]) : line.slice(11), added: [], removed: [] }
      files.push(current)
      inHunk = false
    } else if (!current) {
      continue
    } else if (!inHunk && line.startsWith('+++ ')) {
      const p = line.slice(4).trim()
      if (p !== '/dev/null') current.path = unquote(p)
    } else if (!inHunk && line.startsWith('--- ')) {
      const p = line.slice(4).trim()
      if (p !== '/dev/null') current.path = unquote(p)
    } else if (line.startsWith('@@')) {
      inHunk = true
    } else if (inHunk && line.startsWith('+')) {
      current.added.push(line.slice(1))
    } else if (inHunk && line.startsWith('-')) {
      current.removed.push(line.slice(1))
    }
  }
  return files
}

function count(lines: string[], re: RegExp): number {
  return lines.filter(l => re.test(l)).length
}

/**
 * Refuses changes to `protectedPaths` (renames from or to one included) and flags added skips, deleted
 * test files and removed test cases. `diffText` is `git diff` of the same changes (HEAD against the
 * working tree, untracked files included with `--intent-to-add` or `git add -N`).
 */
export function guardChanges(
  changes: ChangedFile[],
  diffText: string,
  protectedPaths: string[]
): GuardReport {
  const globs = protectedPaths.length > 0 ? protectedPaths : DEFAULT_PROTECTED_PATHS
  const report: GuardReport = { refused: [], flagged: [] }
  for (const change of changes) {
    for (const p of change.from !== undefined ? [change.from, change.path] : [change.path]) {
      const glob = matchProtected(p, globs)
      if (glob !== null) {
        const what = change.status === 'renamed' ? `renamed (${change.from} → ${change.path})` : change.status
        report.refused.push({
          path: p,
          reason: `"${p}" is protected by "${glob}" (protected-paths) and was ${what}; the change is discarded. A human must make it, or the path must be removed from protected-paths.`
        })
        break
      }
    }
    if (change.status === 'deleted' && isTestFile(change.path)) {
      report.flagged.push({ path: change.path, reason: `test file "${change.path}" was deleted` })
    }
  }
  for (const file of parseUnifiedDiff(diffText)) {
    for (const { re, label } of SKIP_PATTERNS) {
      const added = count(file.added, re) - count(file.removed, re)
      if (added > 0)
        report.flagged.push({
          path: file.path,
          reason: `${added} test skip${added > 1 ? 's' : ''} added (${label})`
        })
    }
    const deletedFile = changes.some(c => c.status === 'deleted' && c.path === file.path)
    if (isTestFile(file.path) && !deletedFile) {
      const removedCases = count(file.removed, TEST_CASE) - count(file.added, TEST_CASE)
      if (removedCases > 0)
        report.flagged.push({
          path: file.path,
          reason: `${removedCases} test case${removedCases > 1 ? 's' : ''} removed`
        })
    }
  }
  return report
}
