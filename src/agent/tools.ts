/**
 * The built-in engine's tools. Files are read and written by the agent's file helper, a process inside
 * the agent's sandbox (workspace/agent-files.ts), never by the action itself: a folder swapped for a
 * symlink between a check and a use leads only where the agent could go anyway. Search and commands run
 * in the sandbox too. Writes to protected paths are refused here already (the workspace's judge refuses
 * them again after the attempt, for changes made by commands). A thrown error becomes a tool error the
 * model reads, and the attempt goes on.
 */
import path from 'node:path'
import { tool } from 'ai'
import { z } from 'zod'
import { GuardError } from '../errors.js'
import type { AgentFiles } from '../workspace/agent-files.js'
import { agentGit, grep } from '../workspace/agent-git.js'
import { compileProtected } from '../workspace/glob.js'
import { runCommand } from './run-process.js'

export interface ToolContext {
  /** Real path of the workspace. */
  root: string
  protectedPaths: string[]
  /** The agent's files, through its helper. */
  files: AgentFiles
  /** The scrubbed environment for commands. */
  env: Record<string, string>
  /** Default and maximum command timeout. */
  commandTimeoutMs: number
  /** Wraps a command's argv into the agent's sandbox. */
  wrap: (argv: string[]) => string[]
  /** What the sandbox adds to the environment (git's `safe.directory` for a tree the agent does not own). */
  sandboxEnv: Record<string, string>
  /** Set by `finish`. */
  finished: { summary: string } | null
  log: (line: string) => void
}

const READ_LIMIT = 60000
/** Bytes of a file read_file loads at most (the lines shown are cut to READ_LIMIT characters). */
const READ_BYTES = 4 * 1024 * 1024

async function writable(ctx: ToolContext, requested: string): Promise<string> {
  const rel = await ctx.files.resolve(requested)
  const glob = compileProtected(ctx.protectedPaths)(rel)
  if (glob !== null)
    throw new GuardError(
      `"${rel}" is protected by "${glob}"; changes there are refused. Leave it as it is and say in your summary what a human should change.`
    )
  return rel
}

/** Matching lines the search shows at most, each cut to 300 characters. */
const GREP_LINES = 200

async function search(ctx: ToolContext, pattern: string, where: string, regex: boolean): Promise<string> {
  const r = await grep(agentGit(ctx.root, { wrap: ctx.wrap, env: ctx.sandboxEnv }, ctx.env), pattern, where, {
    regex,
    timeoutMs: Math.min(60_000, ctx.commandTimeoutMs),
    maxOutputBytes: 200_000
  })
  if (r.error !== null) return `search failed: ${r.error}`
  if (r.lines.length === 0) return '(no matches)'
  const shown = r.lines.slice(0, GREP_LINES).map(l => (l.length > 300 ? `${l.slice(0, 300)}…` : l))
  const more = r.lines.length - shown.length
  return r.truncated || more > 0
    ? `${shown.join('\n')}\n[${r.truncated ? 'more' : more} more matches; narrow the search]`
    : shown.join('\n')
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
      execute: async ({ path: p, depth }) => {
        const entries = await ctx.files.list(p, depth)
        return entries.length >= 500
          ? `${entries.join('\n')}\n[listing stopped at 500 entries; list a subfolder]`
          : entries.join('\n') || '(empty)'
      }
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
        const file = await ctx.files.read(p, READ_BYTES)
        const lines = file.text.split('\n')
        const from = start_line ?? 1
        const to = Math.min(end_line ?? lines.length, lines.length)
        let text = lines
          .slice(from - 1, to)
          .map((l, i) => `${from + i}\t${l}`)
          .join('\n')
        if (text.length > READ_LIMIT)
          text = `${text.slice(0, READ_LIMIT)}\n[truncated; read a smaller line range]`
        const cut = file.truncated ? ` (only the first ${READ_BYTES} bytes of ${file.size} were read)` : ''
        return `${p} (lines ${from}-${to} of ${lines.length})${cut}\n${text}`
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
        search(ctx, pattern, (await ctx.files.resolve(p)) || '.', regex)
    }),
    edit_file: tool({
      description:
        'Replace old_text with new_text in a file. old_text must occur exactly once; include surrounding lines to make it unique.',
      inputSchema: z.object({ path: z.string(), old_text: z.string().min(1), new_text: z.string() }),
      execute: async ({ path: p, old_text, new_text }) => {
        await ctx.files.edit(await writable(ctx, p), old_text, new_text)
        return `edited ${p}`
      }
    }),
    write_file: tool({
      description: 'Create or overwrite a file with the given content.',
      inputSchema: z.object({ path: z.string(), content: z.string() }),
      execute: async ({ path: p, content }) => {
        await ctx.files.write(await writable(ctx, p), content)
        return `wrote ${p} (${content.length} characters)`
      }
    }),
    delete_file: tool({
      description: 'Delete a file.',
      inputSchema: z.object({ path: z.string() }),
      execute: async ({ path: p }) => {
        const rel = await writable(ctx, p)
        if (!(await ctx.files.isFile(rel))) throw new Error(`${p} is not a file.`)
        await ctx.files.remove(rel)
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
        const dir = path.join(ctx.root, await ctx.files.resolve(cwd))
        const timeoutMs = Math.min((timeout_seconds ?? Infinity) * 1000, ctx.commandTimeoutMs)
        ctx.log(`$ ${command}`)
        const r = await runCommand(command, {
          cwd: dir,
          env: ctx.env,
          timeoutMs,
          maxOutput: 12000,
          wrap: ctx.wrap
        })
        const status = r.outputCapped
          ? 'stopped: it printed too much (write the output to a file and read a part of it)'
          : r.timedOut
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
