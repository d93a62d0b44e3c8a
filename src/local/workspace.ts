/**
 * The Workspace port on a repository without a remote: the task branch is created in the repository
 * itself (from the local `base` branch), rebases go onto the local `base`, and `push()` checks the
 * target like the real one does, then only returns the head (the local CI tests commits straight from
 * the repository). The agent works in a folder of its own, never in the user's checkout: the user's
 * files, HEAD and index stay as they were.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createGitWorkspace, type GitWorkspace } from '../workspace/git-workspace.js'
import type { GitIdentity, SpawnFn } from '../workspace/git.js'
import type { AgentSandbox } from '../workspace/sandbox.js'

export interface LocalWorkspaceOptions {
  /** The repository (its top-level folder). */
  repo: string
  /** The folder the agent works in (created; default: a new one under the system temp folder). */
  dir?: string
  /** Where the action keeps its own index (e.g. `<git dir>/nightshift/private`). */
  privateDir: string
  sandbox: AgentSandbox
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

/** A new folder for the agent's copy of `repo`, named like it. */
export async function localWorkFolder(repo: string): Promise<string> {
  const parent = await mkdtemp(path.join(tmpdir(), 'nightshift-local-'))
  return path.join(parent, path.basename(path.resolve(repo)))
}

export async function createLocalWorkspace(options: LocalWorkspaceOptions): Promise<GitWorkspace> {
  return createGitWorkspace({
    dir: options.dir ?? (await localWorkFolder(options.repo)),
    privateDir: options.privateDir,
    repo: options.repo,
    remote: null,
    token: null,
    identity: options.identity ?? LOCAL_IDENTITY,
    coAuthor: options.coAuthor,
    branchPrefix: options.branchPrefix ?? 'agent/',
    sandbox: options.sandbox,
    log: options.log,
    env: options.env,
    spawn: options.spawn
  })
}
