/**
 * The working tree as the agent holds it: before each attempt it gets a fresh `.git` of its own (built
 * by the action from the branch head, in the private folder, moved in by the action, since the tree's
 * root folder stays the action's), and every file the head has that the tree lacks is written as the
 * agent, through its file helper. The action remembers which tree the folder holds, so only what
 * differs is written.
 */
import { rename } from 'node:fs/promises'
import path from 'node:path'
import { helperEnv, openAgentFiles, type AgentFiles } from './agent-files.js'
import type { Git } from './git.js'
import { buildAgentGit } from './private-repo.js'
import type { AgentSandbox } from './sandbox.js'
import { EMPTY_TREE } from './tree-diff.js'
import { syncTree } from './tree-sync.js'

export class AgentTree {
  /** The tree the working tree holds (as far as the action's trees go). */
  tree: string = EMPTY_TREE
  /** The commit the agent's own `.git` was last made from. */
  private gitHead: string | null = null

  constructor(
    private readonly dir: string,
    private readonly sandbox: AgentSandbox,
    private readonly log: (line: string) => void
  ) {}

  /** The agent's files, through its helper (close it after use). */
  files(): AgentFiles {
    return openAgentFiles(this.dir, { wrap: argv => this.sandbox.wrap(argv), env: helperEnv(this.sandbox) })
  }

  /** The tree is handed to the agent at `head`, with a `.git` made from `head` unless it already was. */
  async handOver(
    repo: Git,
    head: string,
    agentGit: Omit<Parameters<typeof buildAgentGit>[0], 'gitDir' | 'head'>
  ): Promise<void> {
    const files = this.files()
    try {
      if (this.gitHead !== head) {
        await files.remove('.git', { recursive: true, git: true })
        const built = await buildAgentGit({ ...agentGit, gitDir: repo.dir, head })
        // The tree's root folder stays the action's, so the action makes this rename itself.
        await rename(built, path.join(this.dir, '.git'))
        this.gitHead = head
      }
      await this.sandbox.handOver(this.dir)
      await this.bringTo(repo, files, head)
    } finally {
      await files.close()
    }
  }

  /** After the run: the tree is brought to `head`; a failure is logged, never thrown. */
  async settle(repo: Git, head: string, describe: (e: unknown) => string): Promise<void> {
    const files = this.files()
    await this.bringTo(repo, files, head)
      .catch(e => this.log(`Could not bring the working tree to the branch head: ${describe(e)}`))
      .finally(() => files.close())
  }

  /** Writes (as the agent) what differs between the tree the working tree holds and the head's. */
  private async bringTo(repo: Git, files: AgentFiles, head: string): Promise<void> {
    const headTree = await repo.read(['rev-parse', `${head}^{tree}`])
    const written = await syncTree(repo, files, this.tree, headTree)
    if (written > 0) this.log(`Working tree brought to ${head.slice(0, 12)} (${written} path(s))`)
    this.tree = headTree
  }
}
