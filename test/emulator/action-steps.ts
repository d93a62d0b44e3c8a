/**
 * `uses:` steps. Nothing can be downloaded here, so: an action of the same repository (`uses: ./path`)
 * runs for real (JavaScript actions with `node` and `INPUT_*` variables, composite actions step by
 * step); a few common actions are stood in for by shims (action-shims.ts) that do what they would do
 * on GitHub with the machine's own tools; anything else fails its step with "not available offline",
 * so that nothing is skipped silently.
 * Docs: https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax
 */
import { inputEnvName } from './run-action.js'
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index'
import type { ActionRunsComposite, ActionRunsNode } from '@actions/workflow-parser/actions/index'
import { isSequence, NoOperationTraceWriter } from '@actions/workflow-parser'
import { asString, evaluateToken, type EvalContext, type Value } from './expressions.js'
import { SHIMS } from './action-shims.js'
import { processEnv, type JobRuntime, type StepScope } from './job-runtime.js'
import { runProcess } from './step-process.js'
import { runStep } from './step-runner.js'
import type { StepOutput } from './workflow-commands.js'
import { field, type StepPlan } from './workflow-file.js'

export interface ActionCall {
  uses: string
  /** `with:`, evaluated. */
  with: Record<string, string>
  /** The step's `env:`, evaluated. */
  env: Record<string, string>
  /** The step's env plus the environment-file variables (GITHUB_ENV, GITHUB_OUTPUT, …). */
  fileEnv: Record<string, string>
  scope: StepScope
  output: StepOutput
  signal: AbortSignal
  ctx: EvalContext
}

export interface ActionResult {
  failed: boolean
  outputs: Record<string, string>
}

/** `Run <uses>` with its inputs and env, as the runner prints an action step's header. */
export function actionHeader(rt: JobRuntime, call: ActionCall): void {
  const body: string[] = []
  if (Object.keys(call.with).length) {
    body.push('with:')
    for (const [k, v] of Object.entries(call.with)) body.push(`  ${k}: ${v}`)
  }
  const env = { ...rt.env, ...call.env }
  if (Object.keys(env).length) {
    body.push('env:')
    for (const [k, v] of Object.entries(env)) body.push(`  ${k}: ${v}`)
  }
  rt.tools.log.group(`Run ${call.uses}`, body)
}

export function unavailable(rt: JobRuntime, what: string, why = ''): ActionResult {
  const message = `${what} is not available offline${why ? `: ${why}` : ''}`
  rt.tools.log.error(message)
  rt.tools.annotations.add('error', message, {})
  return { failed: true, outputs: {} }
}

export async function runAction(rt: JobRuntime, call: ActionCall): Promise<ActionResult> {
  actionHeader(rt, call)
  if (call.uses.startsWith('docker://'))
    return unavailable(rt, `The container action ${call.uses}`, 'Docker images cannot be pulled here')
  if (call.uses.startsWith('./')) return runLocalAction(rt, call)
  const [name] = call.uses.split('@')
  const shim = SHIMS[name!.toLowerCase()]
  if (shim) return shim(rt, call)
  return unavailable(
    rt,
    `The action ${call.uses}`,
    'only local actions and the shims listed in the emulator README run'
  )
}

async function runLocalAction(rt: JobRuntime, call: ActionCall): Promise<ActionResult> {
  const dir = resolve(rt.paths.workspace, call.uses)
  const file = ['action.yml', 'action.yaml'].map(f => join(dir, f)).find(f => existsSync(f))
  if (!file) {
    const message = `Can't find 'action.yml', 'action.yaml' or 'Dockerfile' under '${dir}'. Did you forget to run actions/checkout before running your local action?`
    rt.tools.log.error(message)
    rt.tools.annotations.add('error', message, {})
    return { failed: true, outputs: {} }
  }
  const parsed = parseAction(
    { name: call.uses, content: readFileSync(file, 'utf8') },
    new NoOperationTraceWriter()
  )
  const errors = parsed.context.errors.getErrors()
  const template = parsed.value && !errors.length ? convertActionTemplate(parsed.context, parsed.value) : null
  if (!template || parsed.context.errors.getErrors().length) {
    for (const e of parsed.context.errors.getErrors()) {
      rt.tools.log.error(e.message)
      rt.tools.annotations.add('error', e.message, {})
    }
    return { failed: true, outputs: {} }
  }
  const inputs: Record<string, Value> = {}
  for (const def of template.inputs ?? []) {
    const given = call.with[def.id]
    inputs[def.id] = given ?? asString(await evaluateToken(def.default, call.ctx))
  }
  for (const [k, v] of Object.entries(call.with)) if (!(k in inputs)) inputs[k] = v
  const using = template.runs.using
  if (using === 'composite') {
    const rawSteps = field(field(parsed.value, 'runs'), 'steps')
    const plans = (template.runs as ActionRunsComposite).steps.map((step, i) => ({
      step,
      raw: (rawSteps && isSequence(rawSteps) ? rawSteps.get(i) : undefined) as StepPlan['raw']
    }))
    return runComposite(rt, call, dir, plans, inputs, template.outputs ?? [])
  }
  if (using === 'docker')
    return unavailable(rt, `The Docker action ${call.uses}`, 'Docker is not available here')
  return runNodeAction(rt, call, dir, template.runs, inputs)
}

/** `INPUT_<NAME>`: upper-case, spaces to `_` (actions/runner src/Runner.Worker/Handlers/NodeScriptActionHandler.cs). */
function inputEnv(inputs: Record<string, Value>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [inputEnvName(k), asString(v)]))
}

async function runNodeAction(
  rt: JobRuntime,
  call: ActionCall,
  dir: string,
  runs: ActionRunsNode,
  inputs: Record<string, Value>
): Promise<ActionResult> {
  const env = processEnv(rt, { ...call.fileEnv, ...inputEnv(inputs), GITHUB_ACTION_PATH: dir })
  const code = await runProcess(process.execPath, [join(dir, runs.main)], {
    cwd: rt.paths.workspace,
    env,
    runAs: rt.account.runAs,
    signal: call.signal,
    onLine: l => call.output.line(l),
    track: c => rt.track(c)
  })
  if (code !== 0 && !call.signal.aborted) {
    // A JavaScript action that exits non-zero fails without the runner's exit-code line (core.setFailed logged it).
    return { failed: true, outputs: {} }
  }
  return { failed: code !== 0, outputs: {} }
}

async function runComposite(
  rt: JobRuntime,
  call: ActionCall,
  dir: string,
  plans: StepPlan[],
  inputs: Record<string, Value>,
  outputDefs: Array<{ id: string; value?: TemplateToken }>
): Promise<ActionResult> {
  const scope: StepScope = { steps: {}, inputs, actionPath: dir }
  // The composite's steps see the calling step's env, and their own success/failure; the calling step
  // then succeeds or fails as a whole (so its continue-on-error decides for the job).
  const saved = { env: { ...rt.env }, state: rt.state }
  Object.assign(rt.env, call.env)
  let failed = false
  try {
    for (const plan of plans) {
      const r = await runStep(rt, scope, plan, () => undefined)
      if (r.conclusion === 'failure') failed = true
    }
  } finally {
    const added = Object.keys(rt.env).filter(k => k in call.env && !(k in saved.env))
    for (const k of added) delete rt.env[k]
    for (const k of Object.keys(call.env)) if (k in saved.env) rt.env[k] = saved.env[k]!
    if (rt.state !== 'cancelled') rt.state = saved.state
  }
  const outputs: Record<string, string> = {}
  const ctx = {
    ...call.ctx,
    contexts: { ...call.ctx.contexts, steps: scope.steps as unknown as Value, inputs }
  }
  for (const o of outputDefs) outputs[o.id] = asString(await evaluateToken(o.value, ctx))
  return { failed, outputs }
}
