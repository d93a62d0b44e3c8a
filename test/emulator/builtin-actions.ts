/** The actions the runner knows without downloading them: `actions/checkout` and `actions/setup-*`. */
import { git } from './git-exec.js'
import type { JobLog } from './log-writer.js'
import type { RepoStore, Run } from './model.js'

/** `actions/checkout` clones the ref; `actions/setup-*` only log (the machine's tools are used). */
export async function runBuiltin(
  uses: string,
  withs: Record<string, unknown>,
  repo: RepoStore,
  run: Run,
  workspace: string,
  log: JobLog,
  gitEnv: NodeJS.ProcessEnv
): Promise<number> {
  log.group(`Run ${uses}`, ['with:', ...Object.entries(withs).map(([k, v]) => `  ${k}: ${String(v)}`)])
  if (/^actions\/checkout@/.test(uses)) {
    log.line(`Syncing repository: ${repo.fullName}`)
    log.group('Getting Git version info', [
      "Working directory is '" + workspace + "'",
      '[command]/usr/bin/git version'
    ])
    // --shared borrows the bare repository's objects instead of copying them: a clone in milliseconds.
    const r = await git(['clone', '--quiet', '--shared', '--no-checkout', repo.bareDir, workspace], {
      env: gitEnv,
      allowFailure: true
    })
    const c =
      r.code === 0
        ? await git(['-C', workspace, 'checkout', '--quiet', '--detach', run.headSha], {
            env: gitEnv,
            allowFailure: true
          })
        : r
    log.group('Checking out the ref', [
      `[command]/usr/bin/git checkout --progress --force ${run.headSha}`,
      c.stderr.trim() || `HEAD is now at ${run.headSha.slice(0, 7)}`
    ])
    return c.code
  }
  if (/^actions\/setup-/.test(uses)) {
    log.line(
      `Found in cache @ /opt/hostedtoolcache (emulator uses the machine's ${uses.replace(/^actions\/setup-|@.*$/g, '')})`
    )
    return 0
  }
  log.error(
    `The emulator does not run the action ${uses}: only actions/checkout and actions/setup-* are built in.`
  )
  return 1
}
