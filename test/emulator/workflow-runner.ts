/**
 * Runs dispatched workflows: loads the workflow with GitHub's parser (workflow-file.ts), creates the
 * run, then schedules its jobs in the background (run-scheduler.ts); each job gets a fresh checkout and
 * runs its steps as the runner user, writing logs in GitHub's format.
 */
import type { ChildProcess } from 'node:child_process'
import { chmod, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { RunnerPort } from './api.js'
import { asString, evaluateToken, type Value } from './expressions.js'
import type { Faults } from './faults.js'
import type { GitRepos } from './git-repos.js'
import { isoNow, type Conclusion, type Ids, type Job, type RepoStore, type Run } from './model.js'
import { githubContext } from './runner-context.js'
import { runnerAccount } from './runner-user.js'
import { runJobs, Semaphore, type RunExecution } from './run-scheduler.js'
import { startScriptedRun } from './scripted-run.js'
import { kill } from './step-process.js'
import { loadWorkflow, type WorkflowPlan } from './workflow-file.js'

export interface RunnerDeps {
  ids: Ids
  git: GitRepos
  faults: Faults
  gitEnv: NodeJS.ProcessEnv
  urls: { api: string; server: string }
  /** A token the jobs get as `secrets.GITHUB_TOKEN` / `github.token`. */
  jobToken: string
  /** Folders the runner user must be able to pass through (the emulator's root). */
  root: string
  tempRoot: string
  /** Jobs that run at the same time on this machine (default 2). */
  parallelJobs?: number
}

export class WorkflowRunner implements RunnerPort {
  private readonly active = new Set<Promise<void>>()
  private readonly children = new Set<ChildProcess>()
  private readonly controllers = new Map<number, AbortController>()
  private readonly slots: Semaphore

  constructor(private readonly deps: RunnerDeps) {
    this.slots = new Semaphore(deps.parallelJobs ?? 2)
  }

  /** Reads and validates a workflow at a commit; throws WorkflowError with the parser's messages. */
  async load(repo: RepoStore, path: string, sha: string): Promise<WorkflowPlan> {
    const file = await this.deps.git.readFile(repo.bareDir, sha, path)
    if (!file) throw new Error(`No workflow file ${path} at ${sha}`)
    const read = async (p: string) =>
      (await this.deps.git.readFile(repo.bareDir, sha, p))?.content.toString('utf8') ?? null
    return loadWorkflow(path, file.content.toString('utf8'), read)
  }

  async dispatch(
    repo: RepoStore,
    plan: WorkflowPlan,
    sha: string,
    ref: string,
    inputs: Record<string, string>,
    actor: string
  ): Promise<Run | null> {
    if (this.deps.faults.takeRunFault('lose-dispatch')) return null
    const workflow = repo.workflows.get(plan.path)!
    const now = isoNow()
    const run: Run = {
      id: this.deps.ids.next('run'),
      workflowId: workflow.id,
      path: plan.path,
      name: plan.name ?? plan.path,
      displayTitle: plan.name ?? plan.path,
      runNumber: repo.nextRunNumber++,
      runAttempt: 1,
      event: 'workflow_dispatch',
      status: 'queued',
      conclusion: null,
      headSha: sha,
      headBranch: ref,
      checkSuiteId: this.deps.ids.next('suite'),
      actor,
      inputs,
      jobIds: [],
      createdAt: now,
      updatedAt: now,
      startedAt: now
    }
    if (plan.runName) {
      const contexts = this.contexts(repo, run, plan)
      run.displayTitle = asString(
        await evaluateToken(plan.runName, { contexts }).catch(() => run.displayTitle)
      )
    }
    repo.runs.set(run.id, run)
    const script = this.deps.faults.takeRunFault('script-run')
    if (script) startScriptedRun(repo, run, script, this.deps.ids)
    else this.start(repo, run, plan)
    return run
  }

  /**
   * "Re-run failed jobs": the run's next attempt runs again the jobs that failed or were cancelled,
   * and those that need them; the jobs that passed are carried over as they were.
   * https://docs.github.com/en/actions/how-tos/manage-workflow-runs/re-run-workflows-and-jobs
   */
  async rerunFailed(repo: RepoStore, run: Run): Promise<void> {
    const plan = await this.load(repo, run.path, run.headSha)
    const previous = new Map(run.jobIds.map(id => repo.jobs.get(id)!).map(j => [j.name, j]))
    const now = isoNow()
    Object.assign(run, {
      runAttempt: run.runAttempt + 1,
      status: 'queued',
      conclusion: null,
      jobIds: [],
      updatedAt: now,
      startedAt: now
    })
    this.start(repo, run, plan, previous)
  }

  private contexts(repo: RepoStore, run: Run, plan: WorkflowPlan): Record<string, Value> {
    return {
      github: githubContext(this.deps, repo, run),
      inputs: typedInputs(plan, run.inputs),
      vars: {},
      secrets: { GITHUB_TOKEN: this.deps.jobToken }
    }
  }

  private start(repo: RepoStore, run: Run, plan: WorkflowPlan, previous?: Map<string, Job>): void {
    const contexts = this.contexts(repo, run, plan)
    const controller = new AbortController()
    this.controllers.set(run.id, controller)
    const work = this.execute(repo, run, plan, contexts, controller.signal, previous)
      .catch(e => {
        for (const id of run.jobIds) {
          const job = repo.jobs.get(id)!
          if (job.status !== 'completed')
            job.log += `${isoNow()} ##[error]Emulator runner failed: ${String(e)}\n`
        }
        finish(run, 'failure')
      })
      .finally(() => {
        this.active.delete(work)
        this.controllers.delete(run.id)
      })
    this.active.add(work)
  }

  cancel(_repo: RepoStore, run: Run): void {
    this.controllers.get(run.id)?.abort()
  }

  /** Waits until every dispatched run has finished. */
  async idle(): Promise<void> {
    while (this.active.size) await Promise.allSettled([...this.active])
  }

  /** Cancels running workflows and waits for them. */
  async close(): Promise<void> {
    for (const c of this.controllers.values()) c.abort()
    for (const child of this.children) kill(child)
    await Promise.allSettled([...this.active])
  }

  private async execute(
    repo: RepoStore,
    run: Run,
    plan: WorkflowPlan,
    contexts: Record<string, Value>,
    cancel: AbortSignal,
    previous?: Map<string, Job>
  ): Promise<void> {
    run.status = 'in_progress'
    run.updatedAt = isoNow()
    const account = await runnerAccount()
    // The runner user passes through the emulator's folders (it cannot list them) to its job folders
    // and reads the bare repositories its checkouts borrow objects from.
    for (const dir of [this.deps.root, this.deps.tempRoot]) await chmod(dir, 0o711).catch(() => undefined)
    const artifacts = join(this.deps.tempRoot, `artifacts-${run.id}`)
    await mkdir(artifacts, { recursive: true })
    const cancelFault = this.deps.faults.takeRunFault('cancel-run')
    let stepsEnded = 0
    let armed = cancelFault !== null
    let pending: NodeJS.Timeout | null = null
    const ex: RunExecution = {
      repo,
      run,
      ids: this.deps.ids,
      account,
      tempRoot: this.deps.tempRoot,
      artifacts,
      source: {
        fullName: repo.fullName,
        bareDir: repo.bareDir,
        sha: run.headSha,
        url: `${this.deps.urls.server}/${repo.fullName}`,
        gitEnv: this.deps.gitEnv
      },
      contexts,
      secrets: [this.deps.jobToken],
      cancel,
      children: this.children,
      slots: this.slots,
      faults: {
        takeTimeout: () => {
          const f = this.deps.faults.takeRunFault('timeout-job')
          return f ? (f.afterSteps ?? 0) : null
        },
        // The cancel-run fault cancels while the step after the first `afterSteps` ones is running, or
        // as it ends when it ends sooner: the fault must not depend on how fast this machine is.
        onStepStart: () => {
          if (armed && stepsEnded >= (cancelFault!.afterSteps ?? 0)) {
            armed = false
            pending = setTimeout(() => {
              pending = null
              this.cancel(repo, run)
            }, 200)
          }
        },
        onStepEnd: () => {
          stepsEnded++
          if (pending) {
            clearTimeout(pending)
            pending = null
            this.cancel(repo, run)
          }
        }
      },
      ...(previous ? { previous } : {})
    }
    const results = await runJobs(ex, {
      workflow: plan,
      prefix: '',
      inputs: contexts.inputs as Record<string, Value>
    })
    const jobs = run.jobIds.map(id => repo.jobs.get(id)!.conclusion)
    const all = [...results.values()].map(r => r.result)
    finish(
      run,
      cancel.aborted || (jobs.includes('cancelled') && !all.includes('failure'))
        ? 'cancelled'
        : all.includes('failure')
          ? 'failure'
          : all.length && all.every(r => r === 'skipped')
            ? 'skipped'
            : 'success'
    )
  }
}

/** The `inputs` context keeps booleans and numbers typed (docs: contexts, inputs context). */
function typedInputs(plan: WorkflowPlan, inputs: Record<string, string>): Record<string, Value> {
  const out: Record<string, Value> = {}
  for (const [k, v] of Object.entries(inputs)) {
    const type = plan.dispatchInputs?.[k]?.type
    out[k] = type === 'boolean' ? v === 'true' : (type as string) === 'number' ? Number(v) : v
  }
  return out
}

function finish(run: Run, conclusion: Conclusion): void {
  run.status = 'completed'
  run.conclusion = conclusion
  run.updatedAt = isoNow()
}
