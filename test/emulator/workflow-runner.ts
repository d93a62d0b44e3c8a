/**
 * Runs dispatched workflows: creates the run and one job (and check run, with the same id) per job,
 * then executes the jobs in `needs` order in the background: a fresh clone of the ref, each `run:` step
 * in bash, logs in GitHub's format, workflow commands turned into annotations.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { RunnerPort } from './api.js'
import type { Faults } from './faults.js'
import { runBuiltin } from './builtin-actions.js'
import { kill, runBashStep } from './step-process.js'
import { expressionContext, runnerEnv } from './runner-context.js'
import type { GitRepos } from './git-repos.js'
import { JobLog, runHeader } from './log-writer.js'
import { isoNow, type Conclusion, type Ids, type Job, type RepoStore, type Run } from './model.js'
import { AnnotationCollector, parseCommand } from './workflow-commands.js'
import { parseWorkflow, shouldRun, substitute, type JobSpec, type JobState } from './workflow-file.js'

export interface RunnerDeps {
  ids: Ids
  git: GitRepos
  faults: Faults
  gitEnv: NodeJS.ProcessEnv
  urls: { api: string; server: string }
  /** A token the jobs get as `secrets.GITHUB_TOKEN` / `github.token`. */
  jobToken: string
  tempRoot: string
}

const SHELL = 'bash --noprofile --norc -eo pipefail {0}'

export class WorkflowRunner implements RunnerPort {
  private readonly active = new Set<Promise<void>>()
  private readonly children = new Map<number, ChildProcess>()
  private readonly cancelled = new Set<number>()

  constructor(private readonly deps: RunnerDeps) {}

  async dispatch(
    repo: RepoStore,
    path: string,
    ref: string,
    inputs: Record<string, string>,
    actor: string
  ): Promise<Run | null> {
    const sha =
      (await this.deps.git.resolve(repo.bareDir, `refs/heads/${ref}`)) ??
      (await this.deps.git.resolve(repo.bareDir, ref))
    const file = sha ? await this.deps.git.readFile(repo.bareDir, sha, path) : null
    if (!sha || !file) throw new Error(`No workflow file ${path} at ${ref}`)
    if (this.deps.faults.takeRunFault('lose-dispatch')) return null
    const spec = parseWorkflow(file.content.toString('utf8'))
    const workflow = repo.workflows.get(path)!
    const now = isoNow()
    const ctx = expressionContext(this.deps, repo, { sha, ref, inputs, actor, runId: 0 })
    const run: Run = {
      id: this.deps.ids.next('run'),
      workflowId: workflow.id,
      path,
      name: spec.name ?? path,
      displayTitle: spec.runName ? substitute(spec.runName, ctx) : (spec.name ?? path),
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
    repo.runs.set(run.id, run)
    const jobs = spec.jobs.map(j => this.createJob(repo, run, j))
    const cancelFault = this.deps.faults.takeRunFault('cancel-run')
    const work = this.execute(repo, run, spec.env, jobs, inputs, cancelFault?.afterSteps ?? null)
      .catch(e => {
        for (const j of jobs)
          if (j.job.status !== 'completed') j.log.error(`Emulator runner failed: ${String(e)}`)
        finish(run, 'failure')
      })
      .finally(() => this.active.delete(work))
    this.active.add(work)
    return run
  }

  cancel(_repo: RepoStore, run: Run): void {
    this.cancelled.add(run.id)
    for (const id of run.jobIds) {
      const child = this.children.get(id)
      if (child) kill(child)
    }
  }

  /** Waits until every dispatched run has finished. */
  async idle(): Promise<void> {
    while (this.active.size) await Promise.allSettled([...this.active])
  }

  /** Waits for running workflows (after cancelling them). */
  async close(): Promise<void> {
    for (const child of this.children.values()) kill(child)
    await Promise.allSettled([...this.active])
  }

  private createJob(repo: RepoStore, run: Run, spec: JobSpec) {
    const id = this.deps.ids.next('check')
    const now = isoNow()
    const job: Job = {
      id,
      runId: run.id,
      name: spec.name,
      status: 'queued',
      conclusion: null,
      createdAt: now,
      startedAt: now,
      completedAt: null,
      steps: [],
      log: ''
    }
    repo.jobs.set(id, job)
    run.jobIds.push(id)
    repo.checkRuns.set(id, {
      id,
      name: spec.name,
      headSha: run.headSha,
      status: 'queued',
      conclusion: null,
      startedAt: now,
      completedAt: null,
      externalId: null,
      detailsUrl: null,
      output: { title: null, summary: null, text: null },
      annotations: [],
      checkSuiteId: run.checkSuiteId,
      app: 'github-actions'
    })
    return { job, spec, log: new JobLog() }
  }

  private async execute(
    repo: RepoStore,
    run: Run,
    workflowEnv: Record<string, unknown>,
    jobs: Array<ReturnType<WorkflowRunner['createJob']>>,
    inputs: Record<string, string>,
    cancelAfterSteps: number | null
  ): Promise<void> {
    run.status = 'in_progress'
    run.updatedAt = isoNow()
    const results = new Map<string, Conclusion>()
    let stepsRun = 0
    for (const { job, spec, log } of jobs) {
      const check = repo.checkRuns.get(job.id)!
      const blocked = spec.needs.some(n => results.get(n) !== 'success')
      if (blocked || this.cancelled.has(run.id)) {
        const c: Conclusion = this.cancelled.has(run.id) ? 'cancelled' : 'skipped'
        Object.assign(job, { status: 'completed', conclusion: c, completedAt: isoNow() })
        Object.assign(check, { status: 'completed', conclusion: c, completedAt: isoNow() })
        results.set(spec.id, c)
        continue
      }
      const timeoutFault = this.deps.faults.takeRunFault('timeout-job')
      // The cancel-run fault cancels while the step after the first `afterSteps` ones is running.
      let armed = cancelAfterSteps !== null
      const onStep = (phase: 'start' | 'end') => {
        if (phase === 'end') stepsRun++
        else if (armed && stepsRun >= cancelAfterSteps!) {
          armed = false
          setTimeout(() => this.cancel(repo, run), 200)
        }
      }
      const conclusion = await this.runJob(
        repo,
        run,
        job,
        spec,
        log,
        workflowEnv,
        inputs,
        timeoutFault?.afterSteps ?? (timeoutFault ? 0 : null),
        onStep
      )
      results.set(spec.id, conclusion)
    }
    const all = [...results.values()]
    finish(
      run,
      this.cancelled.has(run.id) || all.includes('cancelled')
        ? 'cancelled'
        : all.includes('failure')
          ? 'failure'
          : 'success'
    )
  }

  private async runJob(
    repo: RepoStore,
    run: Run,
    job: Job,
    spec: JobSpec,
    log: JobLog,
    workflowEnv: Record<string, unknown>,
    inputs: Record<string, string>,
    timeoutAfterSteps: number | null,
    onStep: (phase: 'start' | 'end') => void
  ): Promise<Conclusion> {
    const check = repo.checkRuns.get(job.id)!
    const annotations = new AnnotationCollector()
    const dir = await mkdtemp(join(this.deps.tempRoot, `job-${job.id}-`))
    // The runner's layout: /home/runner/work/<repo>/<repo>.
    const workspace = join(dir, 'work', repo.name, repo.name)
    const temp = join(dir, 'temp')
    await mkdir(temp, { recursive: true })
    const sync = () => {
      job.log = log.toString()
      check.annotations = annotations.annotations
    }
    job.status = 'in_progress'
    job.startedAt = isoNow()
    check.status = 'in_progress'
    let state: JobState = 'success'
    let timedOut = false
    let deadline = Date.now() + spec.timeoutMinutes * 60_000
    let stepsDone = 0
    const ctx = expressionContext(this.deps, repo, {
      sha: run.headSha,
      ref: run.headBranch,
      inputs,
      actor: run.actor,
      runId: run.id
    })
    ctx.runner.temp = temp
    const baseEnv: Record<string, string> = {}
    for (const [k, v] of [...Object.entries(workflowEnv), ...Object.entries(spec.env)])
      baseEnv[k] = substitute(String(v), { ...ctx, env: baseEnv })
    const steps = [
      { name: 'Set up job' } as { name: string; step?: (typeof spec.steps)[number] },
      ...spec.steps.map((s, i) => ({
        name: s.name ?? (s.run ? `Run ${s.run.split('\n')[0]}` : s.uses ? `Run ${s.uses}` : `Step ${i + 1}`),
        step: s
      })),
      { name: 'Complete job' }
    ]
    job.steps = steps.map((s, i) => ({
      name: s.name,
      number: i + 1,
      status: 'queued',
      conclusion: null,
      startedAt: null,
      completedAt: null
    }))
    try {
      for (const [i, { step }] of steps.entries()) {
        const record = job.steps[i]!
        if (this.cancelled.has(run.id) && state !== 'cancelled') state = 'cancelled'
        if (!step) {
          Object.assign(record, {
            status: 'completed',
            conclusion: 'success',
            startedAt: isoNow(),
            completedAt: isoNow()
          })
          if (i === 0)
            log.group('Runner Image', [
              'Image: ubuntu-24.04',
              'Version: 20261120.1.0',
              'Included Software: emulator'
            ])
          else log.line('Cleaning up orphan processes')
          sync()
          continue
        }
        const env: Record<string, string> = { ...baseEnv }
        for (const [k, v] of Object.entries(step.env ?? {})) env[k] = substitute(String(v), { ...ctx, env })
        // A job past its timeout is cancelled as a whole: nothing else runs, not even always() steps.
        if (timedOut || !shouldRun(step.if, state, { ...ctx, env })) {
          Object.assign(record, { status: 'completed', conclusion: 'skipped' })
          continue
        }
        record.status = 'in_progress'
        record.startedAt = isoNow()
        const cancelledBefore = this.cancelled.has(run.id)
        const timedOutBefore = timedOut
        onStep('start')
        // The timeout fault: this step runs out of the job's time shortly after it starts.
        if (timeoutAfterSteps !== null && stepsDone >= timeoutAfterSteps)
          deadline = Math.min(deadline, Date.now() + 200)
        annotations.startStep()
        let exit = 0
        if (step.uses) {
          exit = await runBuiltin(step.uses, step.with ?? {}, repo, run, workspace, log, this.deps.gitEnv)
        } else if (step.run !== undefined) {
          const script = substitute(step.run, { ...ctx, env })
          const header = runHeader(
            script,
            SHELL,
            Object.fromEntries(Object.entries(step.env ?? {}).map(([k]) => [k, env[k]!]))
          )
          log.group(header.title, header.body)
          const cwd = join(
            workspace,
            substitute(step['working-directory'] ?? spec.workingDirectory ?? '.', ctx)
          )
          const r = await runBashStep(
            this.children,
            job.id,
            script,
            cwd,
            temp,
            { ...runnerEnv(this.deps, repo, run, workspace, temp), ...env },
            Math.max(0, deadline - Date.now()),
            line => {
              const cmd = parseCommand(line)
              const replaced = cmd ? annotations.fromCommand(cmd) : null
              log.line(replaced ?? line)
              sync()
            }
          )
          exit = r.code
          if (r.timedOut) timedOut = true
        }
        const continueOnError = step['continue-on-error'] === true || step['continue-on-error'] === 'true'
        let conclusion: Conclusion = 'success'
        if ((timedOut && !timedOutBefore) || (this.cancelled.has(run.id) && !cancelledBefore)) {
          log.error('The operation was canceled.')
          conclusion = 'cancelled'
          state = 'cancelled'
        } else if (exit !== 0) {
          const message = `Process completed with exit code ${exit}.`
          log.error(message)
          annotations.system(message)
          conclusion = 'failure'
          if (!continueOnError) state = 'failure'
        }
        Object.assign(record, { status: 'completed', conclusion, completedAt: isoNow() })
        sync()
        stepsDone++
        onStep('end')
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
    if (timedOut) {
      const minutes = spec.timeoutMinutes
      annotations.system(
        `The job running on runner emulator has exceeded the maximum execution time of ${minutes} minutes.`
      )
    }
    const conclusion: Conclusion = state
    Object.assign(job, { status: 'completed', conclusion, completedAt: isoNow() })
    Object.assign(check, { status: 'completed', conclusion, completedAt: isoNow() })
    sync()
    return conclusion
  }
}

function finish(run: Run, conclusion: Conclusion): void {
  run.status = 'completed'
  run.conclusion = conclusion
  run.updatedAt = isoNow()
}
