/**
 * A loopback HTTP fake of the GitHub REST routes the CI gate uses, with response shapes typed from
 * @octokit/openapi-types. Runs follow a script (one state per poll), ETags give real 304s, job logs
 * answer 302 to a signed URL on a "storage" path that refuses an Authorization header, like blob storage.
 */
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { components } from '@octokit/openapi-types'
import { parse } from 'yaml'

type Schemas = components['schemas']
type RunBody = Pick<
  Schemas['workflow-run'],
  | 'id'
  | 'name'
  | 'display_title'
  | 'status'
  | 'conclusion'
  | 'head_sha'
  | 'head_branch'
  | 'event'
  | 'created_at'
  | 'updated_at'
  | 'html_url'
  | 'run_attempt'
  | 'workflow_id'
>
type JobBody = Pick<
  Schemas['job'],
  'id' | 'run_id' | 'name' | 'status' | 'conclusion' | 'html_url' | 'check_run_url' | 'steps' | 'head_sha'
>
type AnnotationBody = Schemas['check-annotation']

export type DispatchMode = 'details' | 'reject-field' | 'no-content'
/** How a job's log behaves: text, a generated log of N lines, gone (410 at the API), or an expired signed URL. */
export type FakeLog = string | { lines: number } | 'gone' | 'expired'

export interface FakeJob {
  name: string
  conclusion: 'success' | 'failure' | 'cancelled' | 'timed_out' | 'skipped'
  steps: { name: string; conclusion: 'success' | 'failure' | 'skipped' | 'timed_out' }[]
  annotations?: Pick<AnnotationBody, 'path' | 'start_line' | 'annotation_level' | 'title' | 'message'>[]
  log?: FakeLog
}

/** What a dispatched run does: `states[k]` is what the k-th read of the run sees (the last one repeats). */
export interface RunScript {
  states: ('queued' | 'in_progress' | 'waiting' | `completed:${string}`)[]
  jobs?: FakeJob[]
  /** The run shows up in listings only from this listing on (1-based; default 1). Infinity: never. */
  appearsAtListing?: number
}

export interface Exchange {
  method: string
  path: string
  status: number
  /** The JSON request body, when there was one. */
  request?: unknown
  /** The JSON response body. */
  body?: unknown
  headers: Record<string, string | string[] | undefined>
}

export interface FakeGitHub {
  apiUrl: string
  token: string
  owner: string
  repo: string
  exchanges: Exchange[]
  setWorkflow(file: string, yaml: string): void
  setDispatchMode(mode: DispatchMode): void
  scriptNextRun(script: RunScript): void
  /** Adds a run by someone else on the branch (correlation must not pick it). */
  addForeignRun(branch: string, title: string): void
  /** The next `count` reads of a run answer 403 with `retry-after`, like a secondary rate limit. */
  rateLimitRunReads(count: number, retryAfterSeconds: number): void
  close(): Promise<void>
}

interface Run {
  body: RunBody
  script: RunScript
  reads: number
  inputs: Record<string, string>
  jobIds: number[]
}

export async function startFakeGitHub(
  init: {
    labels?: string[]
    canPush?: boolean | null
    /** The repository's default token permissions; null answers 403 as GitHub does for GITHUB_TOKEN. */
    defaultPermissions?: 'read' | 'write' | null
  } = {}
): Promise<FakeGitHub> {
  const owner = 'octo-org'
  const repo = 'widgets'
  const token = 'ghs_fake0123456789'
  const workflows = new Map<string, { id: number; yaml: string }>()
  const runs: Run[] = []
  const jobs = new Map<number, { run: Run; job: FakeJob }>()
  const exchanges: Exchange[] = []
  const requestBodies = new WeakMap<IncomingMessage, unknown>()
  const scripts: RunScript[] = []
  let mode: DispatchMode = 'details'
  let nextId = 9001
  let listings = 0
  let limited = { count: 0, retryAfter: 0 }
  let base = ''

  const server = createServer((req, res) => {
    void handle(req, res).catch(e => send(res, req, 500, { message: String(e) }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  function send(
    res: ServerResponse,
    req: IncomingMessage,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {}
  ) {
    const path = req.url ?? ''
    exchanges.push({
      method: req.method ?? '',
      path,
      status,
      request: requestBodies.get(req),
      body,
      headers: req.headers
    })
    const limit = {
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '990',
      'x-ratelimit-reset': '4102444800'
    }
    if (body === undefined || status === 304) {
      res.writeHead(status, { ...limit, ...headers })
      res.end()
      return
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...limit, ...headers })
    res.end(JSON.stringify(body))
  }

  /** Sends `body`, or 304 when the client already holds this representation (strong ETag of the JSON). */
  function sendConditional(req: IncomingMessage, res: ServerResponse, body: unknown) {
    const etag = `"${createHash('sha1').update(JSON.stringify(body)).digest('hex')}"`
    if (req.headers['if-none-match'] === etag) return send(res, req, 304, undefined, { etag })
    send(res, req, 200, body, { etag })
  }

  async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    let text = ''
    for await (const chunk of req) text += String(chunk)
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {}
    requestBodies.set(req, body)
    return body
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base)
    const p = url.pathname
    if (p.startsWith('/_storage/')) return storage(req, res, url)
    if (req.headers.authorization !== `token ${token}`)
      return send(res, req, 401, { message: 'Bad credentials' })
    const prefix = `/repos/${owner}/${repo}`
    if (!p.startsWith(prefix)) return send(res, req, 404, { message: 'Not Found' })
    const r = p.slice(prefix.length)
    let m: RegExpExecArray | null
    if (r === '') {
      const permissions = init.canPush == null ? undefined : { admin: false, push: init.canPush, pull: true }
      return send(res, req, 200, {
        id: 1,
        name: repo,
        full_name: `${owner}/${repo}`,
        default_branch: 'main',
        permissions
      })
    }
    if ((m = /^\/contents\/(.+)$/.exec(r))) {
      const file = /^\.github\/workflows\/([^/]+)$/.exec(decodeURIComponent(m[1] as string))?.[1]
      const wf = file ? workflows.get(file) : undefined
      if (!wf || url.searchParams.get('ref') !== 'main') return send(res, req, 404, { message: 'Not Found' })
      const content = Buffer.from(wf.yaml).toString('base64')
      const body: Pick<
        Schemas['content-file'],
        'type' | 'encoding' | 'size' | 'name' | 'path' | 'content' | 'sha'
      > = {
        type: 'file',
        encoding: 'base64',
        size: wf.yaml.length,
        name: file as string,
        path: `.github/workflows/${file}`,
        content,
        sha: 'abc'
      }
      return send(res, req, 200, body)
    }
    if (r === '/actions/permissions/workflow') {
      const d = init.defaultPermissions === undefined ? 'read' : init.defaultPermissions
      if (d === null) return send(res, req, 403, { message: 'Resource not accessible by integration' })
      return send(res, req, 200, { default_workflow_permissions: d, can_approve_pull_request_reviews: false })
    }
    if ((m = /^\/labels\/(.+)$/.exec(r))) {
      const name = decodeURIComponent(m[1] as string)
      if (!(init.labels ?? ['agent-ok']).includes(name)) return send(res, req, 404, { message: 'Not Found' })
      return send(res, req, 200, { id: 7, name, color: 'ededed', default: false })
    }
    if ((m = /^\/actions\/workflows\/([^/]+)(\/dispatches|\/runs)?$/.exec(r))) {
      const key = decodeURIComponent(m[1] as string)
      const entry = [...workflows.entries()].find(([f, w]) => f === key || String(w.id) === key)
      if (!entry) return send(res, req, 404, { message: 'Not Found' })
      const [file, wf] = entry
      if (!m[2]) {
        return send(res, req, 200, {
          id: wf.id,
          name: file,
          path: `.github/workflows/${file}`,
          state: 'active'
        })
      }
      if (m[2] === '/dispatches' && req.method === 'POST')
        return dispatch(req, res, file, wf.id, await readBody(req))
      if (m[2] === '/runs') return listRuns(req, res, wf.id, url)
    }
    if ((m = /^\/actions\/runs\/(\d+)(\/jobs)?$/.exec(r))) {
      const run = runs.find(x => x.body.id === Number(m![1]))
      if (!run) return send(res, req, 404, { message: 'Not Found' })
      if (m[2]) return sendJobs(req, res, run)
      if (limited.count > 0) {
        limited.count--
        return send(
          res,
          req,
          403,
          { message: 'You have exceeded a secondary rate limit' },
          { 'retry-after': String(limited.retryAfter) }
        )
      }
      const state = run.script.states[Math.min(run.reads++, run.script.states.length - 1)] as string
      const [status, conclusion] = state.split(':')
      run.body.status = status as string
      run.body.conclusion = conclusion ?? null
      return sendConditional(req, res, run.body)
    }
    if ((m = /^\/check-runs\/(\d+)\/annotations$/.exec(r))) {
      const entry = jobs.get(Number(m[1]))
      if (!entry) return send(res, req, 404, { message: 'Not Found' })
      return sendAnnotations(req, res, entry.job, url)
    }
    if ((m = /^\/actions\/jobs\/(\d+)\/logs$/.exec(r))) {
      const entry = jobs.get(Number(m[1]))
      if (!entry || entry.job.log === undefined) return send(res, req, 404, { message: 'Not Found' })
      if (entry.job.log === 'gone') return send(res, req, 410, { message: 'Gone' })
      const expires = entry.job.log === 'expired' ? 'past' : 'future'
      return send(res, req, 302, undefined, {
        location: `${base}/_storage/jobs/${m[1]}?sig=s3cr3t&se=${expires}`
      })
    }
    send(res, req, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
  }

  function dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    file: string,
    workflowId: number,
    body: Record<string, unknown>
  ) {
    if (typeof body.ref !== 'string')
      return send(res, req, 422, { message: 'Invalid request: "ref" is required' })
    if ('return_run_details' in body && mode === 'reject-field') {
      // GHES: "Invalid request. "return_run_details" is not a permitted key." (cli/cli#12672)
      return send(res, req, 400, {
        message: 'Invalid request.\n\n"return_run_details" is not a permitted key.'
      })
    }
    const inputs = (body.inputs ?? {}) as Record<string, string>
    const declared = declaredInputs(workflows.get(file)?.yaml ?? '')
    const unexpected = Object.keys(inputs).filter(k => !declared.includes(k))
    if (unexpected.length)
      return send(res, req, 422, { message: `Unexpected inputs provided: ${JSON.stringify(unexpected)}` })
    const script = scripts.shift() ?? { states: ['completed:success'] }
    const id = nextId++
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
    const yaml = workflows.get(file)?.yaml ?? ''
    const runName = /^run-name:\s*["']?(.*?)["']?\s*$/m.exec(yaml)?.[1]
    const title = runName
      ? runName.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_s, k: string) => inputs[k] ?? '')
      : 'CI'
    const run: Run = {
      body: {
        id,
        name: 'CI',
        display_title: title,
        status: 'queued',
        conclusion: null,
        head_sha: 'f00dfeed'.repeat(5),
        head_branch: body.ref,
        event: 'workflow_dispatch',
        created_at: now,
        updated_at: now,
        html_url: `https://github.example/${owner}/${repo}/actions/runs/${id}`,
        run_attempt: 1,
        workflow_id: workflowId
      },
      script,
      reads: 0,
      inputs,
      jobIds: []
    }
    for (const job of script.jobs ?? []) {
      const jobId = nextId++
      run.jobIds.push(jobId)
      jobs.set(jobId, { run, job })
    }
    runs.push(run)
    if (body.return_run_details === true && mode === 'details') {
      const reply: { workflow_run_id: number; run_url: string; html_url: string } = {
        workflow_run_id: id,
        run_url: `${base}/repos/${owner}/${repo}/actions/runs/${id}`,
        html_url: run.body.html_url
      }
      return send(res, req, 200, reply)
    }
    send(res, req, 204)
  }

  function listRuns(req: IncomingMessage, res: ServerResponse, workflowId: number, url: URL) {
    listings++
    const branch = url.searchParams.get('branch')
    const event = url.searchParams.get('event')
    const created = /^>=(.+)$/.exec(url.searchParams.get('created') ?? '')?.[1]
    const since = created ? Date.parse(created) : 0
    const visible = runs.filter(
      r =>
        r.body.workflow_id === workflowId &&
        (!branch || r.body.head_branch === branch) &&
        (!event || r.body.event === event) &&
        Date.parse(r.body.created_at) >= since &&
        listings >= (r.script.appearsAtListing ?? 1)
    )
    const list = [...visible].reverse().map(r => r.body)
    send(res, req, 200, { total_count: list.length, workflow_runs: list })
  }

  function sendJobs(req: IncomingMessage, res: ServerResponse, run: Run) {
    const list: JobBody[] = run.jobIds.map(id => {
      const job = (jobs.get(id) as { job: FakeJob }).job
      return {
        id,
        run_id: run.body.id,
        name: job.name,
        status: 'completed',
        conclusion: job.conclusion,
        head_sha: run.body.head_sha,
        html_url: `https://github.example/${owner}/${repo}/actions/runs/${run.body.id}/job/${id}`,
        check_run_url: `${base}/repos/${owner}/${repo}/check-runs/${id}`,
        steps: job.steps.map((s, i) => ({
          name: s.name,
          number: i + 1,
          status: 'completed' as const,
          conclusion: s.conclusion
        }))
      }
    })
    send(res, req, 200, { total_count: list.length, jobs: list })
  }

  function sendAnnotations(req: IncomingMessage, res: ServerResponse, job: FakeJob, url: URL) {
    const perPage = Number(url.searchParams.get('per_page') ?? 30)
    const page = Number(url.searchParams.get('page') ?? 1)
    const all: AnnotationBody[] = (job.annotations ?? []).map(a => ({
      ...a,
      end_line: a.start_line,
      start_column: null,
      end_column: null,
      blob_href: `https://github.example/${owner}/${repo}/blob/f00d/${a.path}`,
      raw_details: null
    }))
    const slice = all.slice((page - 1) * perPage, page * perPage)
    const headers: Record<string, string> = {}
    if (page * perPage < all.length) {
      const next = new URL(url.toString(), base)
      next.searchParams.set('page', String(page + 1))
      headers.link = `<${base}${next.pathname}${next.search}>; rel="next"`
    }
    send(res, req, 200, slice, headers)
  }

  function storage(req: IncomingMessage, res: ServerResponse, url: URL) {
    const id = Number(url.pathname.split('/').pop())
    const log = jobs.get(id)?.job.log
    // Blob storage rejects a request that carries both a SAS signature and an Authorization header.
    if (req.headers.authorization)
      return send(res, req, 400, { message: 'Authorization header not allowed with SAS' })
    if (url.searchParams.get('se') === 'past' || log === undefined || log === 'gone' || log === 'expired') {
      return send(res, req, 403, { message: 'AuthenticationFailed: Signed expiry time has passed' })
    }
    exchanges.push({ method: req.method ?? '', path: url.pathname, status: 200, headers: req.headers })
    res.writeHead(200, { 'content-type': 'text/plain' })
    if (typeof log === 'string') return void res.end(log)
    let i = 0
    const pump = () => {
      while (i < log.lines) {
        const line = `2026-03-01T10:00:00.0000000Z line ${i++} ${'x'.repeat(80)}\n`
        if (!res.write(line)) return void res.once('drain', pump)
      }
      res.end()
    }
    pump()
  }

  return {
    apiUrl: base,
    token,
    owner,
    repo,
    exchanges,
    setWorkflow(file, yaml) {
      workflows.set(file, { id: workflows.get(file)?.id ?? 100 + workflows.size, yaml })
    },
    setDispatchMode(m) {
      mode = m
    },
    scriptNextRun(script) {
      scripts.push(script)
    },
    addForeignRun(branch, title) {
      const [wf] = [...workflows.values()]
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
      const id = nextId++
      runs.push({
        body: {
          id,
          name: 'CI',
          display_title: title,
          status: 'queued',
          conclusion: null,
          head_sha: 'beef'.repeat(10),
          head_branch: branch,
          event: 'workflow_dispatch',
          created_at: now,
          updated_at: now,
          html_url: `https://github.example/${owner}/${repo}/actions/runs/${id}`,
          run_attempt: 1,
          workflow_id: wf?.id ?? 0
        },
        script: { states: ['queued'] },
        reads: 0,
        inputs: {},
        jobIds: []
      })
    },
    rateLimitRunReads(count, retryAfterSeconds) {
      limited = { count, retryAfter: retryAfterSeconds }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close(e => (e ? reject(e) : resolve()))
        // Octokit's fetch keeps connections alive; without this, close waits for them to time out.
        server.closeAllConnections()
      })
  }
}

/** Input names under `on.workflow_dispatch.inputs`, as GitHub validates dispatch inputs against them. */
function declaredInputs(yaml: string): string[] {
  const doc = parse(yaml) as {
    on?: { workflow_dispatch?: { inputs?: Record<string, unknown> } | null }
  } | null
  const on = doc?.on
  return typeof on === 'object' && on !== null && !Array.isArray(on)
    ? Object.keys(on.workflow_dispatch?.inputs ?? {})
    : []
}
