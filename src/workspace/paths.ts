/**
 * Keeps the built-in file tools inside the workspace (issue 5, "Files"): `..` escapes, absolute paths
 * elsewhere, symlinks that lead out, and git's own files are refused.
 */
import { realpath } from 'node:fs/promises'
import path from 'node:path'
import { GuardError } from '../errors.js'

/** True when `child` is `parent` or below it (both absolute, normalised). */
export function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/** The real path of the deepest existing ancestor of `p`, with the missing tail appended. */
async function realpathOfExisting(p: string): Promise<string> {
  const missing: string[] = []
  let current = p
  for (;;) {
    try {
      const real = await realpath(current)
      return path.join(real, ...missing.reverse())
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e
      const parent = path.dirname(current)
      if (parent === current) return p
      missing.push(path.basename(current))
      current = parent
    }
  }
}

/**
 * The absolute real path of `requested` (relative to `root`, or absolute inside it), or a GuardError.
 * Symlinks are resolved through the deepest existing ancestor, so a link to `/etc` is refused even when
 * the file below it does not exist yet. `.git` internals are refused: a hook or config written there runs
 * with the action's credentials at the next git command.
 */
export async function resolveInside(root: string, requested: string): Promise<string> {
  if (requested.includes('\0'))
    throw new GuardError(
      `Path "${requested.replace(/\0/g, '\\0')}" contains a NUL byte; give a plain path inside the repository.`
    )
  const realRoot = await realpath(root)
  const lexical = path.resolve(realRoot, requested)
  if (!isWithin(realRoot, lexical) && !isWithin(path.resolve(root), path.resolve(root, requested))) {
    throw new GuardError(
      `Path "${requested}" is outside the repository; use a path relative to the repository root, without "..".`
    )
  }
  const real = await realpathOfExisting(path.resolve(root, requested))
  if (!isWithin(realRoot, real)) {
    throw new GuardError(
      `Path "${requested}" leads outside the repository (it resolves to "${real}" through a symlink); only files inside the repository can be used.`
    )
  }
  const rel = path.relative(realRoot, real)
  if (rel.split(path.sep)[0] === '.git') {
    throw new GuardError(
      `Path "${requested}" is inside .git; git's own files are not editable by the agent. Change the working tree only.`
    )
  }
  return real
}

/** Repository-relative, forward-slash form of an absolute path inside `realRoot`. */
export function toRepoPath(realRoot: string, absolute: string): string {
  return path.relative(realRoot, absolute).split(path.sep).join('/')
}
