/** Workflows, dispatch, runs, jobs and job logs. */
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { bodyOf, HttpError, errorBody, notFound, paginate, type Handler, type Services } from '../api.js'
import * as f from '../factories.js'
import { isoNow, type RepoStore, type Run, type Workflow } from '../model.js'
import { listedNow, readScriptedRun } from '../scripted-run.js'
import { field, WorkflowError, type WorkflowPlan } from '../workflow-file.js'

const WORKFLOW_DIR = '.github/workflows'

/** The workflows on the default branch, each with a stable id (GitHub keeps ids per path). */
export async function listWorkflows(repo: RepoStore, s: Services): Promise<Workflow[]> {
  const entries = (await s.git.listDir(repo.bareDir, repo.defaultBranch, WORKFLOW_DIR)) ?? []
  const out: Workflow[] = []
  for (const e of entries) {
    if (e.type !== 'file' || !/\.ya?ml$/.test(e.name)) continue
    const path = `${WORKFLOW_DIR}/${e.name}`
    let w = repo.workflows.get(path)
    if (!w) {
      const file = await s.git.readFile(repo.bareDir, repo.defaultBranch, path)
      // GitHub lists a workflow whose file it cannot read under its path.
      const parsed = parseWorkflow(
        { name: path, content: file?.content.toString('utf8') ?? '' },
        new NoOperationTraceWriter()
      )
      const nameToken = parsed.value ? field(parsed.value, 'name') : undefined
      const name =
        nameToken && 'value' in nameToken && typeof nameToken.value === 'string' ? nameToken.value : path
      w = { id: s.ids.next('workflow'), path, name, createdAt: isoNow() }
      repo.workflows.set(path, w)
    }
    out.push(w)
  }
  return out
}

/** `workflow_id` is the numeric id or the file name (`ci.yml`). */
async function findWorkflow(repo: RepoStore, s: Services, id: string): Promise<Workflow> {
  const all = await listWorkflows(repo, s)
  const w = /^\d+$/.test(id)
    ? all.find(x => x.id === Number(id))
    : all.find(x => x.path === `${WORKFLOW_DIR}/${id}`)
  if (!w) throw notFound()
  return w
}

export async function runBody(repo: RepoStore, s: Services, run: Run) {
  const head = await s.git.commit(repo.bareDir, run.headSha).catch(() => null)
  return f.workflowRun(s.urls, repo, run, s.user(repo.owner), s.user(run.actor), head)
}

function findRun(repo: RepoStore, id: string): Run {
  const run = repo.runs.get(Number(id))
  if (!run) throw notFound()
  return run
}

/** GitHub's `created` filter: `>=X`, `<=X`, `>X`, `<X`, `A..B` or a date, compared as ISO strings. */
export function matchesCreated(filter: string, created: string): boolean {
  const range = /^(.+)\.\.(.+)$/.exec(filter)
  if (range) return created >= normal(range[1]!) && created <= normal(range[2]!, true)
  const m = /^(>=|<=|>|<)?(.+)$/.exec(filter)!
  const value = normal(m[2]!, m[1] === '<=' || m[1] === '>')
  switch (m[1]) {
    case '>=':
      return created >= value
    case '>':
      return created > value
    case '<=':
      return created <= value
    case '<':
      return created < value
    default:
      return created.startsWith(m[2]!)
  }
}

/** A date without time covers the whole day; times are compared at second precision like GitHub's. */
function normal(v: string, endOfDay = false): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T${endOfDay ? '23:59:59' : '00:00:00'}Z`
  const t = Date.parse(v)
  return Number.isNaN(t) ? v : isoNow(t)
}

async function listRuns(
  repo: RepoStore,
  s: Services,
  req: Parameters<Handler>[0]['req'],
  workflowId?: number
) {
  const q = req.query
  const runs = [...repo.runs.values()]
    .filter(r => workflowId === undefined || r.workflowId === workflowId)
    .filter(r => !q.get('event') || r.event === q.get('event'))
    .filter(r => !q.get('branch') || r.headBranch === q.get('branch'))
    .filter(r => !q.get('head_sha') || r.headSha === q.get('head_sha'))
    .filter(r => !q.get('actor') || r.actor === q.get('actor'))
    .filter(r => !q.get('status') || r.status === q.get('status') || r.conclusion === q.get('status'))
    .filter(r => !q.get('created') || matchesCreated(q.get('created')!, r.createdAt))
    .filter(listedNow)
    .sort((a, b) => b.id - a.id)
  const page = paginate(s.urls, req, runs)
  return {
    status: 200,
    body: {
      total_count: runs.length,
      workflow_runs: await Promise.all(page.items.map(r => runBody(repo, s, r)))
    },
    headers: page.headers
  }
}

export const actionsRoutes: Record<string, Handler> = {
  'actions/list-repo-workflows': async ({ repo, req }, s) => {
    const all = await listWorkflows(repo, s)
    const page = paginate(s.urls, req, all)
    return {
      status: 200,
      body: { total_count: all.length, workflows: page.items.map(w => f.workflow(s.urls, repo, w)) },
      headers: page.headers
    }
  },

  'actions/get-github-actions-default-workflow-permissions-repository': ({ repo }) => ({
    status: 200,
    body: {
      default_workflow_permissions: repo.defaultWorkflowPermissions,
      can_approve_pull_request_reviews: false
    }
  }),

  'actions/get-workflow': async ({ repo, params }, s) => ({
    status: 200,
    body: f.workflow(s.urls, repo, await findWorkflow(repo, s, params.workflow_id!))
  }),

  'actions/create-workflow-dispatch': async ({ repo, req, params, grant }, s) => {
    const body = bodyOf<{ ref: string; inputs?: Record<string, unknown>; return_run_details?: boolean }>(req)
    if (s.dispatchReply === 'reject-field' && 'return_run_details' in body) {
      // GitHub Enterprise Server ≤ 3.20 refuses fields it does not know (cli/cli#12672).
      throw new HttpError(400, {
        message: 'Invalid request.\n\n"return_run_details" is not a permitted key.',
        documentation_url:
          'https://docs.github.com/enterprise-server@3.19/rest/actions/workflows#create-a-workflow-dispatch-event',
        status: '400'
      })
    }
    const w = await findWorkflow(repo, s, params.workflow_id!)
    const ref = body.ref.replace(/^refs\/(heads|tags)\//, '')
    const sha =
      (await s.git.resolve(repo.bareDir, body.ref.startsWith('refs/') ? body.ref : `refs/heads/${ref}`)) ??
      (await s.git.resolve(repo.bareDir, `refs/tags/${ref}`))
    if (!sha) throw new HttpError(422, errorBody(422, `No ref found for: ${body.ref}`))
    let plan: WorkflowPlan
    try {
      plan = await s.runner.load(repo, w.path, sha)
    } catch (e) {
      // What GitHub answers for a file its parser rejects (e.g. `gh workflow run` shows
      // "HTTP 422: Invalid Argument - failed to parse workflow: (Line: 65, Col: 26): Unexpected symbol: ...").
      if (e instanceof WorkflowError)
        throw new HttpError(
          422,
          errorBody(422, `Invalid Argument - failed to parse workflow: ${e.messages.join(', ')}`)
        )
      throw e
    }
    if (!plan.dispatchInputs)
      throw new HttpError(422, errorBody(422, "Workflow does not have 'workflow_dispatch' trigger"))
    const declared = plan.dispatchInputs
    const inputs: Record<string, string> = {}
    const unexpected = Object.keys(body.inputs ?? {}).filter(k => !(k in declared))
    if (unexpected.length)
      throw new HttpError(422, errorBody(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`))
    for (const [name, spec] of Object.entries(declared)) {
      const given = body.inputs?.[name]
      if (given === undefined && spec?.required && spec.default === undefined) {
        throw new HttpError(422, errorBody(422, `Required input '${name}' not provided`))
      }
      const v = given ?? spec?.default
      if (v !== undefined) inputs[name] = String(v)
      if (spec?.type === 'choice' && v !== undefined && !(spec.options ?? []).includes(String(v)))
        throw new HttpError(
          422,
          errorBody(
            422,
            `Provided value '${String(v)}' for input '${name}' not in the list of allowed values`
          )
        )
    }
    const run = await s.runner.dispatch(repo, plan, sha, ref, inputs, grant.login)
    // API version 2026-03-10 removed the 204: the run details always come back (x-github-breaking-changes).
    const version = String(req.headers['x-github-api-version'] ?? '2022-11-28')
    const always = version >= '2026-03-10'
    if (s.dispatchReply !== 'details' || (!body.return_run_details && !always)) return { status: 204 }
    // With the lost-dispatch fault GitHub-like behaviour is an id whose run never shows up.
    const id = run?.id ?? s.ids.next('run')
    return {
      status: 200,
      body: {
        workflow_run_id: id,
        run_url: `${s.urls.api}/repos/${repo.fullName}/actions/runs/${id}`,
        html_url: `${s.urls.server}/${repo.fullName}/actions/runs/${id}`
      }
    }
  },

  'actions/list-workflow-runs': async ({ repo, req, params }, s) =>
    listRuns(repo, s, req, (await findWorkflow(repo, s, params.workflow_id!)).id),

  'actions/list-workflow-runs-for-repo': ({ repo, req }, s) => listRuns(repo, s, req),

  'actions/get-workflow-run': async ({ repo, params }, s) => {
    const run = findRun(repo, params.run_id!)
    readScriptedRun(run)
    return { status: 200, body: await runBody(repo, s, run) }
  },

  'actions/cancel-workflow-run': ({ repo, params }, s) => {
    const run = findRun(repo, params.run_id!)
    if (run.status === 'completed')
      throw new HttpError(409, errorBody(409, 'Cannot cancel a workflow run that is completed.'))
    s.runner.cancel(repo, run)
    return { status: 202, body: {} }
  },

  'actions/re-run-workflow-failed-jobs': async ({ repo, params }, s) => {
    const run = findRun(repo, params.run_id!)
    if (run.status !== 'completed')
      throw new HttpError(403, errorBody(403, 'This workflow run is not completed and cannot be re-run.'))
    const failed = run.jobIds.some(id => {
      const c = repo.jobs.get(id)?.conclusion
      return c === 'failure' || c === 'cancelled' || c === 'timed_out'
    })
    if (!failed) throw new HttpError(403, errorBody(403, 'This workflow run has no failed jobs to re-run.'))
    await s.runner.rerunFailed(repo, run)
    return { status: 201, body: {} }
  },

  'actions/list-jobs-for-workflow-run': ({ repo, req, params }, s) => {
    const run = findRun(repo, params.run_id!)
    const jobs = run.jobIds.map(id => repo.jobs.get(id)!)
    const page = paginate(s.urls, req, jobs)
    return {
      status: 200,
      body: { total_count: jobs.length, jobs: page.items.map(j => f.job(s.urls, repo, j, run)) },
      headers: page.headers
    }
  },

  'actions/get-job-for-workflow-run': ({ repo, params }, s) => {
    const job = repo.jobs.get(Number(params.job_id))
    if (!job) throw notFound()
    return { status: 200, body: f.job(s.urls, repo, job, repo.runs.get(job.runId)!) }
  },

  'actions/download-job-logs-for-workflow-run': ({ repo, params }, s) => {
    const job = repo.jobs.get(Number(params.job_id))
    if (!job) throw notFound()
    return { status: 302, headers: { location: s.blobUrl(job.log) } }
  }
}
