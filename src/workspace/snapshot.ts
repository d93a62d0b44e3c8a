/**
 * Takes the frozen working tree into the action's own index and judges it. The index belongs to the
 * action (`GIT_INDEX_FILE` in its private folder) and the repository is named explicitly, so git reads
 * the agent's files as data and nothing of the agent's `.git`. What the judge refuses is put back to the
 * branch head in that index; the tree written from it is what `commit` commits, byte for byte.
 */
import { lstat } from 'node:fs/promises'
import path from 'node:path'
import type { Git } from './git.js'
import { judge, SYMLINK_MODE } from './guard.js'
import { BlobReader, patchPaths, patches, treeChanges, type RawChange } from './tree-diff.js'
import type { ChangedFile, GuardReport } from './types.js'

export interface StagedAttempt {
  /** The tree of everything the agent left (refused changes included): what its working tree holds. */
  staged: string
  /** The tree to commit: `staged` with the refused changes put back to the head. */
  tree: string
  changes: ChangedFile[]
  guard: GuardReport
}

/** Reading the working tree must finish; a FIFO or a huge file the agent left cannot hang the run. */
const STAGE_TIMEOUT_MS = 10 * 60_000

/**
 * `index` runs git on the action's repository with the private index and the working tree (`--work-tree`);
 * `repo` runs it on the repository alone.
 */
export async function stageAndJudge(options: {
  index: Git
  repo: Git
  workTree: string
  head: string
  protectedPaths: string[]
  /** Hard-link counts of absolute paths (null: not a regular file or missing); default lstat. */
  linkCounts?: (paths: string[]) => Promise<(number | null)[]>
}): Promise<StagedAttempt> {
  const { index, repo, head } = options
  // `:/` is the whole tree whatever the current folder; ignored files stay out, as for the agent's git.
  await index.exec(['add', '--all', '--', ':/'], { timeoutMs: STAGE_TIMEOUT_MS })
  const staged = await index.read(['write-tree'])
  const { raw, counts } = await treeChanges(repo, head, staged)
  const [linkTargets, hardLinked, treePaths, diffText] = await Promise.all([
    readLinks(repo, raw),
    hardLinks(options.workTree, raw, options.linkCounts ?? lstatLinks),
    repo.read(['ls-tree', '-r', '-z', '--name-only', staged]).then(t => t.split('\0').filter(Boolean)),
    patches(repo, head, staged, patchPaths(counts))
  ])
  const guard = judge({
    changes: raw,
    diffText,
    linkTargets,
    hardLinked,
    treePaths,
    protectedPaths: options.protectedPaths
  })
  let tree = staged
  if (guard.refused.length > 0) {
    await putBack(
      index,
      repo,
      head,
      guard.refused.map(r => r.path)
    )
    tree = await index.read(['write-tree'])
  }
  const refused = new Set(guard.refused.map(r => r.path))
  const changes: ChangedFile[] = raw
    .filter(c => !refused.has(c.path) && !(c.from !== undefined && refused.has(c.from)))
    .map(c =>
      c.from !== undefined
        ? { path: c.path, status: c.status, from: c.from }
        : { path: c.path, status: c.status }
    )
  return { staged, tree, changes, guard }
}

/** Sets each path's index entry back to the head's (or removes it when the head has none). */
async function putBack(index: Git, repo: Git, head: string, paths: string[]): Promise<void> {
  const listed = (
    await repo.exec(['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', head, '--', ...paths])
  ).stdout
  const inHead = new Map<string, string>()
  for (const entry of listed.split('\0')) {
    const m = /^(\d+) \w+ ([0-9a-f]+)\t(.*)$/s.exec(entry)
    if (m) inHead.set(m[3]!, `${m[1]} ${m[2]} 0\t${m[3]}`)
  }
  // Mode 0 removes the entry (git update-index --index-info).
  const lines = paths.map(p => inHead.get(p) ?? `0 ${'0'.repeat(40)}\t${p}`)
  await index.exec(['update-index', '--index-info'], { input: `${lines.join('\n')}\n` })
}

async function readLinks(repo: Git, raw: RawChange[]): Promise<Map<string, string>> {
  const links = raw.filter(c => c.newMode === SYMLINK_MODE && c.newSha)
  const found = new Map<string, string>()
  if (links.length === 0) return found
  const blobs = new BlobReader(repo)
  try {
    for (const c of links) found.set(c.path, (await blobs.read(c.newSha!)).toString('utf8'))
  } finally {
    blobs.close()
  }
  return found
}

/** Added or changed regular files that have other hard links. */
async function hardLinks(
  workTree: string,
  raw: RawChange[],
  linkCounts: (paths: string[]) => Promise<(number | null)[]>
): Promise<Set<string>> {
  const files = raw.filter(c => c.newSha !== null && c.newMode?.startsWith('100')).map(c => c.path)
  const counts = files.length ? await linkCounts(files.map(f => path.join(workTree, f))) : []
  return new Set(files.filter((_, i) => (counts[i] ?? 1) > 1))
}

/** lstat: nothing is followed. */
export async function lstatLinks(paths: string[]): Promise<(number | null)[]> {
  return Promise.all(
    paths.map(p =>
      lstat(p).then(
        s => (s.isFile() ? s.nlink : null),
        () => null
      )
    )
  )
}
