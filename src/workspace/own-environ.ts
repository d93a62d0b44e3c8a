/**
 * Wipes this process's initial environment block, the one `/proc/<pid>/environ` shows.
 *
 * The runner starts the action with the token and the provider keys in its environment (`INPUT_*`,
 * `ACTIONS_RUNTIME_TOKEN`); any process of the same user can read that file, and an agent that shares
 * the action's user walks up its parents to it. Starting the work in a child with a clean environment
 * would not help: this process, its parent, would still show the block. So the variables are first
 * copied into memory the C library allocates (unset, then set again: `process.env` keeps every value),
 * then the original block is overwritten through `/proc/self/mem`, which a process may always write.
 * The values stay in this process's memory; reading that needs ptrace rights (another user, or a kernel
 * that limits ptrace between processes of one user, see Yama's ptrace_scope).
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs'

export interface ScrubResult {
  scrubbed: boolean
  /** Why not, when not. */
  reason?: string
}

/** Fields 50 and 51 of /proc/self/stat (Linux ≥ 3.5): where the environment block starts and ends. */
export function environBounds(stat: string): { start: number; end: number } | null {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // `rest` starts at field 3.
  const start = Number(rest[50 - 3])
  const end = Number(rest[51 - 3])
  return Number.isSafeInteger(start) && Number.isSafeInteger(end) && end > start ? { start, end } : null
}

export function scrubOwnEnviron(env: NodeJS.ProcessEnv = process.env): ScrubResult {
  if (process.platform !== 'linux') return { scrubbed: false, reason: 'not Linux' }
  try {
    const bounds = environBounds(readFileSync('/proc/self/stat', 'utf8'))
    if (!bounds) return { scrubbed: false, reason: 'the environment block is not in /proc/self/stat' }
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) continue
      delete env[name]
      env[name] = value
    }
    const fd = openSync('/proc/self/mem', 'r+')
    try {
      writeSync(fd, Buffer.alloc(bounds.end - bounds.start), 0, bounds.end - bounds.start, bounds.start)
    } finally {
      closeSync(fd)
    }
    const left = readFileSync('/proc/self/environ').some(b => b !== 0)
    return left ? { scrubbed: false, reason: '/proc/self/environ still shows data' } : { scrubbed: true }
  } catch (e) {
    return { scrubbed: false, reason: (e as Error).message }
  }
}
