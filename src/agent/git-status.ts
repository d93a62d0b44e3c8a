/** The files an attempt changed, from `git status` (the engines' `changedFiles`). */
import { execFile } from 'node:child_process'

/** Repository-relative paths with uncommitted changes, untracked files included (renames: the new path). */
export function changedFiles(repoDir: string): Promise<string[]> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    HOME: process.env.HOME ?? '/',
    LC_ALL: 'C'
  }
  return new Promise(resolve => {
    execFile(
      'git',
      // safe.directory: under `agent-user: unprivileged` the working tree belongs to the agent user
      // while the attempt runs, and git refuses a repository owned by someone else without it.
      [
        '-c',
        'core.hooksPath=/dev/null',
        '-c',
        `safe.directory=${repoDir}`,
        'status',
        '--porcelain=v1',
        '-z',
        '--untracked-files=all'
      ],
      { cwd: repoDir, env, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout) => {
        if (error) return resolve([])
        const records = stdout.split('\0')
        const files: string[] = []
        for (let i = 0; i < records.length; i++) {
          const r = records[i]
          if (r.length < 4) continue
          files.push(r.slice(3))
          // In -z mode a rename is followed by its old path as a separate record.
          if (r[0] === 'R' || r[0] === 'C') i++
        }
        resolve([...new Set(files)].sort())
      }
    )
  })
}
