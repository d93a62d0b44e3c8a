/**
 * The bare repositories behind the emulator: created from a folder, read (refs, files, commits) and
 * written (refs, server-side commits) with async git. Pushes from clients go through git-http.ts.
 */
import { spawn } from 'node:child_process'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { git, type GitResult } from './git-exec.js'

const ZERO = '0000000000000000000000000000000000000000'

/**
 * GitHub refuses, for GITHUB_TOKEN and apps without the `workflows` permission, a push whose new commits
 * touch `.github/workflows/**`, and a push to a protected branch. The HTTP layer tells the hook what the
 * pushing token may do through the environment (git http-backend passes it on to receive-pack).
 */
export const PRE_RECEIVE_HOOK = `#!/bin/bash
zero=${ZERO}
while read -r old new ref; do
  if [ -n "$EMULATOR_PROTECTED_REF" ] && [ "$ref" = "$EMULATOR_PROTECTED_REF" ] && [ "$EMULATOR_PUSH_ADMIN" != 1 ]; then
    echo "error: GH006: Protected branch update failed for $ref." >&2
    echo "error: Changes must be made through a pull request." >&2
    exit 1
  fi
  [ "$new" = "$zero" ] && continue
  if [ "$EMULATOR_PUSH_WORKFLOWS" != 1 ]; then
    changed=$(git log --format= --name-only "$new" --not --all -- .github/workflows | grep . | head -n 1)
    if [ -n "$changed" ]; then
      echo "refusing to allow a GitHub App to create or update workflow \\\`$changed\\\` without \\\`workflows\\\` permission" >&2
      exit 1
    fi
  fi
done
exit 0
`

export interface CommitInfo {
  sha: string
  tree: string
  parents: string[]
  message: string
  author: { name: string; email: string; date: string }
  committer: { name: string; email: string; date: string }
}

/** Git operations on one emulator's bare repositories. */
export class GitRepos {
  /** Commits by full sha: they never change, and a run is read (with its head commit) on every poll. */
  private readonly commits = new Map<string, CommitInfo>()

  constructor(
    readonly root: string,
    private readonly env: NodeJS.ProcessEnv
  ) {}

  bareDir(owner: string, name: string): string {
    return join(this.root, owner, `${name}.git`)
  }

  run(
    bare: string,
    args: string[],
    input?: string | Buffer,
    extraEnv: NodeJS.ProcessEnv = {}
  ): Promise<GitResult> {
    return git(['--git-dir', bare, ...args], { env: { ...this.env, ...extraEnv }, input })
  }

  /** A bare repository whose default branch holds one commit with the folder's files. */
  async createFromFolder(
    owner: string,
    name: string,
    folder: string,
    defaultBranch: string
  ): Promise<string> {
    const bare = this.bareDir(owner, name)
    await git(['init', '--quiet', '--bare', '-b', defaultBranch, bare], { env: this.env })
    await this.run(bare, ['config', 'http.receivepack', 'true'])
    await writeFile(join(bare, 'hooks', 'pre-receive'), PRE_RECEIVE_HOOK)
    await chmod(join(bare, 'hooks', 'pre-receive'), 0o755)
    const indexDir = await mkdtemp(join(tmpdir(), 'emulator-index-'))
    try {
      const env = { GIT_INDEX_FILE: join(indexDir, 'index') }
      await this.run(bare, ['--work-tree', folder, 'add', '--all', '--force', '.'], undefined, env)
      const tree = (await this.run(bare, ['write-tree'], undefined, env)).stdout.trim()
      const commit = (await this.run(bare, ['commit-tree', tree, '-m', 'Initial commit'])).stdout.trim()
      await this.run(bare, ['update-ref', `refs/heads/${defaultBranch}`, commit])
    } finally {
      await rm(indexDir, { recursive: true, force: true })
    }
    return bare
  }

  /** The commit a ref or sha names, or null. */
  async resolve(bare: string, rev: string): Promise<string | null> {
    const r = await git(['--git-dir', bare, 'rev-parse', '--verify', '--quiet', `${rev}^{commit}`], {
      env: this.env,
      allowFailure: true
    })
    return r.code === 0 ? r.stdout.trim() : null
  }

  /** Full ref names (refs/heads/…, refs/tags/…) with their targets. */
  async refs(bare: string, prefix = 'refs/'): Promise<Array<{ ref: string; sha: string }>> {
    const r = await this.run(bare, ['for-each-ref', '--format=%(refname) %(objectname)', prefix])
    return r.stdout
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [ref, sha] = line.split(' ')
        return { ref: ref!, sha: sha! }
      })
  }

  /** Sets a ref; with `old`, only when it still points there (compare and swap). */
  async updateRef(bare: string, ref: string, sha: string, old?: string): Promise<boolean> {
    const args = ['update-ref', ref, sha, ...(old ? [old] : [])]
    const r = await git(['--git-dir', bare, ...args], { env: this.env, allowFailure: true })
    return r.code === 0
  }

  async deleteRef(bare: string, ref: string): Promise<void> {
    await this.run(bare, ['update-ref', '-d', ref])
  }

  async isAncestor(bare: string, ancestor: string, descendant: string): Promise<boolean> {
    const r = await git(['--git-dir', bare, 'merge-base', '--is-ancestor', ancestor, descendant], {
      env: this.env,
      allowFailure: true
    })
    return r.code === 0
  }

  /** A file's bytes and blob sha at a revision, or null when there is no such file. */
  async readFile(bare: string, rev: string, path: string): Promise<{ content: Buffer; sha: string } | null> {
    // One `cat-file --batch` answers the name, the type and the content: a workflow run reads many files.
    const out = await this.catBatch(bare, `${rev}:${path}`)
    const header = /^([0-9a-f]{40}) (\w+) (\d+)\n/.exec(out.subarray(0, 200).toString('latin1'))
    if (!header || header[2] !== 'blob') return null
    const start = header[0].length
    return { content: out.subarray(start, start + Number(header[3])), sha: header[1]! }
  }

  /** Entries of a directory at a revision, or null when it is not a directory. */
  async listDir(
    bare: string,
    rev: string,
    path: string
  ): Promise<Array<{ name: string; type: 'file' | 'dir'; sha: string; size: number }> | null> {
    const target = path ? `${rev}:${path}` : `${rev}^{tree}`
    const r = await git(['--git-dir', bare, 'ls-tree', '-l', target], { env: this.env, allowFailure: true })
    if (r.code !== 0) return null
    return r.stdout
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [meta, name] = line.split('\t') as [string, string]
        const [, type, sha, size] = meta.split(/\s+/) as [string, string, string, string]
        return {
          name,
          type: type === 'tree' ? ('dir' as const) : ('file' as const),
          sha,
          size: size === '-' ? 0 : Number(size)
        }
      })
  }

  async commit(bare: string, sha: string): Promise<CommitInfo> {
    const key = `${bare}\0${sha}`
    const known = this.commits.get(key)
    if (known) return known
    const info = await this.readCommit(bare, sha)
    if (/^[0-9a-f]{40}$/.test(sha)) this.commits.set(key, info)
    return info
  }

  private async readCommit(bare: string, sha: string): Promise<CommitInfo> {
    const r = await this.run(bare, [
      'show',
      '-s',
      '--format=%H%n%T%n%P%n%an%n%ae%n%aI%n%cn%n%ce%n%cI%n%B',
      sha
    ])
    const [h, t, p, name, email, date, cName, cEmail, cDate, ...message] = r.stdout.split('\n')
    const iso = (d: string) => new Date(d).toISOString().replace('.000Z', 'Z')
    return {
      sha: h!,
      tree: t!,
      parents: p ? p.split(' ') : [],
      author: { name: name!, email: email!, date: iso(date!) },
      committer: { name: cName!, email: cEmail!, date: iso(cDate!) },
      message: message.join('\n').trim()
    }
  }

  /** The type of an object (`commit`, `tree`, `blob`, `tag`), or null when the repository lacks it. */
  async objectType(bare: string, sha: string): Promise<string | null> {
    if (!/^[0-9a-f]{40}$/.test(sha)) return null
    const r = await git(['--git-dir', bare, 'cat-file', '-t', sha], { env: this.env, allowFailure: true })
    return r.code === 0 ? r.stdout.trim() : null
  }

  /** Writes a tree of top-level entries (blobs given by content or sha) and returns its sha. */
  async writeTree(
    bare: string,
    entries: Array<{ path: string; mode: string; type: string; sha?: string | null; content?: string }>
  ): Promise<string> {
    const lines: string[] = []
    for (const e of entries) {
      const sha =
        e.content !== undefined
          ? (await this.run(bare, ['hash-object', '-w', '--stdin'], e.content)).stdout.trim()
          : e.sha!
      lines.push(`${e.mode} ${e.type} ${sha}\t${e.path}`)
    }
    return (await this.run(bare, ['mktree'], lines.length ? `${lines.join('\n')}\n` : '')).stdout.trim()
  }

  /** Writes a commit object (no ref moves) and returns its sha. */
  async commitTree(
    bare: string,
    c: { tree: string; parents: string[]; message: string; author?: { name: string; email: string } }
  ): Promise<string> {
    const who = c.author ?? { name: 'GitHub', email: 'noreply@github.com' }
    const env = {
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_COMMITTER_NAME: who.name,
      GIT_COMMITTER_EMAIL: who.email
    }
    const args = ['commit-tree', c.tree, ...c.parents.flatMap(p => ['-p', p]), '-F', '-']
    return (await this.run(bare, args, c.message, env)).stdout.trim()
  }

  /** Commits reachable from `rev`, newest first (`git log` order), at most `max` after skipping `skip`. */
  /** The pull request diff of one file: from the merge base of `base` and `head` to `head` (`base...head`). */
  async diff(bare: string, base: string, head: string, path: string): Promise<string> {
    return (await this.run(bare, ['diff', '--no-color', '--no-ext-diff', `${base}...${head}`, '--', path]))
      .stdout
  }

  async log(bare: string, rev: string, max: number, skip = 0): Promise<string[]> {
    const r = await this.run(bare, ['rev-list', `--max-count=${max}`, `--skip=${skip}`, rev, '--'])
    return r.stdout.split('\n').filter(Boolean)
  }

  /**
   * Commits files on top of a branch from the server side (as if someone merged a pull request), so a
   * test can move the default branch while the action works. Returns the new commit's sha.
   */
  async commitFiles(
    bare: string,
    branch: string,
    files: Record<string, string | null>,
    message: string
  ): Promise<string> {
    const ref = `refs/heads/${branch}`
    const parent = await this.resolve(bare, ref)
    const indexDir = await mkdtemp(join(tmpdir(), 'emulator-index-'))
    try {
      const env = { GIT_INDEX_FILE: join(indexDir, 'index') }
      if (parent) await this.run(bare, ['read-tree', parent], undefined, env)
      for (const [path, content] of Object.entries(files)) {
        if (content === null) {
          await this.run(bare, ['update-index', '--force-remove', path], undefined, env)
          continue
        }
        const blob = (await this.run(bare, ['hash-object', '-w', '--stdin'], content)).stdout.trim()
        await this.run(
          bare,
          ['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`],
          undefined,
          env
        )
      }
      const tree = (await this.run(bare, ['write-tree'], undefined, env)).stdout.trim()
      const commit = (
        await this.run(bare, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message])
      ).stdout.trim()
      if (!(await this.updateRef(bare, ref, commit, parent ?? ZERO)))
        throw new Error(`${ref} moved while committing to it`)
      return commit
    } finally {
      await rm(indexDir, { recursive: true, force: true })
    }
  }

  /** `git cat-file --batch` for one object name: its header line and content, or a `missing` line. */
  private catBatch(bare: string, name: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', ['--git-dir', bare, 'cat-file', '--batch'], { env: this.env })
      const chunks: Buffer[] = []
      child.stdout.on('data', (b: Buffer) => chunks.push(b))
      child.on('error', reject)
      child.on('close', code =>
        code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`git cat-file --batch ${name} failed`))
      )
      child.stdin.on('error', () => {})
      child.stdin.end(`${name}\n`)
    })
  }
}
