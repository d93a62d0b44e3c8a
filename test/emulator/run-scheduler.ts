/**
 * The jobs of one run as GitHub schedules them: each starts when the jobs it `needs` are done; its
 * `if:` sees `needs` and the status functions (a failed or skipped need skips it unless the condition
 * says otherwise); `strategy.matrix` turns it into one job per combination, named as GitHub names them,
 * at most `max-parallel` at a time, the others cancelled on a failure under `fail-fast`; a job that
 * calls a reusable workflow of the same repository runs that workflow's jobs as `caller / callee`.
 * Docs: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobs
 */
import type { ChildProcess } from 'node:child_process'
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index'
import { isString } from '@actions/workflow-parser'
import { asString, evaluateCondition, evaluateToken, type Value } from './expressions.js'
import { runJob, type JobSetup } from './job-runner.js'
import { expandStrategy, matrixJobName, type MatrixConfiguration } from './matrix.js'
import { isoNow, type Conclusion, type Ids, type Job, type RepoStore, type Run } from './model.js'
import type { RunnerAccount } from './runner-user.js'
import type { CheckoutSource } from './job-runtime.js'
import { field, type JobPlan, type WorkflowPlan } from './workflow-file.js'

/** What a finished job tells the jobs that need it (the `needs` context, plus its ancestry). */
export interface NeedResult {
  result: 'success' | 'failure' | 'cancelled' | 'skipped'
  outputs: Record<string, string>
  /** This job and everything before it succeeded. */
  allSucceeded: boolean
  /** This job or something before it failed. */
  anyFailed: boolean
  /** On a re-run: this job or something before it ran again (its dependents run again too). */
  reran?: boolean
}

export interface RunExecution {
  repo: RepoStore
  run: Run
  ids: Ids
  account: RunnerAccount
  tempRoot: string
  artifacts: string
  source: CheckoutSource
  /** github, inputs, vars, secrets. */
  contexts: Record<string, Value>
  secrets: string[]
  cancel: AbortSignal
  children: Set<ChildProcess>
  /** Limits how many jobs run at once on this machine. */
  slots: Semaphore
  faults: { takeTimeout(): number | null; onStepStart(): void; onStepEnd(): void }
  /**
   * On a re-run of failed jobs: the jobs of the previous attempt by name. One that succeeded is
   * carried over as it was (GitHub shows it in the new attempt without running it again).
   */
  previous?: Map<string, Job>
}

export class Semaphore {
  private waiting: Array<() => void> = []
  constructor(private free: number) {}
  async use<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--
    else await new Promise<void>(resolve => this.waiting.push(resolve))
    try {
      return await work()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.free++
    }
  }
}

interface Scope {
  workflow: WorkflowPlan
  /** `caller / ` for the jobs of a reusable workflow. */
  prefix: string
  inputs: Record<string, Value>
}

/** Runs a workflow's jobs; resolves with each job's result by id. */
export async function runJobs(ex: RunExecution, scope: Scope): Promise<Map<string, NeedResult>> {
  const byId = new Map(scope.workflow.jobs.map(j => [j.job.id.value, j]))
  const started = new Map<string, Promise<NeedResult>>()
  const start = (plan: JobPlan): Promise<NeedResult> => {
    const id = plan.job.id.value
    let p = started.get(id)
    if (!p) {
      p = (async () => {
        const needs = new Map<string, NeedResult>()
        for (const n of plan.job.needs ?? []) needs.set(n.value, await start(byId.get(n.value)!))
        return runNode(ex, scope, plan, needs)
      })()
      started.set(id, p)
    }
    return p
  }
  await Promise.all(scope.workflow.jobs.map(start))
  const results = new Map<string, NeedResult>()
  for (const [id, p] of started) results.set(id, await p)
  return results
}

function createJob(ex: RunExecution, name: string): Job {
  const id = ex.ids.next('check')
  const now = isoNow()
  const job: Job = {
    id,
    runId: ex.run.id,
    name,
    status: 'queued',
    conclusion: null,
    createdAt: now,
    startedAt: now,
    completedAt: null,
    steps: [],
    log: ''
  }
  ex.repo.jobs.set(id, job)
  ex.run.jobIds.push(id)
  ex.repo.checkRuns.set(id, {
    id,
    name,
    headSha: ex.run.headSha,
    status: 'queued',
    conclusion: null,
    startedAt: now,
    completedAt: null,
    externalId: null,
    detailsUrl: null,
    output: { title: null, summary: null, text: null },
    annotations: [],
    checkSuiteId: ex.run.checkSuiteId,
    app: 'github-actions'
  })
  return job
}

/** A job that never ran: skipped, cancelled, or failed before it could start (with the reason logged). */
function settle(ex: RunExecution, name: string, conclusion: Conclusion, problem?: string): void {
  const job = createJob(ex, name)
  const check = ex.repo.checkRuns.get(job.id)!
  const now = isoNow()
  Object.assign(job, { status: 'completed', conclusion, completedAt: now })
  Object.assign(check, { status: 'completed', conclusion, completedAt: now })
  if (problem) {
    job.log = `${now.replace('Z', '.0000000Z')} ##[error]${problem}\n`
    check.annotations = [
      {
        path: '.github',
        start_line: 1,
        end_line: 1,
        start_column: null,
        end_column: null,
        annotation_level: 'failure',
        title: null,
        message: problem,
        raw_details: null
      }
    ]
  }
}

/** The job's name as shown before a matrix is known: `name:` as written (an expression stays unevaluated). */
function writtenName(plan: JobPlan): string {
  const n = plan.job.name as TemplateToken | undefined
  if (!n) return plan.job.id.value
  return isString(n) ? n.value : ((n as { source?: string }).source ?? plan.job.id.value)
}

async function runNode(
  ex: RunExecution,
  scope: Scope,
  plan: JobPlan,
  needs: Map<string, NeedResult>
): Promise<NeedResult> {
  const all = [...needs.values()]
  const allSucceeded = all.every(n => n.allSucceeded)
  const anyFailed = all.some(n => n.anyFailed)
  const needsReran = all.some(n => n.reran)
  const contexts: Record<string, Value> = {
    ...ex.contexts,
    inputs: scope.inputs,
    needs: Object.fromEntries([...needs].map(([k, v]) => [k, { result: v.result, outputs: v.outputs }]))
  }
  const status = {
    success: allSucceeded && !ex.cancel.aborted,
    failure: anyFailed,
    cancelled: ex.cancel.aborted
  }
  const name = scope.prefix + writtenName(plan)
  let ranAgain = needsReran
  const done = (result: NeedResult['result'], outputs: Record<string, string> = {}): NeedResult => ({
    result,
    outputs,
    allSucceeded: allSucceeded && result === 'success',
    anyFailed: anyFailed || result === 'failure',
    ...(ex.previous ? { reran: ranAgain } : {})
  })
  /** The runner's message for a job whose `if:` or `strategy` cannot be evaluated. */
  const invalid = (what: string, e: unknown): NeedResult => {
    const message = `Error when evaluating '${what}' for job '${plan.job.id.value}'. ${(e as Error).message}`
    settle(ex, name, 'failure', message)
    return done('failure')
  }
  let run: boolean
  try {
    run = await evaluateCondition(plan.job.if.expression, { contexts, status })
  } catch (e) {
    return invalid('if', e)
  }
  if (!run) {
    const c = ex.cancel.aborted ? 'cancelled' : 'skipped'
    settle(ex, name, c)
    return done(c)
  }
  let configurations: MatrixConfiguration[]
  let failFast = true
  let maxParallel = 0
  try {
    const strategy = expandStrategy(await evaluateToken(plan.job.strategy, { contexts }))
    ;({ failFast, maxParallel } = strategy)
    configurations = strategy.configurations.length
      ? strategy.configurations
      : [{ matrix: null, segments: [] }]
  } catch (e) {
    return invalid('strategy', e)
  }
  const legs = await Promise.all(
    configurations.map(async (c, index) => {
      const legContexts: Record<string, Value> = {
        ...contexts,
        matrix: c.matrix,
        strategy: {
          'fail-fast': failFast,
          'job-index': index,
          'job-total': configurations.length,
          'max-parallel': maxParallel || configurations.length
        }
      }
      const n = plan.job.name as TemplateToken | undefined
      const legName =
        n && !isString(n)
          ? asString(await evaluateToken(n, { contexts: legContexts }).catch(() => writtenName(plan)))
          : matrixJobName(writtenName(plan), c.segments)
      return { contexts: legContexts, name: scope.prefix + legName }
    })
  )
  const matrixAbort = new AbortController()
  const cancel = AbortSignal.any([ex.cancel, matrixAbort.signal])
  const limit = new Semaphore(maxParallel > 0 ? maxParallel : legs.length)
  const results = await Promise.all(
    legs.map(leg =>
      limit.use(async () => {
        if (cancel.aborted) {
          settle(ex, leg.name, 'cancelled')
          return { conclusion: 'cancelled' as Conclusion, outputs: {}, tolerated: false }
        }
        // GitHub re-runs the failed jobs and the jobs that need them; the others keep their result.
        const carried = ex.previous?.get(leg.name)
        if (carried?.conclusion === 'success' && !needsReran && plan.job.type !== 'reusableWorkflowJob') {
          carryOver(ex, carried)
          return { conclusion: 'success' as Conclusion, outputs: carried.outputs ?? {}, tolerated: false }
        }
        const r =
          plan.job.type === 'reusableWorkflowJob'
            ? await runCallee(ex, plan, leg.name, leg.contexts, cancel)
            : await ex.slots.use(() => runLeg(ex, scope, plan, leg.name, leg.contexts, cancel))
        ranAgain ||= (r as { reran?: boolean }).reran ?? true
        const tolerated =
          r.conclusion === 'failure' &&
          (await evaluateToken(field(plan.raw, 'continue-on-error'), { contexts: leg.contexts }).catch(
            () => false
          )) === true
        if (r.conclusion === 'failure' && !tolerated && failFast) matrixAbort.abort()
        return { ...r, tolerated }
      })
    )
  )
  const outputs = Object.assign({}, ...results.map(r => r.outputs)) as Record<string, string>
  const effective = results.map(r => (r.tolerated ? 'success' : r.conclusion))
  const result: NeedResult['result'] = effective.includes('failure')
    ? 'failure'
    : effective.includes('cancelled')
      ? 'cancelled'
      : effective.every(c => c === 'skipped')
        ? 'skipped'
        : 'success'
  return done(result, outputs)
}

/** A job that passed in the previous attempt, shown again in this one as it was. */
function carryOver(ex: RunExecution, was: Job): void {
  const job = createJob(ex, was.name)
  const check = ex.repo.checkRuns.get(job.id)!
  const before = ex.repo.checkRuns.get(was.id)
  Object.assign(job, {
    status: 'completed',
    conclusion: was.conclusion,
    startedAt: was.startedAt,
    completedAt: was.completedAt,
    steps: was.steps.map(st => ({ ...st })),
    log: was.log,
    outputs: was.outputs ?? {}
  })
  Object.assign(check, {
    status: 'completed',
    conclusion: was.conclusion,
    startedAt: was.startedAt,
    completedAt: was.completedAt,
    annotations: before?.annotations ?? []
  })
}

async function runLeg(
  ex: RunExecution,
  scope: Scope,
  plan: JobPlan,
  name: string,
  contexts: Record<string, Value>,
  cancel: AbortSignal
): Promise<{ conclusion: Conclusion; outputs: Record<string, string> }> {
  const job = createJob(ex, name)
  const setup: JobSetup = {
    account: ex.account,
    tempRoot: ex.tempRoot,
    artifacts: ex.artifacts,
    source: ex.source,
    job,
    check: ex.repo.checkRuns.get(job.id)!,
    plan,
    workflow: scope.workflow,
    contexts,
    secrets: ex.secrets,
    cancel,
    faults: {
      timeoutAfterSteps: ex.faults.takeTimeout(),
      onStepStart: ex.faults.onStepStart,
      onStepEnd: ex.faults.onStepEnd
    },
    children: ex.children
  }
  const result = await runJob(setup)
  job.outputs = result.outputs
  return result
}

/** A reusable workflow: its jobs run as `caller / callee`; its `on.workflow_call.outputs` become the caller's outputs. */
async function runCallee(
  ex: RunExecution,
  plan: JobPlan,
  name: string,
  contexts: Record<string, Value>,
  cancel: AbortSignal
): Promise<{ conclusion: Conclusion; outputs: Record<string, string>; reran?: boolean }> {
  const ref = (plan.job as { ref: { value: string } }).ref.value
  if (!plan.callee) {
    settle(
      ex,
      name,
      'failure',
      `The reusable workflow ${ref} is not available offline: only workflows of the same repository (uses: ./.github/workflows/...) can run here`
    )
    return { conclusion: 'failure', outputs: {} }
  }
  const callee = plan.callee
  const given = (await evaluateToken(field(plan.raw, 'with'), { contexts })) as Record<string, Value> | null
  const inputs: Record<string, Value> = {}
  for (const [k, def] of Object.entries(callee.callInputs ?? {})) {
    const d = (def as { default?: unknown }).default
    if (d !== undefined)
      inputs[k] =
        typeof d === 'object' && d !== null
          ? await evaluateToken(d as TemplateToken, { contexts })
          : (d as Value)
  }
  Object.assign(inputs, given ?? {})
  const sub: RunExecution = { ...ex, cancel }
  const results = await runJobs(sub, { workflow: callee, prefix: `${name} / `, inputs })
  const jobs = Object.fromEntries([...results].map(([k, v]) => [k, { result: v.result, outputs: v.outputs }]))
  const outputs: Record<string, string> = {}
  const defs = (await evaluateToken(callee.callOutputs, { contexts: { ...contexts, jobs, inputs } }).catch(
    () => null
  )) as Record<string, Value> | null
  for (const [k, def] of Object.entries(defs ?? {}))
    outputs[k] = asString((def as Record<string, Value> | null)?.value ?? '')
  const all = [...results.values()].map(r => r.result)
  const conclusion: Conclusion = all.includes('failure')
    ? 'failure'
    : all.includes('cancelled')
      ? 'cancelled'
      : 'success'
  return { conclusion, outputs, reran: [...results.values()].some(r => r.reran !== false) }
}
