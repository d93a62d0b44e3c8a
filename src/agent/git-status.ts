/**
 * The files an attempt changed, for the engines' summaries: `git status` run by the agent, in its own
 * sandbox, on its own `.git`. Whatever that repository's config makes git run (a planted fsmonitor or
 * filter) runs as the agent with the agent's environment, and a status that hangs is stopped. The
 * action's own judgement comes later, from its own index (Workspace.snapshot).
 */
import { runCommand } from './run-process.js'

const STATUS_TIMEOUT_MS = 30_000

/** Repository-relative paths with uncommitted changes, untracked files included (renames: the new path). */
export async function changedFiles(
  repoDir: string,
  sandbox: { wrap(argv: string[]): string[]; env: Record<string, string> }
): Promise<string[]> {
  const r = await runCommand('git status --porcelain=v1 -z --untracked-files=all', {
    cwd: repoDir,
    env: sandbox.env,
    timeoutMs: STATUS_TIMEOUT_MS,
    maxOutput: 4_000_000,
    wrap: argv => sandbox.wrap(argv)
  })
  if (r.exitCode !== 0) return []
  const records = r.stdout.split('\0')
  const files: string[] = []
  for (let i = 0; i < records.length; i++) {
    const rec = records[i]!
    if (rec.length < 4) continue
    files.push(rec.slice(3))
    // In -z mode a rename is followed by its old path as a separate record.
    if (rec[0] === 'R' || rec[0] === 'C') i++
  }
  return [...new Set(files)].sort()
}
