/**
 * Brings the agent's working tree from one tree of the action's repository to another (refused changes
 * put back, a rebase's new base, a resumed branch), writing through the agent's file helper: the action
 * never writes with its own privileges into a tree the agent controls.
 */
import type { AgentFiles } from './agent-files.js'
import type { Git } from './git.js'
import { GITLINK_MODE, SYMLINK_MODE } from './guard.js'
import { BlobReader, parseRaw } from './tree-diff.js'

/** Applies the difference between trees `from` and `to` to the working tree; returns the paths written or removed. */
export async function syncTree(git: Git, files: AgentFiles, from: string, to: string): Promise<number> {
  if (from === to) return 0
  const raw = parseRaw(
    (await git.exec(['diff-tree', '-r', '-z', '--raw', '--no-abbrev', '--no-renames', from, to])).stdout
  )
  const blobs = new BlobReader(git)
  try {
    for (const c of raw) {
      if (c.newSha === null || c.oldMode !== c.newMode) await files.remove(c.path, { recursive: true })
    }
    for (const c of raw) {
      if (c.newSha === null || c.newMode === GITLINK_MODE) continue
      const content = await blobs.read(c.newSha)
      if (c.newMode === SYMLINK_MODE) await files.symlink(c.path, content.toString('utf8'))
      else await files.write(c.path, content, { mode: c.newMode === '100755' ? 0o755 : 0o644, replace: true })
    }
  } finally {
    blobs.close()
  }
  return raw.length
}
