/** Check runs and their annotations (jobs are check runs too; the runner creates those). */
import { bodyOf, notFound, paginate, validationFailed, type Handler } from '../api.js'
import * as f from '../factories.js'
import { isoNow, type CheckAnnotation, type CheckRun, type RepoStore } from '../model.js'

interface CheckBody {
  name?: string
  head_sha?: string
  details_url?: string
  external_id?: string
  status?: CheckRun['status']
  conclusion?: NonNullable<CheckRun['conclusion']>
  started_at?: string
  completed_at?: string
  output?: { title?: string; summary?: string; text?: string; annotations?: Array<Partial<CheckAnnotation>> }
}

function findCheck(repo: RepoStore, id: string): CheckRun {
  const c = repo.checkRuns.get(Number(id))
  if (!c) throw notFound()
  return c
}

function apply(c: CheckRun, body: CheckBody): void {
  if (body.name !== undefined) c.name = body.name
  if (body.details_url !== undefined) c.detailsUrl = body.details_url
  if (body.external_id !== undefined) c.externalId = body.external_id
  if (body.started_at !== undefined) c.startedAt = body.started_at
  if (body.status !== undefined) c.status = body.status
  if (body.conclusion !== undefined) {
    // GitHub: "Providing conclusion will automatically set the status parameter to completed."
    c.conclusion = body.conclusion
    c.status = 'completed'
  }
  if (c.status === 'completed') c.completedAt = body.completed_at ?? c.completedAt ?? isoNow()
  if (body.output) {
    if (body.output.title !== undefined) c.output.title = body.output.title
    if (body.output.summary !== undefined) c.output.summary = body.output.summary
    if (body.output.text !== undefined) c.output.text = body.output.text
    // Each request's annotations are appended to the existing ones (at most 50 a request, per the spec).
    for (const a of body.output.annotations ?? []) {
      c.annotations.push({
        path: a.path!,
        start_line: a.start_line!,
        end_line: a.end_line!,
        start_column: a.start_column ?? null,
        end_column: a.end_column ?? null,
        annotation_level: a.annotation_level!,
        title: a.title ?? null,
        message: a.message!,
        raw_details: a.raw_details ?? null
      })
    }
  }
}

export const checkRoutes: Record<string, Handler> = {
  'checks/create': async ({ repo, req }, s) => {
    const body = bodyOf<CheckBody>(req)
    const sha = await s.git.resolve(repo.bareDir, body.head_sha!)
    if (!sha || sha !== body.head_sha)
      throw validationFailed('CheckRun', 'head_sha', 'invalid', `No commit found for SHA: ${body.head_sha}`)
    if (body.output && (body.output.summary === undefined || body.output.title === undefined)) {
      throw validationFailed('CheckRun', 'output', 'missing_field', 'output requires title and summary')
    }
    const c: CheckRun = {
      id: s.ids.next('check'),
      name: body.name!,
      headSha: sha,
      status: 'queued',
      conclusion: null,
      startedAt: isoNow(),
      completedAt: null,
      externalId: null,
      detailsUrl: null,
      output: { title: null, summary: null, text: null },
      annotations: [],
      checkSuiteId: s.ids.next('suite'),
      app: 'github-actions'
    }
    apply(c, body)
    repo.checkRuns.set(c.id, c)
    return { status: 201, body: f.checkRun(s.urls, repo, c) }
  },

  'checks/update': ({ repo, req, params }, s) => {
    const c = findCheck(repo, params.check_run_id!)
    apply(c, bodyOf<CheckBody>(req))
    return { status: 200, body: f.checkRun(s.urls, repo, c) }
  },

  'checks/get': ({ repo, params }, s) => ({
    status: 200,
    body: f.checkRun(s.urls, repo, findCheck(repo, params.check_run_id!))
  }),

  'checks/list-for-ref': async ({ repo, req, params }, s) => {
    const sha = await s.git.resolve(repo.bareDir, params.ref!)
    if (!sha) throw validationFailed('Commit', 'ref', 'invalid', `No commit found for SHA: ${params.ref}`)
    const q = req.query
    let runs = [...repo.checkRuns.values()]
      .filter(c => c.headSha === sha)
      .filter(c => !q.get('check_name') || c.name === q.get('check_name'))
      .filter(c => !q.get('status') || c.status === q.get('status'))
      .sort((a, b) => b.id - a.id)
    if ((q.get('filter') ?? 'latest') === 'latest') {
      const seen = new Set<string>()
      runs = runs.filter(c => !seen.has(c.name) && seen.add(c.name))
    }
    const page = paginate(s.urls, req, runs)
    return {
      status: 200,
      body: { total_count: runs.length, check_runs: page.items.map(c => f.checkRun(s.urls, repo, c)) },
      headers: page.headers
    }
  },

  'checks/list-annotations': ({ repo, req, params }, s) => {
    const c = findCheck(repo, params.check_run_id!)
    const page = paginate(s.urls, req, c.annotations)
    return {
      status: 200,
      body: page.items.map(a => f.checkAnnotation(s.urls, repo, c, a)),
      headers: page.headers
    }
  }
}
