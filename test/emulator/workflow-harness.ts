/** Runs one workflow file on an emulator the way a test reads it back: through the REST API. */
import { plainClient } from './helpers.js'
import type { Emulator } from './server.js'

export const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z /gm

export interface WorkflowResult {
  run: { conclusion: string | null; display_title: string; status: string | null }
  jobs: Array<{ id: number; name: string; conclusion: string | null; steps: Array<[string, string | null]> }>
  /** Each job's log without timestamps, by job name. */
  logs: Record<string, string>
  annotations: Record<
    string,
    Array<{ level: string; path: string; line: number; message: string; title: string | null }>
  >
}

/** Commits `files` (the workflow at `.github/workflows/<name>` plus any other files), dispatches it, waits. */
export async function runWorkflow(
  emulator: Emulator,
  repository: string,
  workflow: string,
  files: Record<string, string> = {},
  inputs: Record<string, string> = {}
): Promise<WorkflowResult> {
  const [owner, repo] = repository.split('/') as [string, string]
  const name = `w${Math.random().toString(36).slice(2, 8)}.yml`
  await emulator.pushToDefault(
    repository,
    { [`.github/workflows/${name}`]: workflow, ...files },
    `Add ${name}`
  )
  const gh = plainClient(emulator)
  const res = await gh.rest.actions.createWorkflowDispatch({
    owner,
    repo,
    workflow_id: name,
    ref: 'main',
    inputs,
    return_run_details: true
  } as never)
  const runId = (res.data as unknown as { workflow_run_id: number }).workflow_run_id
  await emulator.idle()
  const run = (await gh.rest.actions.getWorkflowRun({ owner, repo, run_id: runId })).data
  const jobs = await gh.paginate(gh.rest.actions.listJobsForWorkflowRun, { owner, repo, run_id: runId })
  const result: WorkflowResult = {
    run,
    jobs: jobs.map(j => ({
      id: j.id,
      name: j.name,
      conclusion: j.conclusion,
      steps: (j.steps ?? []).map(s => [s.name, s.conclusion] as [string, string | null])
    })),
    logs: {},
    annotations: {}
  }
  for (const j of jobs) {
    const log = await gh.rest.actions.downloadJobLogsForWorkflowRun({ owner, repo, job_id: j.id })
    result.logs[j.name] = String(log.data).replace(STAMP, '')
    const annotations = await gh.paginate(gh.rest.checks.listAnnotations, { owner, repo, check_run_id: j.id })
    result.annotations[j.name] = annotations.map(a => ({
      level: a.annotation_level ?? '',
      path: a.path,
      line: a.start_line,
      message: a.message ?? '',
      title: a.title ?? null
    }))
  }
  return result
}

/** The 422 message GitHub answers a dispatch with (for workflows its parser rejects). */
export async function dispatchError(
  emulator: Emulator,
  repository: string,
  workflow: string
): Promise<string> {
  const [owner, repo] = repository.split('/') as [string, string]
  const name = `bad${Math.random().toString(36).slice(2, 8)}.yml`
  await emulator.pushToDefault(repository, { [`.github/workflows/${name}`]: workflow }, `Add ${name}`)
  try {
    await plainClient(emulator).rest.actions.createWorkflowDispatch({
      owner,
      repo,
      workflow_id: name,
      ref: 'main'
    })
  } catch (e) {
    const err = e as { status: number; response?: { data?: { message?: string } } }
    return `${err.status} ${err.response?.data?.message ?? ''}`
  }
  return 'accepted'
}
