/**
 * The part of the workflow syntax the runner understands: jobs with `needs`, `env`, `timeout-minutes`,
 * `defaults.run.working-directory`, and steps with `run`/`uses`, `env`, `if`, `working-directory`,
 * `continue-on-error`; expressions `${{ inputs.x }}`, `${{ github.* }}`, `${{ env.X }}` and the status
 * functions `success()`, `failure()`, `always()`, `cancelled()`.
 */
import { parse as parseYaml } from 'yaml'

export interface StepSpec {
  name?: string
  run?: string
  uses?: string
  with?: Record<string, unknown>
  env?: Record<string, unknown>
  if?: string | boolean
  'working-directory'?: string
  'continue-on-error'?: boolean | string
  shell?: string
}

export interface JobSpec {
  id: string
  name: string
  needs: string[]
  env: Record<string, unknown>
  if?: string | boolean
  timeoutMinutes: number
  workingDirectory?: string
  steps: StepSpec[]
}

export interface WorkflowSpec {
  name?: string
  runName?: string
  env: Record<string, unknown>
  jobs: JobSpec[]
}

/** Parses a workflow and orders its jobs so each comes after the jobs it `needs`. */
export function parseWorkflow(text: string): WorkflowSpec {
  const doc = parseYaml(text) as Record<string, unknown>
  const rawJobs = (doc.jobs ?? {}) as Record<string, Record<string, unknown>>
  const jobs: JobSpec[] = Object.entries(rawJobs).map(([id, j]) => ({
    id,
    name: typeof j.name === 'string' ? j.name : id,
    needs: j.needs === undefined ? [] : Array.isArray(j.needs) ? j.needs.map(String) : [String(j.needs)],
    env: (j.env ?? {}) as Record<string, unknown>,
    if: j.if as string | boolean | undefined,
    timeoutMinutes: Number(j['timeout-minutes'] ?? 360),
    workingDirectory: ((j.defaults as { run?: { 'working-directory'?: string } } | undefined)?.run ?? {})[
      'working-directory'
    ],
    steps: (j.steps ?? []) as StepSpec[]
  }))
  const ordered: JobSpec[] = []
  const done = new Set<string>()
  while (ordered.length < jobs.length) {
    const next = jobs.find(j => !done.has(j.id) && j.needs.every(n => done.has(n)))
    if (!next)
      throw new Error(
        `The workflow's jobs have a cycle or an unknown job in needs: ${jobs.map(j => `${j.id} needs [${j.needs.join(', ')}]`).join('; ')}`
      )
    ordered.push(next)
    done.add(next.id)
  }
  return {
    name: doc.name as string | undefined,
    runName: doc['run-name'] as string | undefined,
    env: (doc.env ?? {}) as Record<string, unknown>,
    jobs: ordered
  }
}

export interface ExpressionContext {
  inputs: Record<string, string>
  github: Record<string, string>
  env: Record<string, string>
  runner: Record<string, string>
  secrets: Record<string, string>
}

function lookup(path: string, ctx: ExpressionContext): string {
  const parts = path.trim().split('.')
  const [root, ...rest] = parts
  if (root === 'github' && rest[0] === 'event' && rest[1] === 'inputs')
    return ctx.inputs[rest.slice(2).join('.')] ?? ''
  const scope = (ctx as unknown as Record<string, Record<string, string>>)[root ?? '']
  return scope?.[rest.join('.')] ?? ''
}

/** Substitutes `${{ a.b }}` (plain property paths; anything else becomes an empty string). */
export function substitute(text: string, ctx: ExpressionContext): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_m, expr: string) => {
    const literal = /^'(.*)'$/.exec(expr)
    if (literal) return literal[1]!
    return /^[A-Za-z_][\w.-]*$/.test(expr) ? lookup(expr, ctx) : ''
  })
}

export type JobState = 'success' | 'failure' | 'cancelled'

/** Evaluates a step's `if:`. Without one, a step runs only while everything succeeded. */
export function shouldRun(
  condition: string | boolean | undefined,
  state: JobState,
  ctx: ExpressionContext
): boolean {
  if (condition === undefined || condition === '') return state === 'success'
  if (typeof condition === 'boolean') return condition && state !== 'cancelled'
  const expr = condition
    .trim()
    .replace(/^\$\{\{\s*/, '')
    .replace(/\s*\}\}$/, '')
  const fns: Record<string, boolean> = {
    'success()': state === 'success',
    'failure()': state === 'failure',
    'always()': true,
    'cancelled()': state === 'cancelled',
    '!cancelled()': state !== 'cancelled'
  }
  if (expr in fns) return fns[expr]!
  const usesStatus = /\b(success|failure|always|cancelled)\(\)/.test(expr)
  // A comparison like `inputs.scope == 'full'`: evaluate it literally, gated on success() as GitHub does.
  const cmp = /^([\w.-]+)\s*(==|!=)\s*'([^']*)'$/.exec(expr)
  let value = expr !== 'false'
  if (cmp) value = (lookup(cmp[1]!, ctx) === cmp[3]) === (cmp[2] === '==')
  else if (/^[\w.-]+$/.test(expr) && expr !== 'true')
    value = lookup(expr, ctx) !== '' && lookup(expr, ctx) !== 'false'
  return value && (usesStatus || state === 'success')
}
