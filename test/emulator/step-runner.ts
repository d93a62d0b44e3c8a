/**
 * One step as the runner runs it (actions/runner src/Runner.Worker/StepsRunner.cs, ScriptHandler.cs):
 * `env` evaluated over the job's environment, the display name, `if:` with the status functions, then
 * the `run:` script in its shell (or the action), the environment files, `timeout-minutes` (the step
 * fails) and `continue-on-error` (the step's outcome is failure, its conclusion success).
 */
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index'
import { randomUUID } from 'node:crypto'
import { chown, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { isBoolean, isString } from '@actions/workflow-parser'
import { asString, evaluateCondition, evaluateStringMap, evaluateToken } from './expressions.js'
import { createFileCommands, readFileCommands, type FileVar } from './file-commands.js'
import { processEnv, stepContext, type JobRuntime, type StepRecord, type StepScope } from './job-runtime.js'
import { runHeader } from './log-writer.js'
import { resolveShell, shellArgv, ShellError } from './shell.js'
import { runProcess } from './step-process.js'
import { StepOutput } from './workflow-commands.js'
import { field, type StepPlan } from './workflow-file.js'

export type StepConclusion = StepRecord['conclusion']

export interface StepResult {
  name: string
  conclusion: StepConclusion
  outcome: StepConclusion
}

/** The name the runner shows before a step runs: `name:`, or `Run <command>` / `Run <action>`. */
export function defaultStepName(plan: StepPlan): string {
  const s = plan.step as { name?: TemplateToken; run?: TemplateToken; uses?: { value: string } }
  if (s.name && isString(s.name)) return s.name.value
  if (s.uses) return `Run ${s.uses.value}`
  if (s.run)
    return `Run ${firstLine(isString(s.run) ? s.run.value : ((s.run as { source?: string }).source ?? ''))}`
  return 'Run'
}

/** The first line of a script, as the runner names a `run:` step. */
function firstLine(script: string): string {
  return script.replace(/^[ \t\r\n]+/, '').split(/\r?\n/)[0] ?? ''
}

export async function runStep(
  rt: JobRuntime,
  scope: StepScope,
  plan: StepPlan,
  onStart: (name: string) => void
): Promise<StepResult> {
  const log = rt.tools.log
  const step = plan.step as StepPlan['step'] & {
    env?: TemplateToken
    run?: TemplateToken
    uses?: { value: string }
    name?: TemplateToken
    if: { expression: string }
  }
  let name = defaultStepName(plan)
  const finish = (conclusion: StepConclusion, outcome: StepConclusion = conclusion): StepResult => {
    if (conclusion === 'failure' && rt.state === 'success') rt.state = 'failure'
    if (step.id && !step.id.startsWith('__'))
      scope.steps[step.id] = { outputs: scope.steps[step.id]?.outputs ?? {}, outcome, conclusion }
    return { name, conclusion, outcome }
  }
  if (rt.timedOut()) return finish('skipped')
  rt.tools.annotations.startStep()
  let env: Record<string, string>
  const ctxWith = (e: Record<string, string>) => stepContext(rt, scope, e)
  try {
    env = await evaluateStringMap(step.env, ctxWith(rt.env))
    if (step.name && !isString(step.name))
      name = asString(await evaluateToken(step.name, ctxWith({ ...rt.env, ...env })))
  } catch (e) {
    onStart(name)
    log.error((e as Error).message)
    return finish('failure')
  }
  const ctx = ctxWith({ ...rt.env, ...env })
  let run: boolean
  try {
    run = await evaluateCondition(step.if.expression, ctx)
  } catch (e) {
    onStart(name)
    log.error((e as Error).message)
    return finish('failure')
  }
  if (!run) return finish('skipped')
  let script = ''
  if (step.run) {
    try {
      script = asString(await evaluateToken(step.run, ctx))
    } catch (e) {
      onStart(name)
      log.error((e as Error).message)
      return finish('failure')
    }
    if (!step.name) name = `Run ${firstLine(script)}`
  }
  onStart(name)

  const timeout = Number(await evaluateToken(field(plan.raw, 'timeout-minutes'), ctx).catch(() => 0)) || 0
  const stepAbort = new AbortController()
  const onJobAbort = () => stepAbort.abort()
  rt.signal.addEventListener('abort', onJobAbort)
  let stepTimedOut = false
  const timer =
    timeout > 0
      ? setTimeout(() => {
          stepTimedOut = true
          stepAbort.abort()
        }, timeout * 60_000)
      : null
  const cancelledBefore = rt.signal.aborted
  let failed = false
  try {
    const output = new StepOutput(rt.tools)
    const files = await createFileCommands(rt.paths.temp, rt.account.runAs)
    const fileEnv = { ...env, ...(Object.fromEntries(Object.entries(files)) as Record<FileVar, string>) }
    let outputs: Record<string, string> = {}
    if (step.run) {
      const code = await runScript(rt, scope, plan, script, env, fileEnv, ctx, output, stepAbort.signal)
      failed = code !== 0
    } else if (step.uses) {
      const withs = await evaluateStringMap(field(plan.raw, 'with'), ctx)
      const r = await rt.runAction({
        uses: step.uses.value,
        with: withs,
        env,
        fileEnv,
        scope,
        output,
        signal: stepAbort.signal,
        ctx
      })
      failed = r.failed
      outputs = r.outputs
    }
    const results = await readFileCommands(files)
    for (const [k, v] of results.env) rt.env[k] = v
    rt.prependPath.push(...results.path.filter(p => !rt.prependPath.includes(p)))
    for (const [k, v] of [...Object.entries(output.effects.outputs), ...results.outputs]) outputs[k] = v
    if (results.summary) rt.summaries.push(results.summary)
    for (const m of [...results.issues, ...results.errors]) {
      log.error(m)
      rt.tools.annotations.add('error', m, {})
    }
    failed ||= output.effects.failed || results.errors.length > 0
    if (step.id && !step.id.startsWith('__'))
      scope.steps[step.id] = { outputs, outcome: 'success', conclusion: 'success' }
  } catch (e) {
    const message = e instanceof ShellError ? e.message : (e as Error).message
    log.error(message)
    rt.tools.annotations.add('error', message, {})
    failed = true
  } finally {
    if (timer) clearTimeout(timer)
    rt.signal.removeEventListener('abort', onJobAbort)
  }
  if (stepTimedOut) {
    const message = `The action '${name}' has timed out after ${timeout} minutes.`
    log.error(message)
    rt.tools.annotations.add('error', message, {})
    failed = true
  } else if (rt.signal.aborted && !cancelledBefore) {
    log.error('The operation was canceled.')
    return finish('cancelled')
  }
  if (!failed) return finish('success')
  const continueOnError = await continues(step['continue-on-error'], ctx).catch(() => false)
  return continueOnError ? finish('success', 'failure') : finish('failure')
}

async function continues(token: boolean | TemplateToken | undefined, ctx: ReturnType<typeof stepContext>) {
  if (token === undefined) return false
  if (typeof token === 'boolean') return token
  if (isBoolean(token)) return token.value
  const v = await evaluateToken(token, ctx)
  return v === true || v === 'true'
}

async function runScript(
  rt: JobRuntime,
  scope: StepScope,
  plan: StepPlan,
  script: string,
  env: Record<string, string>,
  fileEnv: Record<string, string>,
  ctx: ReturnType<typeof stepContext>,
  output: StepOutput,
  signal: AbortSignal
): Promise<number> {
  const log = rt.tools.log
  const inAction = scope.actionPath !== undefined
  const shellValue =
    asString(await evaluateToken(field(plan.raw, 'shell'), ctx)) || (inAction ? '' : rt.defaults.shell)
  const dirValue =
    asString(await evaluateToken(field(plan.raw, 'working-directory'), ctx)) ||
    (inAction ? '' : rt.defaults.workingDirectory)
  const stepEnv = processEnv(rt, fileEnv)
  const shownEnv = { ...rt.env, ...env }
  let shell
  try {
    shell = resolveShell(shellValue || undefined, stepEnv.PATH!)
  } catch (e) {
    log.group(runHeader(script, shellValue || 'bash -e {0}', shownEnv).title, [])
    throw e
  }
  const header = runHeader(script, `${shell.path} ${shell.format}`, shownEnv)
  log.group(header.title, header.body)
  const file = join(rt.paths.temp, `${randomUUID()}${shell.extension}`)
  await writeFile(file, shell.fixUp(script))
  if (rt.account.runAs) await chown(file, rt.account.runAs.uid, rt.account.runAs.gid)
  const cwd = resolve(rt.paths.workspace, dirValue ?? '')
  if (!(await stat(cwd).catch(() => null))?.isDirectory()) {
    throw new Error(
      `An error occurred trying to start process '${shell.path}' with working directory '${cwd}'. No such file or directory`
    )
  }
  const code = await runProcess(shell.path, shellArgv(shell.format, file), {
    cwd,
    env: stepEnv,
    runAs: rt.account.runAs,
    signal,
    onLine: l => output.line(l),
    track: c => rt.track(c)
  })
  if (code !== 0 && !signal.aborted) {
    const message = `Process completed with exit code ${code}.`
    log.error(message)
    rt.tools.annotations.add('error', message, {})
  }
  return code
}
