/**
 * The action's own repository and how the action reads the agent's tree into it. With a checkout, its
 * `.git` moves into the action's private folder before the agent ever runs; in local mode the user's
 * repository is used in place. The index is the action's own file beside it, and the agent's files are
 * read through the sandbox's read prefix (the agent may own them).
 */
import { execFile } from 'node:child_process'
import { copyFile, mkdir, rm, rmdir } from 'node:fs/promises'
import path from 'node:path'
import { Git, type GitIdentity, type SpawnFn } from './git.js'
import { restoreGitDir, takeGitDir } from './private-repo.js'
import { EMPTY_TREE } from './tree-diff.js'

/** How the action runs git: its identity, what to redact, its base environment and trace. */
export interface ActionGitOptions {
  identity: GitIdentity
  secrets: string[]
  env?: NodeJS.ProcessEnv
  trace?: (line: string) => void
  spawn?: SpawnFn
}

export interface ActionRepo {
  gitDir: string
  git: Git
  /** The tree the working tree holds as far as the action knows (the checkout's HEAD, or empty). */
  agentTree: string
}

/** Opens the action's repository (see the module comment); `privateDir` is created with mode 700. */
export async function openActionRepo(
  options: ActionGitOptions & { dir: string; privateDir: string; repo?: string }
): Promise<ActionRepo> {
  await mkdir(options.privateDir, { recursive: true, mode: 0o700 })
  let gitDir: string
  let agentTree = EMPTY_TREE
  if (options.repo) {
    const found = new Git({ dir: path.resolve(options.repo), env: options.env })
    gitDir = path.resolve(options.repo, await found.read(['rev-parse', '--git-common-dir']))
    await mkdir(options.dir, { recursive: true })
  } else {
    // What actions/checkout left, read before the agent ever ran.
    const checkout = new Git({ dir: options.dir, env: options.env })
    agentTree = await checkout.read(['rev-parse', '--verify', 'HEAD^{tree}'])
    gitDir = await takeGitDir(options.dir, options.privateDir)
  }
  const git = new Git({
    dir: gitDir,
    gitDir,
    identity: options.identity,
    secrets: options.secrets,
    env: options.env,
    trace: options.trace,
    spawn: options.spawn
  })
  return { gitDir, git, agentTree }
}

/**
 * After the run: the checkout gets its `.git` back, with the action's index as its own (local mode: the
 * folder made for the tree is removed); the private folder goes.
 */
export async function closeActionRepo(options: {
  dir: string
  privateDir: string
  gitDir: string | null
  repo?: string
}): Promise<void> {
  const { dir, privateDir, gitDir } = options
  if (gitDir && !options.repo) {
    // The action's index knows the tree as committed: the checkout's own index from now on.
    await copyFile(path.join(privateDir, 'index'), path.join(gitDir, 'index')).catch(() => undefined)
    await restoreGitDir(dir, gitDir)
  } else if (options.repo) {
    await rm(dir, { recursive: true, force: true })
    // The folder made to hold it, when it is empty now.
    await rmdir(path.dirname(dir)).catch(() => undefined)
  }
  await rm(privateDir, { recursive: true, force: true }).catch(() => undefined)
}

/** git on the action's repository with its own index and the agent's files as the working tree. */
export function indexGit(
  options: ActionGitOptions & { gitDir: string; workTree: string; indexFile: string; readPrefix: string[] }
): Git {
  const { readPrefix } = options
  return new Git({
    dir: options.workTree,
    gitDir: options.gitDir,
    workTree: options.workTree,
    indexFile: options.indexFile,
    wrap: readPrefix.length ? argv => [...readPrefix, ...argv] : undefined,
    secrets: options.secrets,
    env: options.env,
    trace: options.trace,
    spawn: options.spawn
  })
}

/** Hard-link counts of regular files under the read prefix (null: not a regular file, or unreadable). */
export function linkCounts(readPrefix: string[], paths: string[]): Promise<(number | null)[]> {
  // `stat` without -L reports a link itself; %h is the hard-link count, %F the file type.
  const argv = [...readPrefix, 'stat', '--printf=%h\\t%F\\t%n\\0', '--', ...paths]
  return new Promise(resolve => {
    execFile(argv[0]!, argv.slice(1), { maxBuffer: 64 * 1024 * 1024 }, (_error, stdout) => {
      const found = new Map<string, number>()
      for (const record of String(stdout).split('\0')) {
        const [links, type, name] = record.split('\t')
        if (name !== undefined && type?.startsWith('regular')) found.set(name, Number(links))
      }
      resolve(paths.map(p => found.get(p) ?? null))
    })
  })
}
