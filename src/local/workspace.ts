/**
 * The Workspace port on a repository without a remote: the task branch is created in the
 * repository itself (from the local `base` branch), rebases go onto the local `base`, and
 * `push()` checks the target like the real one does, then only returns HEAD (the local CI tests
 * commits straight from the repository).
 */
import { createGitWorkspace, type GitWorkspace } from '../workspace/git-workspace.js'
import type { GitIdentity, SpawnFn } from '../workspace/git.js'

export interface LocalWorkspaceOptions {
  /** The repository (its top-level folder). Its tracked files must have no uncommitted changes. */
  dir: string
  /** Author and committer of the commits (default `nightshift <nightshift@localhost>`). */
  identity?: GitIdentity
  coAuthor?: string | null
  /** Default `agent/`. */
  branchPrefix?: string
  log?: (line: string) => void
  env?: NodeJS.ProcessEnv
  spawn?: SpawnFn
}

export const LOCAL_IDENTITY: GitIdentity = { name: 'nightshift', email: 'nightshift@localhost' }

export function createLocalWorkspace(options: LocalWorkspaceOptions): GitWorkspace {
  return createGitWorkspace({
    dir: options.dir,
    remote: null,
    token: null,
    identity: options.identity ?? LOCAL_IDENTITY,
    coAuthor: options.coAuthor,
    branchPrefix: options.branchPrefix ?? 'agent/',
    log: options.log,
    env: options.env,
    spawn: options.spawn
  })
}
