/**
 * Reading two trees of the action's own repository apart: the paths that differ with their modes and
 * blobs (`git diff-tree --raw -z`), line counts (`--numstat -z`, so a large file is judged by its
 * numbers, never by holding its diff), the patches of the small text files, and blobs streamed through
 * one `git cat-file --batch`.
 */
import type { ChildProcess } from 'node:child_process'
import type { Git } from './git.js'
import type { DiffStat, TreeChange } from './types.js'

/** git's empty tree, the base of a folder with nothing committed yet. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'

export interface RawChange extends TreeChange {
  oldSha: string | null
  newSha: string | null
}

const ZERO = /^0+$/

/** Parses `git diff-tree -r -z --raw --no-abbrev [-M]` output. */
export function parseRaw(text: string): RawChange[] {
  const fields = text.split('\0')
  const out: RawChange[] = []
  for (let i = 0; i < fields.length; i++) {
    const head = fields[i]!
    if (!head.startsWith(':')) continue
    const [oldMode, newMode, oldSha, newSha, status] = head.slice(1).split(' ') as [
      string,
      string,
      string,
      string,
      string
    ]
    const letter = status[0]
    const path = fields[++i]!
    const base = {
      oldMode: ZERO.test(oldMode) ? null : oldMode,
      newMode: ZERO.test(newMode) ? null : newMode,
      oldSha: ZERO.test(oldSha) ? null : oldSha,
      newSha: ZERO.test(newSha) ? null : newSha
    }
    if (letter === 'R' || letter === 'C') {
      const to = fields[++i]!
      out.push(
        letter === 'R'
          ? { ...base, path: to, from: path, status: 'renamed' }
          : { ...base, path: to, status: 'added', oldMode: null, oldSha: null }
      )
    } else if (letter === 'A') out.push({ ...base, path, status: 'added' })
    else if (letter === 'D') out.push({ ...base, path, status: 'deleted' })
    else out.push({ ...base, path, status: 'modified' })
  }
  return out
}

export interface LineCount {
  path: string
  /** Null for binary files. */
  added: number | null
  removed: number | null
}

/** Parses `git diff-tree -r -z --numstat [-M]` output (a rename counts under its new path). */
export function parseNumstat(text: string): LineCount[] {
  const fields = text.split('\0')
  const out: LineCount[] = []
  for (let i = 0; i < fields.length; i++) {
    const m = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(fields[i]!)
    if (!m) continue
    let path = m[3]!
    // A rename: "a\tr\t" then the old and the new path as separate fields.
    if (path === '') {
      i += 2
      path = fields[i] ?? ''
    }
    out.push({
      path,
      added: m[1] === '-' ? null : Number(m[1]),
      removed: m[2] === '-' ? null : Number(m[2])
    })
  }
  return out
}

/** Lines added and deleted per file between two commits (binary files count none), renames not followed. */
export async function diffStat(git: Git, from: string, to: string): Promise<DiffStat> {
  const out = await git.read(['diff', '--numstat', '-z', '--no-renames', from, to, '--'])
  return {
    files: parseNumstat(out).map(c => ({
      path: c.path,
      added: c.added ?? 0,
      deleted: c.removed ?? 0,
      ...(c.added === null ? { binary: true } : {})
    }))
  }
}

/** Limits of the patch text read for the skip and deleted-test checks. */
export const PATCH_LIMITS = { linesPerFile: 5000, totalLines: 50_000, pathsPerCommand: 200 }

/** Paths whose patch is worth reading: text files with few enough changed lines, up to a total. */
export function patchPaths(counts: LineCount[], limits = PATCH_LIMITS): string[] {
  const picked: string[] = []
  let total = 0
  for (const c of counts) {
    if (c.added === null || c.removed === null) continue
    const lines = c.added + c.removed
    if (lines === 0 || lines > limits.linesPerFile || total + lines > limits.totalLines) continue
    picked.push(c.path)
    total += lines
  }
  return picked
}

/** The patches of `paths` between two trees, a batch of paths per command. */
export async function patches(git: Git, from: string, to: string, paths: string[]): Promise<string> {
  const parts: string[] = []
  for (let i = 0; i < paths.length; i += PATCH_LIMITS.pathsPerCommand) {
    const batch = paths.slice(i, i + PATCH_LIMITS.pathsPerCommand)
    const r = await git.exec([
      '--literal-pathspecs',
      'diff-tree',
      '-r',
      '-p',
      '-M',
      '--no-color',
      '--no-ext-diff',
      '--no-textconv',
      from,
      to,
      '--',
      ...batch
    ])
    parts.push(r.stdout)
  }
  return parts.join('')
}

/** The raw changes and line counts between two tree-ishes. */
export async function treeChanges(
  git: Git,
  from: string,
  to: string
): Promise<{ raw: RawChange[]; counts: LineCount[] }> {
  const common = ['diff-tree', '-r', '-z', '-M', '--no-ext-diff', '--no-textconv', from, to]
  const [raw, counts] = await Promise.all([
    git.exec([...common.slice(0, 3), '--raw', '--no-abbrev', ...common.slice(3)]),
    git.exec([...common.slice(0, 3), '--numstat', ...common.slice(3)])
  ])
  return { raw: parseRaw(raw.stdout), counts: parseNumstat(counts.stdout) }
}

/** Blobs by sha, from one `git cat-file --batch` kept open. */
export class BlobReader {
  private child: ChildProcess | null = null
  private buffer = Buffer.alloc(0)
  private waiting: ((b: Buffer | null) => void) | null = null
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly git: Git) {}

  read(sha: string): Promise<Buffer> {
    const next = this.queue.then(() => this.fetch(sha))
    this.queue = next.catch(() => undefined)
    return next
  }

  close(): void {
    this.child?.stdin?.end()
    this.child = null
  }

  private async fetch(sha: string): Promise<Buffer> {
    if (!this.child) {
      this.child = this.git.start(['cat-file', '--batch'])
      this.child.stdout!.on('data', (b: Buffer) => {
        this.buffer = Buffer.concat([this.buffer, b])
        this.waiting?.(this.buffer)
      })
      this.child.stdin!.on('error', () => undefined)
      this.child.on('close', () => {
        this.child = null
        this.waiting?.(null)
      })
    }
    this.child.stdin!.write(`${sha}\n`)
    const header = await this.until(buf => {
      const nl = buf.indexOf(10)
      return nl >= 0 ? nl : null
    })
    const line = this.buffer.subarray(0, header).toString('utf8')
    const size = Number(/^\S+ \S+ (\d+)$/.exec(line)?.[1] ?? NaN)
    if (!Number.isFinite(size)) {
      this.buffer = this.buffer.subarray(header + 1)
      throw new Error(`git cat-file could not read ${sha}: ${line}`)
    }
    await this.until(buf => (buf.length >= header + 1 + size + 1 ? 0 : null))
    const blob = Buffer.from(this.buffer.subarray(header + 1, header + 1 + size))
    this.buffer = this.buffer.subarray(header + 1 + size + 1)
    return blob
  }

  private until(ready: (buf: Buffer) => number | null): Promise<number> {
    const now = ready(this.buffer)
    if (now !== null) return Promise.resolve(now)
    return new Promise((resolve, reject) => {
      this.waiting = buf => {
        if (buf === null) return reject(new Error('git cat-file --batch ended early'))
        const r = ready(buf)
        if (r !== null) {
          this.waiting = null
          resolve(r)
        }
      }
    })
  }
}
