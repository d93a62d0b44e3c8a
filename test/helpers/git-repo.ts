/**
 * Real git repositories in a temporary folder for tests: a bare "remote" (`remote.git`, on branch
 * `main`) and a clone of it (`clone`), with git's configuration isolated from the machine's
 * (`HOME` inside the folder, `GIT_CONFIG_NOSYSTEM=1`, no global config, fixed identity and dates).
 *
 *   const repo = await createGitRepo({ files: { 'README.md': 'hi\n' } })
 *   try { await repo.git(repo.clone, 'log') } finally { await repo.cleanup() }
 *
 * Pass `repo.env` to any code under test that runs git, so it sees the same isolation.
 */
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export interface GitRepo {
  /** The temporary folder holding everything; removed by cleanup(). */
  root: string
  /** The bare remote repository (a path; `remoteUrl` is its `file://` URL). */
  remote: string
  remoteUrl: string
  /** A working clone of the remote, on `main`, with `origin` pointing at `remoteUrl`. */
  clone: string
  /** The isolated environment every command here runs with. */
  env: NodeJS.ProcessEnv
  /** Runs git in `cwd` and returns its stdout trimmed; throws with stderr on a non-zero exit. */
  git(cwd: string, ...args: string[]): Promise<string>
  /** Writes `files` (path → content; null deletes) in `cwd`, commits them all, returns the new sha. */
  commit(cwd: string, files: Record<string, string | null>, message?: string): Promise<string>
  /** Another clone of the remote in `root/<name>` (`depth` for a shallow one, as actions/checkout does). */
  cloneTo(name: string, options?: { depth?: number; branch?: string }): Promise<string>
  /** Removes the temporary folder. */
  cleanup(): Promise<void>
}

/** Creates the remote with one commit on `main` holding `files` (default: a README) and clones it. */
export async function createGitRepo(options: { files?: Record<string, string> } = {}): Promise<GitRepo> {
  const root = await mkdtemp(join(tmpdir(), 'nightshift-git-'))
  const home = join(root, 'home')
  await mkdir(home)
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(home, '.gitconfig'),
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.com',
    GIT_COMMITTER_NAME: 'Test Author',
    GIT_COMMITTER_EMAIL: 'author@example.com',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C'
  }
  const git = (cwd: string, ...args: string[]) => runGit(cwd, args, env)
  const remote = join(root, 'remote.git')
  const remoteUrl = `file://${remote}`
  const commit = async (cwd: string, files: Record<string, string | null>, message = 'change') => {
    for (const [path, content] of Object.entries(files)) {
      const abs = join(cwd, path)
      if (content === null) await rm(abs, { force: true })
      else {
        await mkdir(dirname(abs), { recursive: true })
        await writeFile(abs, content)
      }
    }
    await git(cwd, 'add', '--all')
    await git(cwd, 'commit', '--quiet', '--allow-empty', '-m', message)
    return git(cwd, 'rev-parse', 'HEAD')
  }
  const cloneTo = async (name: string, o: { depth?: number; branch?: string } = {}) => {
    const dir = join(root, name)
    const extra = o.depth ? ['--depth', String(o.depth)] : []
    await git(root, 'clone', '--quiet', ...extra, '--branch', o.branch ?? 'main', remoteUrl, dir)
    return dir
  }
  try {
    await git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote)
    const seed = join(root, 'seed')
    await git(root, 'init', '--quiet', '--initial-branch=main', seed)
    await commit(seed, options.files ?? { 'README.md': '# sample\n' }, 'initial')
    await git(seed, 'push', '--quiet', remoteUrl, 'main:main')
    await rm(seed, { recursive: true, force: true })
    const clone = await cloneTo('clone')
    return {
      root,
      remote,
      remoteUrl,
      clone,
      env,
      git,
      commit,
      cloneTo,
      cleanup: () => rm(root, { recursive: true, force: true })
    }
  } catch (e) {
    await rm(root, { recursive: true, force: true })
    throw e
  }
}

function runGit(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (b: Buffer) => (out += b.toString()))
    child.stderr.on('data', (b: Buffer) => (err += b.toString()))
    child.on('error', reject)
    child.on('close', code =>
      code === 0
        ? resolve(out.trim())
        : reject(new Error(`git ${args.join(' ')} (in ${cwd}) exited ${code}: ${err}`))
    )
  })
}
