/**
 * The ports for `nightshift local --repo DIR --task TEXT --ci CMD`: the loop runs on a plain local
 * repository, with a shell command as its CI, an in-memory forge that writes the report to a file,
 * and its state in JSON files. Everything it writes lives under `<git dir>/nightshift/` (outside the
 * working tree, so it never shows up in the agent's changes) unless `stateDir` says otherwise.
 */
import { join, resolve } from 'node:path'
import { SetupError } from '../errors.js'
import type { Clock } from '../clock.js'
import { createSandbox, type AgentUserSetting } from '../workspace/choose-sandbox.js'
import { Git, type GitIdentity } from '../workspace/git.js'
import type { GitWorkspace } from '../workspace/git-workspace.js'
import { hiddenFromAgent } from '../workspace/hidden-paths.js'
import type { AgentSandbox } from '../workspace/sandbox.js'
import { LocalCi } from './ci.js'
import { LocalForge } from './forge.js'
import { createFileStore } from '../state/stores.js'
import type { Store } from '../loop/ports.js'
import { createLocalWorkspace, localWorkFolder } from './workspace.js'

export { LocalCi, LOCAL_JOB, type LocalCiOptions } from './ci.js'
export { LocalForge, renderReport, type LocalForgeOptions, type LocalCheckRun } from './forge.js'
export { createLocalWorkspace, LOCAL_IDENTITY, type LocalWorkspaceOptions } from './workspace.js'

export interface LocalPortsOptions {
  /** The repository to work in. */
  repo: string
  /** The CI command (`--ci`), run with `bash -c` in a worktree of each tested commit. */
  ci: string
  /** A different command for the final full run (default: `ci`). */
  fullCi?: string
  /** Progress lines (e.g. `console.log`). */
  log: (line: string) => void
  /** Where logs, state and the report go (default `<git dir>/nightshift`). */
  stateDir?: string
  /** The CI command's time limit in ms (default: none). */
  ciTimeoutMs?: number
  /** Default `agent/`. */
  branchPrefix?: string
  identity?: GitIdentity
  feedbackChars?: number
  /** Where the agent runs (default `current`: this user, in namespaces where the kernel allows them). */
  agentUser?: AgentUserSetting
  env?: NodeJS.ProcessEnv
  clock?: Clock
}

export interface LocalPorts {
  ci: LocalCi
  forge: LocalForge
  store: Store
  workspace: GitWorkspace
  /** Runs the agent (and the CI command, unless the agent has a user of its own). */
  sandbox: AgentSandbox
  /** The repository's top-level folder. */
  repo: string
  /** Where the CI logs (`logs/`), the state (`state/`) and the report (`report.md`) are written. */
  stateDir: string
  reportFile: string
  /** Creating this file asks a running loop to stop. */
  stopFile: string
}

/** Checks that `repo` is a git repository with a commit and assembles the local ports on it. */
export async function createLocalPorts(options: LocalPortsOptions): Promise<LocalPorts> {
  const repo = resolve(options.repo)
  const git = new Git({ dir: repo, env: options.env })
  const top = await git.exec(['rev-parse', '--show-toplevel'], { allowFailure: true })
  if (top.exitCode !== 0) {
    throw new SetupError(
      `"${options.repo}" is not a git repository; run "git init" there and commit the project first.`
    )
  }
  if ((await git.exec(['rev-parse', '--verify', '--quiet', 'HEAD'], { allowFailure: true })).exitCode !== 0) {
    throw new SetupError(`The repository "${options.repo}" has no commit yet; commit the project first.`)
  }
  const dir = top.stdout.trim()
  const stateDir = options.stateDir
    ? resolve(options.stateDir)
    : join(resolve(dir, await git.read(['rev-parse', '--git-common-dir'])), 'nightshift')
  const reportFile = join(stateDir, 'report.md')
  const stopFile = join(stateDir, 'STOP')
  const gitDir = resolve(dir, await git.read(['rev-parse', '--git-common-dir']))
  const privateDir = join(stateDir, 'private')
  const workFolder = await localWorkFolder(dir)
  const sandbox = await createSandbox({
    agentUser: options.agentUser ?? 'current',
    workTree: workFolder,
    hidden: hiddenFromAgent({ privateDir: gitDir, home: (options.env ?? process.env).HOME }),
    path: (options.env ?? process.env).PATH ?? '/usr/local/bin:/usr/bin:/bin',
    log: options.log
  })
  const ci = new LocalCi({
    repo: dir,
    command: options.ci,
    fullCommand: options.fullCi,
    logDir: join(stateDir, 'logs'),
    timeoutMs: options.ciTimeoutMs,
    feedbackChars: options.feedbackChars,
    env: options.env,
    // The CI runs the agent's code: in the agent's sandbox, with the agent's scrubbed environment.
    sandbox,
    clock: options.clock,
    log: options.log
  })
  const forge = new LocalForge({
    reportFile,
    stopFile,
    log: options.log,
    clock: options.clock,
    // The branch lives in the repository itself: its head is what publishing compares with the judged commit.
    branchHead: async branch => {
      const r = await git.exec(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], {
        allowFailure: true
      })
      return r.exitCode === 0 ? r.stdout.trim() : null
    }
  })
  const store = createFileStore(join(stateDir, 'state'), { info: options.log, warning: options.log })
  const workspace = await createLocalWorkspace({
    repo: dir,
    dir: workFolder,
    privateDir,
    sandbox,
    identity: options.identity,
    branchPrefix: options.branchPrefix,
    log: options.log,
    env: options.env
  })
  return { ci, forge, store, workspace, sandbox, repo: dir, stateDir, reportFile, stopFile }
}
