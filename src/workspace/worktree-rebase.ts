/**
 * Rebasing the task branch: in a worktree of the action's own repository inside its private folder (the
 * agent's working tree is never touched), without autostash or ref updates; on a conflict the rebase is
 * aborted and the conflicting files named.
 */
import { rm } from 'node:fs/promises'
import { GitError } from '../errors.js'
import { Git, type GitIdentity } from './git.js'

export type WorktreeRebase = { status: 'rebased'; head: string } | { status: 'conflict'; conflicts: string[] }

export async function rebaseInWorktree(options: {
  /** The action's repository. */
  repo: Git
  /** A folder for the worktree (removed before and after). */
  tree: string
  /** The commit to rebase, and the commit to put it on. */
  head: string
  onto: string
  identity: GitIdentity
  env?: NodeJS.ProcessEnv
  trace?: (line: string) => void
  /** How the failure names what was rebased onto what. */
  what: { branch: string | null; base: string; baseRef: string }
}): Promise<WorktreeRebase> {
  const { repo, tree } = options
  await rm(tree, { recursive: true, force: true })
  await repo.exec(['worktree', 'add', '--detach', '--quiet', tree, options.head])
  try {
    const wt = new Git({ dir: tree, identity: options.identity, env: options.env, trace: options.trace })
    const result = await wt.exec(
      [
        '-c',
        'rebase.autoStash=false',
        '-c',
        'rebase.updateRefs=false',
        'rebase',
        '--no-autosquash',
        options.onto
      ],
      { allowFailure: true }
    )
    if (result.exitCode === 0) return { status: 'rebased', head: await wt.read(['rev-parse', 'HEAD']) }
    const unmerged = await wt.exec(['diff', '--name-only', '--diff-filter=U', '-z'], { allowFailure: true })
    const conflicts = unmerged.stdout.split('\0').filter(Boolean)
    await wt.exec(['rebase', '--abort'], { allowFailure: true })
    if (conflicts.length === 0) {
      throw new GitError(
        `Rebasing "${options.what.branch}" onto "${options.what.base}" failed without a conflict: ${result.stderr.trim()}`,
        ['rebase', options.what.baseRef],
        result.exitCode,
        result.stderr
      )
    }
    return { status: 'conflict', conflicts }
  } finally {
    await repo.exec(['worktree', 'remove', '--force', tree], { allowFailure: true })
    await rm(tree, { recursive: true, force: true })
    await repo.exec(['worktree', 'prune'], { allowFailure: true })
  }
}
