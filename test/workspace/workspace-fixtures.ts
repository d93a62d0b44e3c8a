/**
 * A GitWorkspace on a clone from test/helpers/git-repo.ts, with a test sandbox (the test's own user,
 * process isolation) and the action's private folder inside the test's temporary folder. `attempt`
 * plays one attempt the way the loop does: hand over, let `edit` change the tree, snapshot.
 */
import { spawn, type SpawnOptions } from 'node:child_process'
import { join } from 'node:path'
import {
  createGitWorkspace,
  type GitWorkspace,
  type GitWorkspaceOptions
} from '../../src/workspace/git-workspace.js'
import type { AgentSandbox } from '../../src/workspace/sandbox.js'
import type { Snapshot } from '../../src/workspace/types.js'
import type { GitRepo } from '../helpers/git-repo.js'
import { testSandbox } from '../helpers/sandbox.js'

export const identity = { name: 'nightshift[bot]', email: 'nightshift@example.com' }
export const TOKEN = 'ghs_secretTokenValue123'

export interface TestWorkspace {
  ws: GitWorkspace
  /** Every git argv the workspace ran. */
  calls: string[][]
  lines: string[]
  sandbox: AgentSandbox
}

let count = 0

export async function openWorkspace(
  repo: GitRepo,
  dir: string,
  extra: Partial<GitWorkspaceOptions> = {}
): Promise<TestWorkspace> {
  const calls: string[][] = []
  const lines: string[] = []
  const sandbox = extra.sandbox ?? (await testSandbox())
  const ws = createGitWorkspace({
    dir,
    privateDir: join(repo.root, `private-${++count}`),
    token: TOKEN,
    identity,
    branchPrefix: 'agent/',
    env: repo.env,
    sandbox,
    log: l => lines.push(l),
    spawn: (cmd: string, args: string[], options: SpawnOptions) => {
      calls.push(args)
      return spawn(cmd, args, options)
    },
    ...extra
  })
  return { ws, calls, lines, sandbox }
}

/** One attempt as the loop plays it: the tree is handed over, `edit` changes it, then the snapshot. */
export async function attempt(
  ws: GitWorkspace,
  edit: () => Promise<unknown>,
  protectedPaths = ['.github/workflows/**']
): Promise<Snapshot> {
  await ws.handOver()
  await edit()
  return ws.snapshot(protectedPaths)
}
