/**
 * The Octokit adapter for the CI gate's port (src/ci/actions-port.ts): every method returns domain
 * types; Octokit responses stay in here.
 */
import type { ActionsApi, RepoCoords, RequestCounter, WorkflowRun } from '../ci/actions-port.js'
import { apiError, headersOf, rateLimitOf, statusOf, type Octokit } from './client.js'
import { jobReads } from './job-reads.js'

export type {
  RepoCoords,
  RequestCounter,
  WorkflowRef,
  WorkflowRun,
  WorkflowJob,
  CheckAnnotation,
  RateLimit,
  Conditional,
  JobLog,
  ActionsApi
} from '../ci/actions-port.js'

export interface ActionsApiOptions {
  counter?: RequestCounter
  /** For error messages. */
  baseUrl?: string
  /** Fetch used for the log download after the redirect (tests may pass their own). */
  fetch?: typeof globalThis.fetch
}

export function createActionsApi(
  octokit: Octokit,
  coords: RepoCoords,
  options: ActionsApiOptions = {}
): ActionsApi {
  const counter = options.counter ?? { requests: 0, notModified: 0 }
  const fetchLog = options.fetch ?? globalThis.fetch
  const { owner, repo } = coords
  let runDetails: boolean | null = null

  async function call<T>(fn: () => Promise<T>): Promise<T> {
    counter.requests++
    try {
      return await fn()
    } catch (e) {
      if (statusOf(e) === 304) counter.notModified++
      throw e
    }
  }
  /** Reads every page, counting each page as one request (the `Link` header drives the paging). */
  async function pages<T>(iterator: AsyncIterable<{ data: T[] }>): Promise<T[]> {
    const all: T[] = []
    const it = iterator[Symbol.asyncIterator]()
    for (;;) {
      const page = await call(() => it.next())
      if (page.done) {
        // The iterator's last step only reports that there is no next page: it sends no request.
        counter.requests--
        return all
      }
      all.push(...page.value.data)
    }
  }
  const fail = (what: string, e: unknown) => apiError(what, e, options.baseUrl)
  const workflowId = (w: string): string | number => (/^\d+$/.test(w) ? Number(w) : w)

  return {
    counter,
    get runDetailsSupported() {
      return runDetails
    },

    async repository() {
      try {
        const { data } = await call(() => octokit.rest.repos.get({ owner, repo }))
        return {
          defaultBranch: data.default_branch,
          canPush: data.permissions ? data.permissions.push : null
        }
      } catch (e) {
        throw fail(`read the repository ${owner}/${repo}`, e)
      }
    },

    async readFile(path, ref) {
      try {
        const { data } = await call(() => octokit.rest.repos.getContent({ owner, repo, path, ref }))
        if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return null
        return Buffer.from(data.content, (data.encoding as BufferEncoding) || 'base64').toString('utf8')
      } catch (e) {
        if (statusOf(e) === 404) return null
        throw fail(`read ${path} at ${ref}`, e)
      }
    },

    async branchSha(branch) {
      try {
        const { data } = await call(() => octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` }))
        return data.object.sha
      } catch (e) {
        if (statusOf(e) === 404) return null
        throw fail(`read the branch "${branch}"`, e)
      }
    },

    async defaultWorkflowPermissions() {
      try {
        const { data } = await call(() =>
          octokit.rest.actions.getGithubActionsDefaultWorkflowPermissionsRepository({ owner, repo })
        )
        return data.default_workflow_permissions
      } catch (e) {
        // 403 for a token without administration read (GITHUB_TOKEN); 404 where the endpoint is absent.
        if (statusOf(e) === 403 || statusOf(e) === 404) return null
        throw fail("read the repository's default workflow permissions", e)
      }
    },

    async workflow(idOrFile) {
      try {
        const { data } = await call(() =>
          octokit.rest.actions.getWorkflow({ owner, repo, workflow_id: workflowId(idOrFile) })
        )
        return { id: data.id, path: data.path, name: data.name, state: data.state }
      } catch (e) {
        if (statusOf(e) === 404) return null
        throw fail(`read the workflow "${idOrFile}"`, e)
      }
    },

    async dispatch(workflow, ref, inputs) {
      const send = (withDetails: boolean) =>
        call(() =>
          octokit.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
            owner,
            repo,
            workflow_id: workflowId(workflow),
            ref,
            inputs,
            ...(withDetails ? { return_run_details: true } : {})
          })
        )
      const what = `dispatch the workflow "${workflow}" on "${ref}"`
      if (runDetails !== false) {
        try {
          const res = await send(true)
          const data = res.data as { workflow_run_id?: number; html_url?: string } | undefined
          // A 204 means the server ignored the field (older API versions): correlate instead.
          if (res.status === 200 && typeof data?.workflow_run_id === 'number') {
            runDetails = true
            return { id: data.workflow_run_id, url: data.html_url ?? '' }
          }
          runDetails = false
          return null
        } catch (e) {
          // GHES answers an unknown body field with 400 (cli/cli#12672): try once without it, and
          // remember only when that succeeds (a 400 for bad inputs fails both ways).
          if (statusOf(e) !== 400 || runDetails === true) throw fail(what, e)
        }
      }
      try {
        await send(false)
        runDetails = false
        return null
      } catch (e) {
        throw fail(what, e)
      }
    },

    async listRuns(workflow, filter) {
      const since = filter.createdSince
      const created =
        since === undefined ? undefined : `>=${new Date(since).toISOString().replace(/\.\d{3}Z$/, 'Z')}`
      try {
        const { data } = await call(() =>
          octokit.rest.actions.listWorkflowRuns({
            owner,
            repo,
            workflow_id: workflowId(workflow),
            ...(filter.branch ? { branch: filter.branch } : {}),
            ...(filter.event ? { event: filter.event } : {}),
            ...(created ? { created } : {}),
            ...(filter.headSha ? { head_sha: filter.headSha } : {}),
            ...(filter.status ? { status: filter.status } : {}),
            per_page: filter.perPage ?? 100
          })
        )
        return data.workflow_runs.map(toRun)
      } catch (e) {
        throw fail(`list the runs of "${workflow}"`, e)
      }
    },

    async rerunFailedJobs(runId) {
      try {
        await call(() => octokit.rest.actions.reRunWorkflowFailedJobs({ owner, repo, run_id: runId }))
      } catch (e) {
        throw fail(`re-run the failed jobs of run ${runId}`, e)
      }
    },

    async getRun(id, etag) {
      try {
        const res = await call(() =>
          octokit.rest.actions.getWorkflowRun({
            owner,
            repo,
            run_id: id,
            ...(etag ? { headers: { 'if-none-match': etag } } : {})
          })
        )
        return {
          notModified: false,
          value: toRun(res.data),
          etag: res.headers.etag ?? null,
          rateLimit: rateLimitOf(res.headers)
        }
      } catch (e) {
        if (statusOf(e) === 304) return { notModified: true, rateLimit: rateLimitOf(headersOf(e)) }
        throw fail(`read the workflow run ${id}`, e)
      }
    },

    ...jobReads(octokit, coords, { call, pages, fail }, fetchLog),

    async labelExists(name) {
      try {
        await call(() => octokit.rest.issues.getLabel({ owner, repo, name }))
        return true
      } catch (e) {
        if (statusOf(e) === 404) return false
        throw fail(`read the label "${name}"`, e)
      }
    }
  }
}

interface RawRun {
  id: number
  display_title: string
  status: string | null
  conclusion: string | null
  head_sha: string
  head_branch: string | null
  event: string
  created_at: string
  html_url: string
  run_attempt?: number
}

function toRun(r: RawRun): WorkflowRun {
  return {
    id: r.id,
    displayTitle: r.display_title,
    status: r.status,
    conclusion: r.conclusion,
    headSha: r.head_sha,
    headBranch: r.head_branch,
    event: r.event,
    createdAt: Date.parse(r.created_at),
    url: r.html_url,
    runAttempt: r.run_attempt ?? 1
  }
}
