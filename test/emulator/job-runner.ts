/**
 * One job (or one matrix combination) as the runner runs it: "Set up job", the steps in order with the
 * job's status, `timeout-minutes` (the job is cancelled with the runner's annotation), `outputs`
 * evaluated at the end (values that contain a secret are dropped, as the runner drops them), then
 * "Complete job". Services and containers need Docker: such a job fails in "Set up job", saying so.
 */
import type { ChildProcess } from 'node:child_process'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { asString, evaluateStringMap, evaluateToken, type Value } from './expressions.js'
import { AnnotationCollector } from './annotations.js'
import { runAction } from './action-steps.js'
import type { CheckoutSource, JobRuntime, JobState, StepScope } from './job-runtime.js'
import { JobLog } from './log-writer.js'
import { isoNow, type CheckRun, type Conclusion, type Job, type JobStep } from './model.js'
import { MatcherSet } from './problem-matchers.js'
import { defaultEnv, runnerContext, type JobPaths } from './runner-context.js'
import { handOver, type RunnerAccount } from './runner-user.js'
import { SecretMasker } from './secret-masker.js'
import { runProcess } from './step-process.js'
import { defaultStepName, runStep } from './step-runner.js'
import { field, type JobPlan, type WorkflowPlan } from './workflow-file.js'

export interface JobSetup {
  account: RunnerAccount
  tempRoot: string
  artifacts: string
  source: CheckoutSource
  job: Job
  check: CheckRun
  plan: JobPlan
  workflow: WorkflowPlan
  /** github, inputs, vars, secrets, matrix, strategy, needs (the job-level contexts). */
  contexts: Record<string, Value>
  /** Values masked in the log from the start (secrets). */
  secrets: string[]
  /** Fires when the run (or the job's matrix, under fail-fast) is cancelled. */
  cancel: AbortSignal
  faults: { timeoutAfterSteps: number | null; onStepStart(): void; onStepEnd(): void }
  children: Set<ChildProcess>
}

export interface JobResult {
  conclusion: Conclusion
  outputs: Record<string, string>
}

const UNSUPPORTED_LABEL = /windows|macos|mac-|macOS/i

export async function runJob(s: JobSetup): Promise<JobResult> {
  const { job, check, plan } = s
  const masker = new SecretMasker()
  for (const v of s.secrets) masker.add(v)
  const log = new JobLog(masker)
  const annotations = new AnnotationCollector(masker)
  const sync = () => {
    job.log = log.toString()
    check.annotations = annotations.annotations
  }
  const dir = await mkdtemp(join(s.tempRoot, `job-${job.id}-`))
  await chmod(dir, 0o755)
  const [, name] = s.source.fullName.split('/')
  const paths: JobPaths & { artifacts: string } = {
    workspace: join(dir, 'work', name!, name!),
    temp: join(dir, 'temp'),
    toolCache: join(dir, 'tool'),
    home: s.account.home,
    eventPath: join(dir, 'temp', '_github_workflow', 'event.json'),
    artifacts: s.artifacts
  }
  for (const d of [paths.workspace, paths.temp, paths.toolCache, join(paths.temp, '_github_workflow')])
    await mkdir(d, { recursive: true })
  const github: Record<string, Value> = {
    ...(s.contexts.github as Record<string, Value>),
    job: plan.job.id.value,
    workspace: paths.workspace
  }
  await writeFile(paths.eventPath, JSON.stringify(github.event ?? {}, null, 2))
  const stubs = await sudoStub(paths.toolCache, s.account)
  await handOver(dir, s.account)

  const controller = new AbortController()
  let timedOut = false
  const onCancel = () => controller.abort()
  s.cancel.addEventListener('abort', onCancel)
  const rt: JobRuntime = {
    paths,
    source: s.source,
    account: s.account,
    contexts: {
      ...s.contexts,
      github,
      runner: runnerContext(paths),
      job: { status: 'success', services: {} }
    },
    baseEnv: defaultEnv(github, paths, plan.job.id.value, [stubs, s.account.path].filter(Boolean).join(':')),
    env: {},
    prependPath: [],
    defaults: {},
    state: 'success',
    tools: {
      log,
      annotations,
      matchers: new MatcherSet(),
      masker,
      workspace: paths.workspace,
      repoUrls: [s.source.url],
      stopToken: null
    },
    summaries: [],
    signal: controller.signal,
    timedOut: () => timedOut,
    track: c => {
      if (c) s.children.add(c)
    },
    hashFiles: patterns => hashFiles(rt, patterns),
    runAction: call => runAction(rt, call)
  }

  job.status = 'in_progress'
  job.startedAt = isoNow()
  check.status = 'in_progress'
  const steps = plan.steps.map(p => ({ plan: p, name: defaultStepName(p) }))
  job.steps = [{ name: 'Set up job' }, ...steps, { name: 'Complete job' }].map((x, i) => ({
    name: x.name,
    number: i + 1,
    status: 'queued',
    conclusion: null,
    startedAt: null,
    completedAt: null
  }))
  const complete = (r: JobStep, conclusion: JobStep['conclusion']) =>
    Object.assign(r, {
      status: 'completed',
      conclusion,
      startedAt: r.startedAt ?? isoNow(),
      completedAt: isoNow()
    })

  let timer: NodeJS.Timeout | null = null
  const scope: StepScope = { steps: {} }
  let minutes = 360
  try {
    const setUp = job.steps[0]!
    setUp.status = 'in_progress'
    setUp.startedAt = isoNow()
    log.group('Runner Image', ['Image: ubuntu-24.04', 'Version: 20261120.1.0', 'Included Software: emulator'])
    const problem = await setUpJob(rt, s)
    if (problem) {
      log.error(problem)
      annotations.add('error', problem, {})
      complete(setUp, 'failure')
      rt.state = 'failure'
      for (const r of job.steps.slice(1)) complete(r, 'skipped')
    } else {
      complete(setUp, 'success')
      minutes =
        Number(await evaluateToken(field(plan.raw, 'timeout-minutes'), { contexts: rt.contexts })) || 360
      let deadline = Date.now() + minutes * 60_000
      const arm = () => {
        if (timer) clearTimeout(timer)
        timer = setTimeout(
          () => {
            timedOut = true
            controller.abort()
          },
          Math.max(0, deadline - Date.now())
        )
      }
      arm()
      for (const [i, { plan: stepPlan }] of steps.entries()) {
        const record = job.steps[i + 1]!
        if (controller.signal.aborted && rt.state !== 'cancelled' && !timedOut) rt.state = 'cancelled'
        const outOfTime = s.faults.timeoutAfterSteps !== null && i >= s.faults.timeoutAfterSteps
        if (outOfTime) {
          deadline = Math.min(deadline, Date.now() + 200)
          arm()
        }
        const result = await runStep(rt, scope, stepPlan, stepName => {
          Object.assign(record, { name: stepName, status: 'in_progress', startedAt: isoNow() })
          s.faults.onStepStart()
          sync()
        })
        record.name = result.name
        if (result.conclusion !== 'skipped') s.faults.onStepEnd()
        // A step quicker than the fault's deadline still runs out of time: the fault must not depend
        // on how fast this machine is.
        if (outOfTime && !timedOut && result.conclusion !== 'skipped') {
          timedOut = true
          controller.abort()
          result.conclusion = 'cancelled'
        }
        complete(record, result.conclusion)
        if (controller.signal.aborted && !timedOut && rt.state !== 'cancelled') rt.state = 'cancelled'
        sync()
      }
      complete(job.steps[job.steps.length - 1]!, 'success')
      log.line('Cleaning up orphan processes')
    }
  } finally {
    if (timer) clearTimeout(timer)
    s.cancel.removeEventListener('abort', onCancel)
    await rm(dir, { recursive: true, force: true }).catch(() => undefined)
  }
  if (timedOut) {
    const message = `The job running on runner emulator has exceeded the maximum execution time of ${minutes} minutes.`
    annotations.add('error', message, {})
    rt.state = 'cancelled'
  }
  const outputs = await jobOutputs(rt, plan, scope)
  const conclusion: Conclusion = rt.state as JobState
  Object.assign(job, { status: 'completed', conclusion, completedAt: isoNow() })
  Object.assign(check, { status: 'completed', conclusion, completedAt: isoNow() })
  ;(job as Job & { summary?: string }).summary = rt.summaries.join('\n')
  sync()
  return { conclusion, outputs }
}

/** `env`, `defaults.run` and what cannot run here (services, containers, non-Linux runners). */
async function setUpJob(rt: JobRuntime, s: JobSetup): Promise<string | null> {
  const { plan, workflow } = s
  const ctx = { contexts: rt.contexts }
  const runsOn = await evaluateToken(field(plan.raw, 'runs-on'), ctx)
  const labels = (Array.isArray(runsOn) ? runsOn : [runsOn]).map(asString).filter(Boolean)
  const foreign = labels.find(l => UNSUPPORTED_LABEL.test(l))
  if (foreign)
    return `No runner for '${labels.join(', ')}' is available offline: the emulator runs Linux (ubuntu-latest) jobs only`
  if (field(plan.raw, 'services'))
    return `Service containers are not available offline (they need Docker): ${Object.keys((await evaluateToken(field(plan.raw, 'services'), ctx)) ?? {}).join(', ')}`
  if (field(plan.raw, 'container')) return 'Job containers are not available offline (they need Docker)'
  rt.env = await evaluateStringMap(workflow.env, { contexts: { ...rt.contexts, env: {} } })
  const jobEnv = await evaluateStringMap(field(plan.raw, 'env'), {
    contexts: { ...rt.contexts, env: rt.env }
  })
  Object.assign(rt.env, jobEnv)
  for (const defaults of [workflow.defaults, field(plan.raw, 'defaults')]) {
    const run = await evaluateToken(field(defaults, 'run'), { contexts: { ...rt.contexts, env: rt.env } })
    if (run && typeof run === 'object' && !Array.isArray(run)) {
      if (run.shell !== undefined) rt.defaults.shell = asString(run.shell)
      if (run['working-directory'] !== undefined)
        rt.defaults.workingDirectory = asString(run['working-directory'])
    }
  }
  return null
}

async function jobOutputs(rt: JobRuntime, plan: JobPlan, scope: StepScope): Promise<Record<string, string>> {
  const outputs: Record<string, string> = {}
  const token = field(plan.raw, 'outputs')
  if (!token) return outputs
  const values = await evaluateStringMap(token, {
    contexts: { ...rt.contexts, env: rt.env, steps: scope.steps as unknown as Value }
  }).catch(() => ({}) as Record<string, string>)
  for (const [k, v] of Object.entries(values)) {
    if (rt.tools.masker.mask(v) !== v) {
      rt.tools.log.warning(`Skip output '${k}' since it may contain secret.`)
      continue
    }
    outputs[k] = v
  }
  return outputs
}

/**
 * GitHub's runner user may `sudo`; the emulator's may not (a workflow must not change this machine), so
 * `sudo` says that instead of "command not found".
 */
async function sudoStub(toolCache: string, account: RunnerAccount): Promise<string | null> {
  if (!account.runAs) return null
  const bin = join(toolCache, 'emulator-bin')
  await mkdir(bin, { recursive: true })
  await writeFile(
    join(bin, 'sudo'),
    `#!/bin/sh\necho "sudo is not available offline: steps run as the unprivileged user ${account.name} and cannot change this machine (apt-get install and the like)" >&2\nexit 1\n`,
    { mode: 0o755 }
  )
  return bin
}

/** hashFiles() the runner's way: @actions/glob in a child process, as the runner user, in the workspace. */
async function hashFiles(rt: JobRuntime, patterns: string[]): Promise<string> {
  const glob = new URL('../../node_modules/@actions/glob/lib/glob.js', import.meta.url).href
  const script = `import { hashFiles } from ${JSON.stringify(glob)}; const h = await hashFiles(process.env.PATTERNS, process.env.GITHUB_WORKSPACE, {}, false); process.stdout.write('\\n__hash__=' + h + '\\n')`
  let hash = ''
  const controller = new AbortController()
  const code = await runProcess(process.execPath, ['--input-type=module', '-e', script], {
    cwd: rt.paths.workspace,
    env: {
      PATH: rt.baseEnv.PATH!,
      HOME: rt.paths.home,
      PATTERNS: patterns.join('\n'),
      GITHUB_WORKSPACE: rt.paths.workspace
    },
    runAs: rt.account.runAs,
    signal: controller.signal,
    onLine: l => {
      if (l.startsWith('__hash__=')) hash = l.slice('__hash__='.length)
    }
  })
  if (code !== 0)
    throw new Error(
      `hashFiles('${patterns.join("', '")}') failed. Fail to hash files under directory '${rt.paths.workspace}'`
    )
  return hash
}
