/**
 * The state one running job shares with its steps: paths, contexts, the job-wide environment that
 * `GITHUB_ENV` extends and the PATH entries `GITHUB_PATH` prepends, the `steps` context, the job's
 * status (what `success()`/`failure()` answer), the log and its output tools.
 */
import type { ChildProcess } from 'node:child_process'
import { delimiter } from 'node:path'
import type { EvalContext, Status, Value } from './expressions.js'
import type { JobOutputTools } from './workflow-commands.js'
import type { RunnerAccount } from './runner-user.js'
import type { JobPaths } from './runner-context.js'
import type { JobLog } from './log-writer.js'
import type { AnnotationCollector } from './annotations.js'

export type JobState = 'success' | 'failure' | 'cancelled'

export interface StepRecord {
  outputs: Record<string, string>
  outcome: 'success' | 'failure' | 'cancelled' | 'skipped'
  conclusion: 'success' | 'failure' | 'cancelled' | 'skipped'
}

/** A scope of steps: the job itself, or a composite action inside it (own `steps`, `inputs`). */
export interface StepScope {
  steps: Record<string, StepRecord>
  inputs?: Record<string, Value>
  /** `github.action_path` inside a composite action. */
  actionPath?: string
}

/** Where `actions/checkout` clones from. */
export interface CheckoutSource {
  fullName: string
  bareDir: string
  sha: string
  /** `origin` as a real checkout has it: `<server>/<owner>/<name>`. */
  url: string
  gitEnv: NodeJS.ProcessEnv
}

export interface JobRuntime {
  paths: JobPaths & { artifacts: string }
  source: CheckoutSource
  account: RunnerAccount
  /** Contexts that do not change during the job: github, inputs, vars, secrets, matrix, strategy, needs, runner, job. */
  contexts: Record<string, Value>
  /** Default step variables (GITHUB_*, RUNNER_*, HOME, PATH). */
  baseEnv: Record<string, string>
  /** Workflow and job `env:`, then whatever steps wrote to GITHUB_ENV. */
  env: Record<string, string>
  /** Entries from GITHUB_PATH, most recent first when building PATH. */
  prependPath: string[]
  defaults: { shell?: string; workingDirectory?: string }
  state: JobState
  tools: JobOutputTools & { log: JobLog; annotations: AnnotationCollector }
  /** Step summaries written to GITHUB_STEP_SUMMARY, in order. */
  summaries: string[]
  /** Fires when the job is cancelled or runs out of time. */
  signal: AbortSignal
  /** Whether `signal` fired because of the job's timeout (then nothing else runs). */
  timedOut(): boolean
  track(child: ChildProcess | null): void
  hashFiles(patterns: string[]): Promise<string>
  /** Runs a `uses:` step (action-steps.ts); injected to keep the step runner free of the action registry. */
  runAction(call: import('./action-steps.js').ActionCall): Promise<import('./action-steps.js').ActionResult>
}

export function statusOf(state: JobState): Status {
  return { success: state === 'success', failure: state === 'failure', cancelled: state === 'cancelled' }
}

/** The evaluation context of a step: the job's contexts, `env`, `steps` and `inputs` of its scope. */
export function stepContext(rt: JobRuntime, scope: StepScope, env: Record<string, string>): EvalContext {
  const contexts: Record<string, Value> = { ...rt.contexts, env, steps: scope.steps as unknown as Value }
  if (scope.inputs) contexts.inputs = scope.inputs
  if (scope.actionPath)
    contexts.github = { ...(rt.contexts.github as Record<string, Value>), action_path: scope.actionPath }
  return { contexts, status: statusOf(rt.state), hashFiles: p => rt.hashFiles(p) }
}

/** The environment a step's process gets: defaults, job env, step env, and PATH with GITHUB_PATH entries. */
export function processEnv(rt: JobRuntime, stepEnv: Record<string, string>): Record<string, string> {
  const env = { ...rt.baseEnv, ...rt.env, ...stepEnv }
  const base = stepEnv.PATH ?? rt.env.PATH ?? rt.baseEnv.PATH ?? ''
  env.PATH = [...rt.prependPath].reverse().concat(base).filter(Boolean).join(delimiter)
  return env
}
