/**
 * git run by the agent, in its own sandbox, on its own disposable `.git` (the built-in engine's search,
 * and the files an attempt changed for the engines' summaries). It is the one runner of git.ts with its
 * one hardening, placed in the sandbox: the agent's config cannot make it start a program (a hook,
 * fsmonitor, an external diff, a filter), and a command that hangs or prints without end is stopped.
 * The action's own judgement of an attempt comes later, from its own index (Workspace.snapshot).
 */
import { Git } from './git.js'

/** Where the agent's commands run: its sandbox's wrapper and the environment the sandbox adds. */
export interface AgentPlace {
  wrap(argv: string[]): string[]
  env: Record<string, string>
}

const STATUS_TIMEOUT_MS = 30_000

/** git in the working tree `dir`, as the agent, with `env` (the agent's scrubbed environment) as its base. */
export function agentGit(dir: string, place: AgentPlace, env: Record<string, string>): Git {
  return new Git({ dir, wrap: argv => place.wrap(argv), env, fixedEnv: place.env, agentRepository: true })
}

/** Repository-relative paths with uncommitted changes, untracked files included (renames: the new path). */
export async function changedFiles(git: Git): Promise<string[]> {
  const r = await git.exec(['status', '--porcelain=v1', '-z', '--untracked-files=all'], {
    allowFailure: true,
    timeoutMs: STATUS_TIMEOUT_MS,
    maxOutputBytes: 4_000_000
  })
  return r.exitCode === 0 ? parseStatus(r.stdout) : []
}

/** `git status --porcelain=v1 -z`: `XY path`, a rename or copy followed by its old path as a record of its own. */
export function parseStatus(out: string): string[] {
  const records = out.split('\0')
  const files: string[] = []
  for (let i = 0; i < records.length; i++) {
    const rec = records[i]!
    if (rec.length < 4) continue
    files.push(rec.slice(3))
    if (rec[0] === 'R' || rec[0] === 'C') i++
  }
  return [...new Set(files)].sort()
}

export interface GrepResult {
  /** Matching lines as `path:line:text`; empty when none matched. */
  lines: string[]
  /** Set when git failed: its message. */
  error: string | null
  /** The output was cut at the byte limit: more lines matched. */
  truncated: boolean
}

/** `git grep` of the working tree (untracked files too) for a fixed string or an extended regex. */
export async function grep(
  git: Git,
  pattern: string,
  where: string,
  options: { regex: boolean; timeoutMs: number; maxOutputBytes: number }
): Promise<GrepResult> {
  const r = await git.exec(
    [
      'grep',
      '-n',
      '-I',
      '--untracked',
      '--no-color',
      options.regex ? '-E' : '-F',
      '-e',
      pattern,
      '--',
      where
    ],
    { allowFailure: true, timeoutMs: options.timeoutMs, maxOutputBytes: options.maxOutputBytes }
  )
  const lines = r.stdout.split('\n').filter(Boolean)
  if (r.truncated) return { lines: lines.slice(0, -1), error: null, truncated: true }
  if (r.exitCode === 1 && !r.stderr.trim()) return { lines: [], error: null, truncated: false }
  if (r.exitCode !== 0) return { lines: [], error: r.stderr.trim() || `exit ${r.exitCode}`, truncated: false }
  return { lines, error: null, truncated: false }
}
