/**
 * The built-in engine's tools (issue 5). Every path goes through `resolveInside`; writes to protected
 * paths are refused here already (the guard refuses them again before push, for changes made by commands).
 * A thrown error becomes a tool error the model reads, and the attempt goes on.
 */
import { execFile } from 'node:child_process'
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { tool } from 'ai'
import { z } from 'zod'
import { GuardError } from '../errors.js'
import { matchProtected } from '../workspace/glob.js'
import { resolveInside, toRepoPath } from '../workspace/paths.js'
import { runCommand } from './run-process.js'

export interface ToolContext {
  /** Real path of the workspace. */
  root: string
  protectedPaths: string[]
  /** The scrubbed environment for commands. */
  env: Record<string, string>
  /** Default and maximum command timeout. */
  commandTimeoutMs: number
  argvPrefix?: string[]
  /** Set by `finish`. */
  finished: { summary: string } | null
  log: (line: string) => void
}

const SKIP_DIRS = new Set(['.git', 'node_modules'])
const READ_LIMIT = 60000

async function writable(ctx: ToolContext, requested: string): Promise<string> {
  const abs = await resolveInside(ctx.root, requested)
  const rel = toRepoPath(ctx.root, abs)
  const glob = matchProtected(rel, ctx.protectedPaths)
  if (glob !== null)
    throw new GuardError(
      `"${rel}" is protected by "${glob}"; changes there are refused. Leave it as it is and say in your summary what a human should change.`
    )
  return abs
}

async function listFiles(ctx: ToolContext, dir: string, depth: number): Promise<string> {
  const start = await resolveInside(ctx.root, dir)
  const out: string[] = []
  const walk = async (d: string, level: number): Promise<void> => {
    const items = (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))
    for (const item of items) {
      if (out.length >= 500) return
      if (SKIP_DIRS.has(item.name)) continue
      const rel = toRepoPath(ctx.root, path.join(d, item.name))
      out.push(item.isDirectory() ? `${rel}/` : rel)
      if (item.isDirectory() && level < depth) await walk(path.join(d, item.name), level + 1)
    }
  }
  await walk(start, 1)
  return out.length >= 500
    ? `${out.join('\n')}\n[listing stopped at 500 entries; list a subfolder]`
    : out.join('\n') || '(empty)'
}

function gitGrep(ctx: ToolContext, pattern: string, where: string, regex: boolean): Promise<string> {
  const args = [
    '-c',
    'core.hooksPath=/dev/null',
    'grep',
    '-n',
    '-I',
    '--untracked',
    '--no-color',
    regex ? '-E' : '-F',
    '-e',
    pattern,
    '--',
    where
  ]
  return new Promise(resolve => {
    execFile(
      'git',
      args,
      { cwd: ctx.root, env: ctx.env, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : 0
        if (code === 1) return resolve('(no matches)')
        if (error) return resolve(`search failed: ${stderr.trim() || error.message}`)
        const lines = stdout.split('\n').filter(Boolean)
        const shown = lines.slice(0, 200).map(l => (l.length > 300 ? `${l.slice(0, 300)}…` : l))
        resolve(
          lines.length > 200
            ? `${shown.join('\n')}\n[${lines.length - 200} more matches; narrow the search]`
            : shown.join('\n')
        )
      }
    )
  })
}

export function createTools(ctx: ToolContext) {
  return {
    list_files: tool({
      description:
        'List files and folders (folders end with /) under a path of the repository, skipping .git and node_modules.',
      inputSchema: z.object({
        path: z.string().default('.'),
        depth: z.number().int().min(1).max(6).default(2)
      }),
      execute: async ({ path: p, depth }) => listFiles(ctx, p, depth)
    }),
    read_file: tool({
      description:
        'Read a text file, with line numbers. Give start_line and end_line (1-based, inclusive) for a part of a large file.',
      inputSchema: z.object({
        path: z.string(),
        start_line: z.number().int().min(1).optional(),
        end_line: z.number().int().min(1).optional()
      }),
      execute: async ({ path: p, start_line, end_line }) => {
        const lines = (await readFile(await resolveInside(ctx.root, p), 'utf8')).split('\n')
        const from = start_line ?? 1
        const to = Math.min(end_line ?? lines.length, lines.length)
        let text = lines
          .slice(from - 1, to)
          .map((l, i) => `${from + i}\t${l}`)
          .join('\n')
        if (text.length > READ_LIMIT)
          text = `${text.slice(0, READ_LIMIT)}\n[truncated; read a smaller line range]`
        return `${p} (lines ${from}-${to} of ${lines.length})\n${text}`
      }
    }),
    search_text: tool({
      description:
        'Search the repository for text (git grep). Set regex to true for an extended regular expression.',
      inputSchema: z.object({
        pattern: z.string().min(1),
        path: z.string().default('.'),
        regex: z.boolean().default(false)
      }),
      execute: async ({ pattern, path: p, regex }) =>
        gitGrep(ctx, pattern, toRepoPath(ctx.root, await resolveInside(ctx.root, p)) || '.', regex)
    }),
    edit_file: tool({
      description:
        'Replace old_text with new_text in a file. old_text must occur exactly once; include surrounding lines to make it unique.',
      inputSchema: z.object({ path: z.string(), old_text: z.string().min(1), new_text: z.string() }),
      execute: async ({ path: p, old_text, new_text }) => {
        const abs = await writable(ctx, p)
        const text = await readFile(abs, 'utf8')
        const count = text.split(old_text).length - 1
        if (count !== 1)
          throw new Error(
            `old_text occurs ${count} times in ${p}; it must occur exactly once. ${count === 0 ? 'Read the file again and copy the text exactly.' : 'Include more surrounding lines.'}`
          )
        await writeFile(
          abs,
          text.replace(old_text, () => new_text)
        )
        return `edited ${p}`
      }
    }),
    write_file: tool({
      description: 'Create or overwrite a file with the given content.',
      inputSchema: z.object({ path: z.string(), content: z.string() }),
      execute: async ({ path: p, content }) => {
        const abs = await writable(ctx, p)
        await mkdir(path.dirname(abs), { recursive: true })
        await writeFile(abs, content)
        return `wrote ${p} (${content.length} characters)`
      }
    }),
    delete_file: tool({
      description: 'Delete a file.',
      inputSchema: z.object({ path: z.string() }),
      execute: async ({ path: p }) => {
        const abs = await writable(ctx, p)
        if (!(await stat(abs)).isFile()) throw new Error(`${p} is not a file.`)
        await rm(abs)
        return `deleted ${p}`
      }
    }),
    run_command: tool({
      description:
        'Run a shell command (bash) in the repository, e.g. the tests. Output is truncated in the middle when long.',
      inputSchema: z.object({
        command: z.string().min(1),
        cwd: z.string().default('.'),
        timeout_seconds: z.number().int().min(1).optional()
      }),
      execute: async ({ command, cwd, timeout_seconds }) => {
        const dir = await resolveInside(ctx.root, cwd)
        const timeoutMs = Math.min((timeout_seconds ?? Infinity) * 1000, ctx.commandTimeoutMs)
        ctx.log(`$ ${command}`)
        const r = await runCommand(command, {
          cwd: dir,
          env: ctx.env,
          timeoutMs,
          maxOutput: 12000,
          argvPrefix: ctx.argvPrefix
        })
        const status = r.timedOut
          ? `timed out after ${Math.round(timeoutMs / 1000)}s (killed)`
          : `exit code ${r.exitCode ?? r.signal}`
        return `${status}\n${r.output}`
      }
    }),
    finish: tool({
      description: 'Finish the attempt with a short summary of what you changed and what is left open.',
      inputSchema: z.object({ summary: z.string() }),
      execute: async ({ summary }) => {
        ctx.finished = { summary }
        return 'ok'
      }
    })
  }
}
