/**
 * The judge of an attempt's tree, run on the action's own index after the agent was frozen: changes to
 * protected paths (either side of a rename, any letter case), symlinks that lead out of the repository
 * or into a protected path, nested repositories and hard-linked files are refused; added test skips,
 * deleted tests, new executables and names that differ only in case are flagged for the report.
 * Pure: the git facts come in as data (tree-diff.ts reads them).
 */
import path from 'node:path'
import { compileProtected } from './glob.js'
import type { GuardReport, TreeChange } from './types.js'

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

/** Mode of a symlink and of a nested repository (gitlink) in a git tree. */
export const SYMLINK_MODE = '120000'
export const GITLINK_MODE = '160000'

export interface JudgeInput {
  /** Every path that differs between the base and the judged tree. */
  changes: TreeChange[]
  /** Patches of the changed text files that were small enough to read (`git diff` format). */
  diffText: string
  /** Link targets of the symlinks in `changes` (by path). */
  linkTargets: Map<string, string>
  /** Paths whose working-tree file had more than one hard link. */
  hardLinked: Set<string>
  /** Every path of the judged tree (for names that differ only in letter case). */
  treePaths: string[]
  protectedPaths: string[]
}

/** Where a relative symlink at `file` leads, repository-relative; null when it leaves the repository. */
export function linkDestination(file: string, target: string): string | null {
  if (target === '' || path.posix.isAbsolute(target) || target.includes('\0')) return null
  const dest = path.posix.normalize(path.posix.join(path.posix.dirname(file), target))
  return dest === '..' || dest.startsWith('../') ? null : dest.replace(/^\.\//, '')
}

export function judge(input: JudgeInput): GuardReport {
  const globs = input.protectedPaths.length > 0 ? input.protectedPaths : DEFAULT_PROTECTED_PATHS
  const isProtected = compileProtected(globs)
  const report: GuardReport = { refused: [], flagged: [] }
  const refuse = (p: string, reason: string) => {
    if (!report.refused.some(r => r.path === p)) report.refused.push({ path: p, reason })
  }
  const changed = new Set(input.changes.map(c => c.path))
  const folded = new Map<string, string>()
  for (const p of input.treePaths) {
    const key = p.normalize('NFC').toLowerCase()
    const other = folded.get(key)
    if (other !== undefined && other !== p && (changed.has(p) || changed.has(other)))
      report.flagged.push({
        path: p,
        reason: `"${p}" and "${other}" differ only in letter case: one overwrites the other on macOS and Windows`
      })
    else folded.set(key, p)
  }

  for (const change of input.changes) {
    const sides = change.from !== undefined ? [change.from, change.path] : [change.path]
    const what = change.from !== undefined ? `renamed (${change.from} → ${change.path})` : change.status
    const hit = sides.map(p => ({ p, glob: isProtected(p) })).find(s => s.glob !== null)
    if (hit) {
      // Both sides go back to the base: restoring only the old path would let the new one through.
      for (const p of sides)
        refuse(
          p,
          `"${hit.p}" is protected by "${hit.glob}" (protected-paths) and was ${what}; the change is discarded. A human must make it, or the path must be removed from protected-paths.`
        )
      continue
    }
    if (change.newMode === SYMLINK_MODE) {
      const target = input.linkTargets.get(change.path) ?? ''
      const dest = linkDestination(change.path, target)
      if (dest === null) {
        refuse(
          change.path,
          `"${change.path}" is a symlink to "${target}", outside the repository; the change is discarded.`
        )
        continue
      }
      const glob = isProtected(dest)
      if (glob !== null) {
        refuse(
          change.path,
          `"${change.path}" is a symlink into "${dest}", which is protected by "${glob}"; the change is discarded.`
        )
        continue
      }
    }
    if (change.newMode === GITLINK_MODE && change.oldMode !== GITLINK_MODE) {
      refuse(
        change.path,
        `"${change.path}" is a nested git repository (a submodule entry); the agent may not add one, so the change is discarded.`
      )
      continue
    }
    if (input.hardLinked.has(change.path)) {
      refuse(
        change.path,
        `"${change.path}" is a hard link to another file; only plain files are committed, so the change is discarded.`
      )
      continue
    }
    if (change.newMode === '100755' && change.oldMode !== '100755')
      report.flagged.push({ path: change.path, reason: `"${change.path}" was made executable` })
    if (change.status === 'deleted' && isTestFile(change.path))
      report.flagged.push({ path: change.path, reason: `test file "${change.path}" was deleted` })
  }

  for (const file of parseUnifiedDiff(input.diffText)) {
    if (report.refused.some(r => r.path === file.path)) continue
    for (const { re, label } of SKIP_PATTERNS) {
      const added = count(file.added, re) - count(file.removed, re)
      if (added > 0)
        report.flagged.push({
          path: file.path,
          reason: `${added} test skip${added > 1 ? 's' : ''} added (${label})`
        })
    }
    const deletedFile = input.changes.some(c => c.status === 'deleted' && c.path === file.path)
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
