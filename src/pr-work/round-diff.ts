/**
 * Which lines a round changed, on the side a reviewer commented on: `git diff --unified=0` from the
 * commit the review was made on to the round's last commit, read from hunk headers
 * (`@@ -start,count +start,count @@`, https://git-scm.com/docs/git-diff#_combined_diff_format).
 */
import { Git } from '../workspace/git.js'

/** Old-side line ranges changed in `path`, or null when either commit is not in the repository. */
export type ChangedRanges = (from: string, to: string, path: string) => Promise<[number, number][] | null>

/** Reads the checkout's repository (after the loop, the action's own repository is back in place). */
export function gitChangedRanges(dir: string): ChangedRanges {
  const git = new Git({ dir })
  return async (from, to, path) => {
    for (const sha of [from, to]) {
      const r = await git.exec(['cat-file', '-e', `${sha}^{commit}`], { allowFailure: true })
      if (r.exitCode !== 0) return null
    }
    const out = await git.read([
      '--literal-pathspecs',
      'diff',
      '--unified=0',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      from,
      to,
      '--',
      path
    ])
    return hunkRanges(out)
  }
}

/**
 * The old-side range of each hunk. A pure insertion (`-7,0`) sits between lines 7 and 8, so it
 * counts as touching both.
 */
export function hunkRanges(diff: string): [number, number][] {
  const ranges: [number, number][] = []
  for (const m of diff.matchAll(/^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/gm)) {
    const start = Number(m[1])
    const count = m[2] === undefined ? 1 : Number(m[2])
    ranges.push(count === 0 ? [start, start + 1] : [start, start + count - 1])
  }
  return ranges
}
