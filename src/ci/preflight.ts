/**
 * Before the first attempt: the CI workflow(s) exist on the default branch, can be dispatched,
 * and do not hand repository secrets to the agent's code. Also decides how fast and full CI differ.
 * The same checks, one by one, feed `nightshift doctor`.
 */
import { SetupError } from '../errors.js'
import type { ActionsApi } from './actions-port.js'
import { permissionsProblem, unknownDefaultWarning } from './permission-fix.js'
import type { CiScope } from './types.js'
import { inspectPermissions, type DefaultPermissions } from './workflow-permissions.js'
import {
  CORRELATION_INPUT,
  dispatchSnippet,
  inspectWorkflow,
  SCOPE_INPUT,
  type WorkflowInfo
} from './workflow-yaml.js'

/** One workflow as read from the default branch. */
export interface LoadedWorkflow {
  /** As configured (`ci.yml` or a numeric id). */
  workflow: string
  /** `.github/workflows/ci.yml` */
  path: string
  info: WorkflowInfo
  /** The file as read, for the checks that need more than `info`. */
  text: string
}

/** What to dispatch for each scope, decided once by preflight. */
export interface CiPlan {
  fast: DispatchTarget
  full: DispatchTarget
  /** Things that work but deserve a fix (shown in the report). */
  warnings: string[]
}

export interface DispatchTarget {
  workflow: string
  info: WorkflowInfo
  /** The `scope` input's value, when the workflow declares one. */
  scope: CiScope | null
}

export interface PreflightOptions {
  ciWorkflow: string
  fastCiWorkflow?: string | null
  /** Dispatch even when the workflow reads secrets other than GITHUB_TOKEN (`allow-ci-secrets`). */
  allowCiSecrets?: boolean
  /** Dispatch even when a job's token can write or mint OIDC tokens (`allow-ci-permissions`). */
  allowCiPermissions?: boolean
  /** `owner/name`, to recognise the repository's own reusable workflows called by full name. */
  repository?: string
}

/**
 * Reads `.github/workflows/<file>` at the default branch (a numeric id is resolved to its path first).
 * Throws SetupError when it is missing or not valid YAML.
 */
export async function loadWorkflow(
  api: ActionsApi,
  workflow: string,
  defaultBranch: string
): Promise<LoadedWorkflow> {
  let path = workflow.includes('/') ? workflow : `.github/workflows/${workflow}`
  if (/^\d+$/.test(workflow)) {
    const ref = await api.workflow(workflow)
    if (!ref) {
      throw new SetupError(
        `The CI workflow id ${workflow} is unknown to GitHub. Set \`ci-workflow\` to the workflow's file name (e.g. ci.yml).`
      )
    }
    path = ref.path
  }
  const text = await api.readFile(path, defaultBranch)
  if (text === null) {
    throw new SetupError(
      `The CI workflow "${path}" was not found on the default branch "${defaultBranch}". ` +
        'GitHub dispatches only workflows that exist on the default branch: commit it there, ' +
        'or set `ci-workflow` to the file name of your CI workflow.'
    )
  }
  try {
    return { workflow, path, info: inspectWorkflow(text), text }
  } catch (e) {
    throw new SetupError(`The CI workflow "${path}" is not valid YAML: ${(e as Error).message}`)
  }
}

/** The fix for a workflow that cannot be dispatched, as the exact YAML to add. */
export function dispatchProblem(w: LoadedWorkflow, wantScope: boolean): string | null {
  if (w.info.dispatchable) return null
  const on = w.info.events.length
    ? `only ${w.info.events.map(e => `\`${e}\``).join(', ')}`
    : 'no `on:` events'
  return (
    `The CI workflow "${w.path}" has ${on}, so nightshift cannot start it: add a \`workflow_dispatch\` trigger. ` +
    `Add to ${w.path}:\n\n${dispatchSnippet(w.info, wantScope)}\n`
  )
}

/** Secrets the agent's code could read in the dispatched run, as a refusal message, or null. */
export function secretsProblem(w: LoadedWorkflow): string | null {
  if (w.info.secrets.length === 0) return null
  const names = w.info.secrets
    .map(s => (s === '*' ? 'all secrets (secrets: inherit / toJSON(secrets))' : s))
    .join(', ')
  return (
    `The CI workflow "${w.path}" uses ${names} on the workflow_dispatch path. The dispatched run executes ` +
    "the agent's code, which could read them. Remove them from the jobs that run on workflow_dispatch " +
    "(e.g. `if: github.event_name != 'workflow_dispatch'` on a deploy job), or set `allow-ci-secrets: true` " +
    'to accept the risk.'
  )
}

/**
 * The token's dangerous writes on the dispatch path, as a refusal with the YAML to change, and a
 * warning when a workflow relies on a repository default the token cannot read.
 */
export async function permissionsCheck(
  api: ActionsApi,
  w: LoadedWorkflow,
  o: { defaultBranch: string; repository: string; defaultPermissions: DefaultPermissions }
): Promise<{ problem: string | null; warning: string | null }> {
  const report = await inspectPermissions(w.path, w.text, {
    repository: o.repository,
    defaultPermissions: o.defaultPermissions,
    read: path => api.readFile(path, o.defaultBranch)
  })
  return {
    problem: permissionsProblem(w.path, report),
    warning: unknownDefaultWarning(report.unknownDefault)
  }
}

/** Warnings about correlation: without the nonce input or a run-name showing it, runs are matched by time. */
export function correlationWarnings(w: LoadedWorkflow): string[] {
  const out: string[] = []
  if (!w.info.inputs.includes(CORRELATION_INPUT) || !w.info.runNameShowsNonce) {
    out.push(
      `The CI workflow "${w.path}" does not show the \`${CORRELATION_INPUT}\` input in its run-name. On servers ` +
        'that do not return the run id of a dispatch (GitHub Enterprise Server), nightshift then takes the newest ' +
        `run on the branch, which can be someone else's. Add to ${w.path}:\n\n${dispatchSnippet(w.info, false)}\n`
    )
  }
  return out
}

/**
 * Runs every check and decides the plan; throws one SetupError listing all blocking problems.
 * Scope: a separate `fast-ci-workflow` when set; else the same workflow with `scope: fast|full` when it
 * declares a `scope` input; else the same workflow, unchanged, for both.
 */
export async function preflight(api: ActionsApi, options: PreflightOptions): Promise<CiPlan> {
  const { defaultBranch } = await api.repository()
  const full = await loadWorkflow(api, options.ciWorkflow, defaultBranch)
  const fast = options.fastCiWorkflow ? await loadWorkflow(api, options.fastCiWorkflow, defaultBranch) : null
  const problems: string[] = []
  const warnings: string[] = []
  const defaultPermissions = await api.defaultWorkflowPermissions()
  for (const w of fast ? [full, fast] : [full]) {
    const d = dispatchProblem(w, false)
    if (d) problems.push(d)
    const s = secretsProblem(w)
    if (s && !options.allowCiSecrets) problems.push(s)
    else if (s) warnings.push(`${s} (allowed by allow-ci-secrets)`)
    const p = await permissionsCheck(api, w, {
      defaultBranch,
      repository: options.repository ?? '',
      defaultPermissions
    })
    if (p.problem && !options.allowCiPermissions) problems.push(p.problem)
    else if (p.problem) warnings.push(`${p.problem} (allowed by allow-ci-permissions)`)
    if (p.warning) warnings.push(p.warning)
    if (!d) warnings.push(...correlationWarnings(w))
  }
  if (problems.length > 0) throw new SetupError(problems.join('\n\n'))
  const hasScope = (w: LoadedWorkflow) => w.info.inputs.includes(SCOPE_INPUT)
  const target = (w: LoadedWorkflow, scope: CiScope): DispatchTarget => ({
    workflow: w.workflow,
    info: w.info,
    scope: hasScope(w) ? scope : null
  })
  return {
    fast: fast ? target(fast, 'fast') : target(full, 'fast'),
    full: target(full, 'full'),
    warnings
  }
}
