/**
 * Removes what `actions/checkout` persisted before the agent runs
 * (https://github.com/actions/checkout#usage, `persist-credentials`):
 * - v4/v5: `http.<url>.extraheader` (an `AUTHORIZATION: basic …` header) in `.git/config`;
 * - v6+: an `includeIf.gitdir:<.git>.path` pointing to `$RUNNER_TEMP/git-credentials-<uuid>.config`,
 *   which holds that header: the file is deleted and the include removed;
 * - `url.<url with user:token@>.insteadOf` sections and remote URLs with a password in them;
 * - repository-level `credential.helper` entries (a helper answers `git credential fill` with the token).
 * The same is done in submodules' configs (`.git/modules/**` + `/config`). Credentials outside the
 * repository (`~/.git-credentials`, `~/.config/gh`) are not touched: the runner's HOME is not the
 * action's to edit; the agent gets its own HOME instead.
 * The action itself pushes with the token passed to one git command, never stored.
 */
import { readFile, readdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { GitError } from '../errors.js'
import { Git } from './git.js'

/**
 * `git config --file <file> …` through the action's one runner, from the root folder so that no
 * repository is found around it: only the file named counts. Returns stdout ('' for an allowed failure).
 */
async function git(args: string[], allowFailure = false): Promise<string> {
  const r = await new Git({ dir: '/' }).exec(args, { allowFailure })
  return r.exitCode === 0 ? r.stdout : ''
}

/** `key value` lines of one config file matching `regexp` (keys as git prints them, subsections intact). */
async function entries(file: string, regexp: string): Promise<{ key: string; value: string }[]> {
  // --null: values may contain spaces or newlines; records are "key\nvalue\0".
  const out = await git(['config', '--file', file, '--null', '--get-regexp', regexp], true)
  return out
    .split('\0')
    .filter(r => r !== '')
    .map(r => {
      const nl = r.indexOf('\n')
      return nl === -1 ? { key: r, value: '' } : { key: r.slice(0, nl), value: r.slice(nl + 1) }
    })
}

/** A URL or key with any `user:password@` replaced, so reports never show a secret. */
export function redactUserinfo(s: string): string {
  return s.replace(/(\w+:\/\/)[^/@\s]*@/g, '$1***@')
}

const HAS_PASSWORD = /\w+:\/\/[^/@\s]*:[^/@\s]+@/

async function holdsCredentials(file: string): Promise<boolean> {
  const found = await entries(file, '^(http\\..*\\.extraheader|credential\\..*|url\\..*\\.insteadof)$')
  return found.some(
    e => /extraheader$/i.test(e.key) || e.key.startsWith('credential') || HAS_PASSWORD.test(e.key)
  )
}

/** Scrubs one config file; returns what it removed (keys and paths, never values). */
async function scrubConfig(configFile: string, gitDir: string): Promise<string[]> {
  const removed: string[] = []
  const label = (key: string) => `${path.relative(path.dirname(gitDir), configFile)}: ${redactUserinfo(key)}`

  for (const { key } of await entries(configFile, '^http\\..*\\.extraheader$')) {
    await git(['config', '--file', configFile, '--unset-all', key], true)
    removed.push(label(key))
  }
  for (const { key } of await entries(configFile, '^credential\\..*helper$')) {
    await git(['config', '--file', configFile, '--unset-all', key], true)
    removed.push(label(key))
  }
  for (const { key } of await entries(configFile, '^url\\..*\\.(insteadof|pushinsteadof)$')) {
    if (!HAS_PASSWORD.test(key)) continue
    const section = key.replace(/\.(insteadof|pushinsteadof)$/i, '')
    await git(['config', '--file', configFile, '--remove-section', section], true)
    removed.push(label(section))
  }
  for (const { key, value } of await entries(configFile, '^remote\\..*\\.(url|pushurl)$')) {
    if (!HAS_PASSWORD.test(value)) continue
    await git([
      'config',
      '--file',
      configFile,
      '--replace-all',
      key,
      value.replace(/(\w+:\/\/)[^/@\s]*@/, '$1')
    ])
    removed.push(`${label(key)} (credentials in the URL)`)
  }
  for (const { key, value } of await entries(configFile, '^includeif\\..*\\.path$')) {
    const target = path.isAbsolute(value) ? value : path.resolve(path.dirname(configFile), value)
    const exists = await stat(target).then(
      s => s.isFile(),
      () => false
    )
    const checkoutFile = /^git-credentials-[\w-]+\.config$/.test(path.basename(target))
    if (exists ? !(checkoutFile || (await holdsCredentials(target))) : !checkoutFile) continue
    if (exists) {
      await rm(target, { force: true })
      removed.push(target)
    }
    // Unset this one value only: other includes under the same condition stay.
    await git(['config', '--file', configFile, '--fixed-value', '--unset-all', key, value], true)
    removed.push(label(key))
  }
  return removed
}

async function findGitDir(repoDir: string): Promise<string> {
  const dotGit = path.join(repoDir, '.git')
  const s = await stat(dotGit)
  if (s.isDirectory()) return dotGit
  const m = /^gitdir:\s*(.+)$/m.exec(await readFile(dotGit, 'utf8'))
  if (!m)
    throw new GitError(
      `"${dotGit}" is neither a folder nor a "gitdir:" file; expected a git checkout.`,
      [],
      -1,
      ''
    )
  return path.resolve(repoDir, m[1].trim())
}

async function submoduleConfigs(dir: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (d: string, depth: number): Promise<void> => {
    if (depth > 6) return
    const items = await readdir(d, { withFileTypes: true }).catch(() => [])
    for (const item of items) {
      if (!item.isDirectory()) continue
      const sub = path.join(d, item.name)
      if (
        await stat(path.join(sub, 'config')).then(
          s => s.isFile(),
          () => false
        )
      )
        found.push(path.join(sub, 'config'))
      if (item.name !== 'objects' && item.name !== 'refs') await walk(sub, depth + 1)
    }
  }
  await walk(dir, 0)
  return found
}

/**
 * Removes persisted credentials from the checkout at `repoDir` (see the module comment). Returns what it
 * removed, as config keys (secrets in keys redacted) and deleted file paths. Safe to call twice.
 */
export async function scrubCredentials(repoDir: string): Promise<string[]> {
  return scrubGitDir(await findGitDir(repoDir))
}

/** scrubCredentials on a git directory named directly (the action's private copy). */
export async function scrubGitDir(gitDir: string): Promise<string[]> {
  const configs = [path.join(gitDir, 'config'), ...(await submoduleConfigs(path.join(gitDir, 'modules')))]
  const removed: string[] = []
  for (const config of configs) removed.push(...(await scrubConfig(config, gitDir)))
  return removed
}
