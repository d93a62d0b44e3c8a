/**
 * The action's own repository, kept where the agent cannot reach it, and the disposable one the agent
 * gets instead.
 *
 * actions/checkout leaves the repository in `<checkout>/.git`, inside the tree the agent edits. Before
 * the first attempt it moves to a private folder (mode 700, under the runner's temp folder, which the
 * agent neither sees in its environment nor may enter), and the action works on it only by naming it
 * (`--git-dir`), so git never discovers a repository from the agent's tree. The agent's `.git` is a
 * one-commit copy made fresh for each attempt: it may commit, branch, tag and configure as it likes;
 * none of it is ever read by the action. At the end of the run the real repository goes back in place.
 */
import { chmod, lstat, mkdir, readFile, rename, rm, writeFile, cp } from 'node:fs/promises'
import path from 'node:path'
import { GuardError, NightshiftError } from '../errors.js'
import { Git, type GitOptions } from './git.js'

/** Moves `<workTree>/.git` to `<privateDir>/repo.git` (same file system: a rename; else a copy). */
export async function takeGitDir(workTree: string, privateDir: string): Promise<string> {
  const from = path.join(workTree, '.git')
  const to = path.join(privateDir, 'repo.git')
  await mkdir(privateDir, { recursive: true, mode: 0o700 })
  await chmod(privateDir, 0o700)
  const st = await lstat(from).catch(() => null)
  if (!st?.isDirectory()) {
    const exists = await lstat(to).catch(() => null)
    if (exists?.isDirectory()) return to
    throw new NightshiftError(
      `"${from}" is ${st ? 'not a folder (a worktree or submodule checkout?)' : 'missing'}; expected the repository actions/checkout leaves there.`
    )
  }
  await move(from, to)
  return to
}

/** A rename, or a copy and a removal across file systems. */
async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e
    await cp(from, to, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true })
    await rm(from, { recursive: true, force: true })
  }
}

/** Puts the repository back as `<workTree>/.git` (after removing the agent's copy). */
export async function restoreGitDir(workTree: string, gitDir: string): Promise<void> {
  const dest = path.join(workTree, '.git')
  await rm(dest, { recursive: true, force: true })
  await move(gitDir, dest)
}

/** Files in a git directory that would point git at another repository or object store. */
const REDIRECTS = ['commondir', 'gitdir', 'objects/info/alternates', 'info/grafts', 'config.worktree']

/**
 * The state of the action's repository once it is private. Where the agent shares the action's user
 * without namespaces it could still write there; before each use the config is put back and a redirect
 * that appeared (commondir, alternates, grafts) stops the run.
 */
export class RepoSeal {
  private constructor(
    private readonly gitDir: string,
    private readonly config: string | null,
    private readonly present: Set<string>
  ) {}

  static async take(gitDir: string): Promise<RepoSeal> {
    const present = new Set<string>()
    for (const f of REDIRECTS) if (await lstat(path.join(gitDir, f)).catch(() => null)) present.add(f)
    const config = await readFile(path.join(gitDir, 'config'), 'utf8').catch(() => null)
    return new RepoSeal(gitDir, config, present)
  }

  /** Restores the config when it changed (true when it did); throws when a redirect appeared. */
  async check(): Promise<boolean> {
    for (const f of REDIRECTS) {
      if (!this.present.has(f) && (await lstat(path.join(this.gitDir, f)).catch(() => null)))
        throw new GuardError(
          `The action's own repository "${this.gitDir}" gained "${f}" while the agent ran; it would point git elsewhere. Stopping: the agent shares the action's user here (see agent-user).`
        )
    }
    if (this.config === null) return false
    const file = path.join(this.gitDir, 'config')
    if ((await readFile(file, 'utf8').catch(() => null)) === this.config) return false
    await writeFile(file, this.config)
    return true
  }
}

/**
 * Builds the agent's `.git` in `<scratch>/.git` (a fresh folder the agent never saw): a one-commit copy
 * of `head` on `branch`, with `origin` naming the remote without credentials, and `base` as its
 * `origin/<base>` when given. Returns the new `.git` folder, ready to be moved into the working tree.
 */
export async function buildAgentGit(options: {
  gitDir: string
  scratch: string
  branch: string
  head: string
  base?: { name: string; sha: string } | null
  remoteUrl?: string | null
  env?: GitOptions['env']
}): Promise<string> {
  await rm(options.scratch, { recursive: true, force: true })
  await mkdir(options.scratch, { recursive: true, mode: 0o700 })
  const git = new Git({ dir: options.scratch, env: options.env })
  await git.exec(['init', '--quiet', `--initial-branch=${options.branch}`])
  const specs = [`${options.head}:refs/heads/${options.branch}`]
  if (options.base) specs.push(`${options.base.sha}:refs/remotes/origin/${options.base.name}`)
  // upload-pack runs in the action's own repository, which is private: no agent-written config reaches it.
  await git.exec([
    'fetch',
    '--quiet',
    '--no-tags',
    '--update-head-ok',
    '--depth=1',
    `file://${options.gitDir}`,
    ...specs
  ])
  await git.exec(['read-tree', options.head])
  if (options.remoteUrl) await git.exec(['remote', 'add', 'origin', options.remoteUrl])
  return path.join(options.scratch, '.git')
}
