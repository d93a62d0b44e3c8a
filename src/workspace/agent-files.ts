/**
 * File access on the agent's behalf, through a helper process that runs inside the agent's sandbox (as
 * the agent user, or in its namespaces). The built-in engine's file tools, the reading of AGENTS.md and
 * the workspace's own writes into the working tree all go through it, so none of them is done with the
 * action's privileges in a tree the agent controls: a symlink swapped in at the right moment leads only
 * where the agent could go itself.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { GuardError } from '../errors.js'
import { HELPER_SOURCE } from './agent-files-helper.js'

export interface AgentFiles {
  /** The real path of `path` inside the tree, repository-relative (symlinks resolved). */
  resolve(path: string): Promise<string>
  /** At most `max` bytes of a file as UTF-8. */
  read(path: string, max?: number): Promise<{ text: string; size: number; truncated: boolean }>
  write(path: string, content: string | Buffer, options?: { mode?: number; replace?: boolean }): Promise<void>
  symlink(path: string, target: string): Promise<void>
  /** Removes a file, a symlink (never its target) or, with `recursive`, a folder; false when absent. */
  remove(path: string, options?: { recursive?: boolean; git?: boolean }): Promise<boolean>
  /** Replaces the one occurrence of `oldText`. */
  edit(path: string, oldText: string, newText: string): Promise<void>
  /** Repository-relative entries (folders end in /), .git and node_modules skipped, at most 500. */
  list(path: string, depth: number): Promise<string[]>
  isFile(path: string): Promise<boolean>
  close(): Promise<void>
}

/** How the helper is started: the sandbox's wrapper and environment. */
export interface HelperLaunch {
  wrap(argv: string[]): string[]
  env: Record<string, string>
}

/** Bytes per write request: large blobs go in pieces, so no request holds a whole big file twice. */
const CHUNK = 4 * 1024 * 1024

interface Pending {
  resolve: (value: Record<string, unknown>) => void
  reject: (e: Error) => void
}

export function openAgentFiles(root: string, launch: HelperLaunch): AgentFiles {
  const argv = launch.wrap([process.execPath, '-e', HELPER_SOURCE, root])
  const child: ChildProcess = spawn(argv[0]!, argv.slice(1), {
    cwd: root,
    env: launch.env,
    stdio: ['pipe', 'pipe', 'pipe']
  })
  const pending = new Map<number, Pending>()
  let nextId = 1
  let stderr = ''
  let gone: Error | null = null
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)))
  createInterface({ input: child.stdout! }).on('line', line => {
    let msg: { id?: number; ok?: boolean; result?: Record<string, unknown>; error?: string }
    try {
      msg = JSON.parse(line) as typeof msg
    } catch {
      return
    }
    const p = pending.get(msg.id ?? -1)
    if (!p) return
    pending.delete(msg.id!)
    if (msg.ok) p.resolve(msg.result ?? {})
    else p.reject(new GuardError(msg.error ?? 'the file helper failed'))
  })
  const end = (e: Error) => {
    gone ??= e
    for (const p of pending.values()) p.reject(gone)
    pending.clear()
  }
  child.on('error', e => end(new Error(`Could not start the file helper: ${e.message}`)))
  child.on('exit', code =>
    end(new Error(`The file helper ended (exit ${code})${stderr ? `: ${stderr.trim()}` : ''}`))
  )
  child.stdin?.on('error', () => undefined)

  const call = (op: string, args: Record<string, unknown>): Promise<Record<string, unknown>> => {
    if (gone) return Promise.reject(gone)
    const id = nextId++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      child.stdin!.write(`${JSON.stringify({ id, op, ...args })}\n`)
    })
  }

  return {
    resolve: async p => String((await call('resolve', { path: p })).path),
    read: async (p, max) => {
      const r = await call('read', { path: p, max })
      return { text: String(r.text), size: Number(r.size), truncated: Boolean(r.truncated) }
    },
    async write(p, content, options = {}) {
      const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
      const force = options.replace ?? false
      for (let at = 0; at === 0 || at < data.length; at += CHUNK) {
        await call('write', {
          path: p,
          data: data.subarray(at, at + CHUNK).toString('base64'),
          append: at > 0,
          force,
          mode: options.mode
        })
      }
    },
    symlink: async (p, target) => void (await call('symlink', { path: p, target })),
    remove: async (p, options = {}) => Boolean((await call('remove', { path: p, ...options })).removed),
    edit: async (p, oldText, newText) => void (await call('edit', { path: p, old: oldText, new: newText })),
    list: async (p, depth) => (await call('list', { path: p, depth })).entries as string[],
    isFile: async p => Boolean((await call('isFile', { path: p })).file),
    close: () =>
      new Promise(resolve => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.stdin?.end()
        setTimeout(() => child.kill('SIGKILL'), 2000).unref()
      })
  }
}

/** The file helper's environment: nothing of the action's, the agent's folders and the sandbox's own. */
export function helperEnv(sandbox: {
  dirs: { home: string; tmp: string }
  env: Record<string, string>
}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: sandbox.dirs.home,
    TMPDIR: sandbox.dirs.tmp,
    LC_ALL: 'C.UTF-8',
    ...sandbox.env
  }
}
