/**
 * A workflow file read as GitHub reads it: `@actions/workflow-parser` (GitHub's own schema, template
 * conversion and expression validation) parses it, and whatever it rejects is rejected here with its
 * message. Reusable workflows in the same repository (`uses: ./.github/workflows/x.yml`) are loaded the
 * same way, nested as deep as GitHub allows; one from another repository is kept as a reference that
 * the runner fails at run time, since it cannot be fetched offline.
 *
 * The parser's model leaves out a few keys the runner needs (`timeout-minutes`, `continue-on-error`,
 * `defaults`, and a step's `with`, `shell`, `working-directory`); they are read from the parsed
 * (validated) token tree next to each job and step.
 *
 * Importing the parser needs a loader that accepts its JSON imports without import attributes
 * (actions/languageservices#387): tsx and Jest do, plain `node` does not; the emulator runs under both.
 */
import type { MappingToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index'
import {
  convertWorkflowTemplate,
  isMapping,
  isSequence,
  isString,
  NoOperationTraceWriter,
  parseWorkflow,
  type WorkflowTemplate
} from '@actions/workflow-parser'
import type {
  InputConfig,
  Job,
  ReusableWorkflowJob,
  Step
} from '@actions/workflow-parser/model/workflow-template'

/** "You can connect a maximum of ten levels of workflows" (docs: reusing workflows, limitations). */
export const MAX_NESTING = 10

/** What the parser rejected, with its messages (GitHub answers a dispatch of such a file with 422). */
export class WorkflowError extends Error {
  constructor(
    readonly path: string,
    readonly messages: string[]
  ) {
    super(messages.join('\n'))
  }
}

export interface StepPlan {
  step: Step
  /** The step's mapping as written (for `with`, `shell`, `working-directory`, `timeout-minutes`). */
  raw: MappingToken
}

export interface JobPlan {
  job: Job | ReusableWorkflowJob
  raw: MappingToken
  steps: StepPlan[]
  /** A reusable workflow job: the called workflow, or null when it lives in another repository. */
  callee?: WorkflowPlan | null
}

export interface WorkflowPlan {
  path: string
  name?: string
  runName?: TemplateToken
  env?: TemplateToken
  defaults?: TemplateToken
  template: WorkflowTemplate
  /** `on.workflow_dispatch.inputs` (undefined when the workflow has no workflow_dispatch trigger). */
  dispatchInputs?: Record<string, InputConfig>
  /** `on.workflow_call.outputs` of a reusable workflow, as written. */
  callOutputs?: TemplateToken
  /** `on.workflow_call.inputs` of a reusable workflow. */
  callInputs?: Record<string, InputConfig & { default?: unknown }>
  jobs: JobPlan[]
}

/** Reads a file of the same repository at the run's commit (null when missing). */
export type ReadFile = (path: string) => Promise<string | null>

export function field(mapping: TemplateToken | undefined, key: string): TemplateToken | undefined {
  if (!mapping || !isMapping(mapping)) return undefined
  for (const pair of mapping) if (isString(pair.key) && pair.key.value === key) return pair.value
  return undefined
}

/** Parses and converts one workflow file and, recursively, the local workflows it calls. */
export async function loadWorkflow(
  path: string,
  content: string,
  read: ReadFile,
  depth = 1
): Promise<WorkflowPlan> {
  const parsed = parseWorkflow({ name: path, content }, new NoOperationTraceWriter())
  const template = await convertWorkflowTemplate(parsed.context, parsed.value!)
  const errors = (template.errors ?? []).map(e => e.Message.replace(`${path} `, ''))
  if (errors.length || !parsed.value)
    throw new WorkflowError(path, errors.length ? errors : ['The workflow is empty'])
  const root = parsed.value
  const rawJobs = field(root, 'jobs')
  const on = field(root, 'on')
  const call = field(on, 'workflow_call')
  const plan: WorkflowPlan = {
    path,
    name: stringField(root, 'name'),
    runName: field(root, 'run-name'),
    env: template.env,
    defaults: field(root, 'defaults'),
    template,
    dispatchInputs: template.events?.workflow_dispatch
      ? (template.events.workflow_dispatch.inputs ?? {})
      : undefined,
    callOutputs: field(call, 'outputs'),
    callInputs: template.events?.workflow_call?.inputs as WorkflowPlan['callInputs'],
    jobs: []
  }
  for (const job of template.jobs ?? []) {
    const raw = field(rawJobs, job.id.value) as MappingToken
    const rawSteps = field(raw, 'steps')
    const steps: StepPlan[] =
      job.type === 'job'
        ? job.steps.map((step, i) => ({
            step,
            raw: (rawSteps && isSequence(rawSteps) ? rawSteps.get(i) : undefined) as MappingToken
          }))
        : []
    const entry: JobPlan = { job, raw, steps }
    if (job.type === 'reusableWorkflowJob') entry.callee = await loadCallee(path, job, read, depth)
    plan.jobs.push(entry)
  }
  return plan
}

async function loadCallee(
  caller: string,
  job: ReusableWorkflowJob,
  read: ReadFile,
  depth: number
): Promise<WorkflowPlan | null> {
  const ref = job.ref.value
  // `./path` and `$/path` name a file of the same repository at the same commit; anything else is remote.
  const local = /^(\.|\$)\//.test(ref) ? ref.slice(2) : null
  if (local === null) return null
  const at = `${caller} (Line: ${job.ref.line}, Col: ${job.ref.col})`
  if (depth >= MAX_NESTING)
    throw new WorkflowError(caller, [
      `${at}: Nested reusable workflows exceed the limit of ${MAX_NESTING} levels`
    ])
  const content = await read(local)
  if (content === null) throw new WorkflowError(caller, [`${at}: Unable to find reusable workflow '${ref}'`])
  const plan = await loadWorkflow(local, content, read, depth + 1)
  if (!plan.callOutputs && !plan.template.events?.workflow_call)
    throw new WorkflowError(caller, [`${at}: The workflow '${ref}' has no 'on: workflow_call' trigger`])
  return plan
}

function stringField(mapping: TemplateToken, key: string): string | undefined {
  const v = field(mapping, key)
  return v && isString(v) ? v.value : undefined
}
