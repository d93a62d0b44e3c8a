/**
 * The CI port on this machine: a shell command run against the pushed commit.
 *
 * Each dispatch checks the commit out in its own temporary worktree (`git worktree add --detach`),
 * so the CI sees exactly what was committed (not the agent's uncommitted files) and the repository's
 * own checkout is never touched. The command runs with `bash -c` in its own process group, its
 * stdout and stderr go to one log file, and the log is parsed by the same feedback stage as GitHub's.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  reserved,
  type CI,
  type CiScope,
  type CollectedFailures,
  type FailureOptions,
  type RunRef,
  type RunResult
} from '../ci/types.js'
import { NightshiftError, SetupError } from '../errors.js'
import { analyze } from '../feedback/index.js'
import { DEFAULT_BUDGET } from '../feedback/render.js'
import { systemClock, type Clock } from '../clock.js'
import { Git } from '../workspace/git.js'
import { agentEnv } from '../workspace/sandbox-env.js'

export interface LocalCiOptions {
  /** The repository whose commits are tested. */
  repo: string
  /** The CI command, run with `bash -c` at the worktree's root (e.g. `npm test`). */
  command: string
  /** A different command for the final, full run; default: `command`. */
  fullCommand?: string
  /** Where the run logs are written (`run-<id>-<scope>.log`). */
  logDir: string
  /** The command's own time limit; past it the run ends as `timed_out` (default: none). */
  timeoutMs?: number
  /** Budget of the feedback text in characters (default: the feedback stage's). */
  feedbackChars?: number
  /**
   * The environment the command's own is built from (default `process.env`): the agent's scrubbed one (the
   * CI runs the agent's code), plus `CI=true`. Git commands of this port use it as it is.
   */
  env?: NodeJS.ProcessEnv
  /**
   * The agent's sandbox: the CI runs the agent's code, so it runs there too (its worktree handed over
   * first). Without it the command runs as this process's user with the scrubbed environment only.
   */
  sandbox?: { wrap(argv: string[]): string[]; handOver(dir: string): Promise<void> }
  clock?: Clock
  log?: (line: string) => void
}

/** The name the command's "job" gets in results and feedback. */
export const LOCAL_JOB = 'local CI'

interface LocalRun {
  ref: RunRef
  scope: CiScope
  command: string
  sha: string
  logPath: string
  worktree: string
  startedAt: number
  child: ChildProcess
  done: Promise<number | null>
  timedOut: boolean
  /** Set when the command and every process holding its output have ended. */
  closed: { value: boolean }
  result?: RunResult
}

/** A lock or requirements file, and the command that installs what it names. */
const INSTALLERS: Record<string, string> = {
  'package-lock.json': 'npm ci',
  'npm-shrinkwrap.json': 'npm ci',
  'yarn.lock': 'yarn install --frozen-lockfile',
  'pnpm-lock.yaml': 'pnpm install --frozen-lockfile',
  'requirements.txt': 'pip install -r requirements.txt',
  'poetry.lock': 'poetry install',
  'uv.lock': 'uv sync',
  'package.json': 'npm install'
}

/** The runner's name for a `run:` step: `Run` and the script's first line. */
function stepName(command: string): string {
  return `Run ${command.trim().split('\n')[0]}`
}

/** Grace between SIGTERM and SIGKILL when a run is stopped. */
const KILL_GRACE_MS = 1000

export class LocalCi implements CI {
  private readonly runs = new Map<number, LocalRun>()
  private readonly git: Git
  private readonly clock: Clock
  private readonly log: (line: string) => void
  private nextId = 1

  constructor(private readonly options: LocalCiOptions) {
    this.git = new Git({ dir: resolve(options.repo), env: options.env })
    this.clock = options.clock ?? systemClock
    this.log = options.log ?? (() => undefined)
  }

  async preflight(): Promise<void> {
    if (!this.options.command.trim()) {
      throw new SetupError(
        'The local CI command is empty; pass the command that tests the repository, e.g. --ci "npm test".'
      )
    }
    const inside = await this.git.exec(['rev-parse', '--is-inside-work-tree'], { allowFailure: true })
    if (inside.stdout.trim() !== 'true') {
      throw new SetupError(
        `"${this.options.repo}" is not a git working tree; expected the folder of a git repository.`
      )
    }
  }

  /** One command for both scopes: a green fast run on an unmoved base needs no second run. */
  fastIsFull(): boolean {
    return this.options.fullCommand === undefined || this.options.fullCommand === this.options.command
  }

  async dispatch(ref: string, scope: CiScope): Promise<RunRef> {
    const sha = await this.git.read(['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`])
    const id = this.nextId++
    await mkdir(this.options.logDir, { recursive: true })
    const logPath = join(resolve(this.options.logDir), `run-${id}-${scope}.log`)
    const worktree = await mkdtemp(join(tmpdir(), 'nightshift-ci-'))
    await this.git.exec(['worktree', 'add', '--detach', '--quiet', worktree, sha])
    const command =
      scope === 'full' ? (this.options.fullCommand ?? this.options.command) : this.options.command
    const out = createWriteStream(logPath)
    // Written as the runner writes a `run:` step, so the feedback stage reads a local run as it reads
    // a job on GitHub: the step, its output, and how it ended.
    out.write(`##[group]${stepName(command)}\n${command}\n##[endgroup]\n`)
    const bash = ['bash', '--norc', '--noprofile', '-c', command]
    await this.options.sandbox?.handOver(worktree)
    const argv = this.options.sandbox ? this.options.sandbox.wrap(bash) : bash
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: worktree,
      env: {
        ...agentEnv(this.options.env ?? process.env, { names: [] }),
        CI: 'true',
        NIGHTSHIFT_CI_SCOPE: scope
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout stops the command and everything it started.
      detached: true
    })
    child.stdout?.pipe(out, { end: false })
    child.stderr?.pipe(out, { end: false })
    const closed = { value: false }
    const done = new Promise<number | null>(resolveDone => {
      child.on('error', e => {
        out.write(`nightshift: could not start bash: ${e.message}\n`)
      })
      child.on('close', code => {
        closed.value = true
        if (code) out.write(`\n##[error]Process completed with exit code ${code}.\n`)
        out.end(() => resolveDone(code))
      })
    })
    const runRef: RunRef = {
      id,
      url: pathToFileURL(logPath).href,
      correlationId: randomUUID(),
      workflow: 'local',
      ref
    }
    const run: LocalRun = {
      ref: runRef,
      scope,
      command,
      sha,
      logPath,
      worktree,
      startedAt: this.clock.now(),
      child,
      done,
      timedOut: false,
      closed
    }
    this.runs.set(id, run)
    if (this.options.timeoutMs) {
      const timer = setTimeout(() => void this.stop(run), this.options.timeoutMs)
      void done.then(() => clearTimeout(timer))
    }
    this.log(`CI run ${id} (${scope}) started on ${sha.slice(0, 12)}: ${command}`)
    return runRef
  }

  async wait(runRef: RunRef, deadline: number): Promise<RunResult> {
    const run = this.runs.get(runRef.id)
    if (!run)
      throw new NightshiftError(`Unknown local CI run ${runRef.id}; expected a run returned by dispatch().`)
    if (run.result) return run.result
    let timer: NodeJS.Timeout | undefined
    const expired = new Promise<'expired'>(
      r => (timer = setTimeout(() => r('expired'), Math.max(0, deadline - this.clock.now())))
    )
    const first = await Promise.race([run.done, expired])
    clearTimeout(timer)
    if (first === 'expired') await this.stop(run)
    const exitCode = await run.done
    await this.git.exec(['worktree', 'remove', '--force', run.worktree], { allowFailure: true })
    await rm(run.worktree, { recursive: true, force: true })
    const outcome = run.timedOut ? 'timed_out' : exitCode === 0 ? 'success' : 'failure'
    run.result = {
      run: runRef,
      outcome,
      conclusion: outcome,
      headSha: run.sha,
      durationMs: this.clock.now() - run.startedAt,
      failedJobs:
        outcome === 'success'
          ? []
          : [
              {
                id: runRef.id,
                name: LOCAL_JOB,
                conclusion: outcome,
                failedSteps: [stepName(run.command)],
                url: runRef.url
              }
            ]
    }
    this.log(
      `CI run ${runRef.id}: ${outcome}${exitCode !== null && outcome !== 'success' ? ` (exit ${exitCode})` : ''}; log ${run.logPath}`
    )
    return run.result
  }

  async failures(result: RunResult, options: FailureOptions = {}): Promise<CollectedFailures> {
    const run = this.runs.get(result.run.id)
    if (!run || result.outcome === 'success') return { failures: [], feedback: '' }
    const budget = this.options.feedbackChars ?? DEFAULT_BUDGET
    const room = reserved(budget, options.reserveChars)
    const analyzed = await analyze([{ name: LOCAL_JOB, content: createReadStream(run.logPath) }], {
      budgetChars: budget - room,
      failedSteps: { [LOCAL_JOB]: [stepName(run.command)] },
      workspace: run.worktree,
      ...(options.omit ? { omit: options.omit } : {})
    })
    return room ? { ...analyzed, room } : analyzed
  }

  /** Runs the command again on the same commit: what re-running failed jobs is on GitHub. */
  async rerunFailed(result: RunResult): Promise<RunRef> {
    const run = this.runs.get(result.run.id)
    if (!run)
      throw new NightshiftError(
        `Unknown local CI run ${result.run.id}; expected a run returned by dispatch().`
      )
    const again = await this.dispatch(run.sha, run.scope)
    return { ...again, ref: run.ref.ref }
  }

  /**
   * The command runs in a clean worktree of the commit, as CI does on GitHub: what git does not track
   * (node_modules, a virtual environment, build output) is not there, so the command must install it.
   */
  async setupAdvice(): Promise<string> {
    const tracked = new Set(
      (await this.git.exec(['ls-files', '--', ...Object.keys(INSTALLERS)], { allowFailure: true })).stdout
        .split('\n')
        .map(l => l.trim())
    )
    const install = Object.entries(INSTALLERS).find(([file]) => tracked.has(file))?.[1]
    const example = install ? `--ci "${install} && ${this.options.command.replace(/"/g, '\\"')}"` : null
    return [
      `The CI command runs in a clean worktree of the commit, like CI on GitHub: files git does not track (node_modules, a virtual environment, build output) are not there.`,
      example
        ? `Install the dependencies in the command itself, e.g. ${example}.`
        : 'Make the command install what it needs first (e.g. "npm ci && npm test", "pip install -r requirements.txt && pytest").'
    ].join(' ')
  }

  /** The log file of a run (for the report and for people). */
  logPath(runId: number): string | null {
    return this.runs.get(runId)?.logPath ?? null
  }

  /** Stops every unfinished run and removes its worktree. */
  async close(): Promise<void> {
    for (const run of this.runs.values()) {
      if (!run.result) await this.wait(run.ref, 0)
    }
  }

  private async stop(run: LocalRun): Promise<void> {
    if (run.closed.value || !run.child.pid) return
    run.timedOut = true
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-(run.child.pid as number), signal)
      } catch {
        // Already gone.
      }
    }
    kill('SIGTERM')
    const grace = setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS)
    await run.done
    clearTimeout(grace)
  }
}
