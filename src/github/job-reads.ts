/**
 * The jobs of a workflow run as the CI gate reads them: the list with their steps, each job's check-run
 * annotations, and its log, streamed from the signed URL the API redirects to.
 */
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { ActionsApi, RepoCoords } from '../ci/actions-port.js'
import { statusOf, type Octokit } from './client.js'

/** How the adapter sends a request: counted, every page read, failures named. */
export interface Requests {
  call<T>(fn: () => Promise<T>): Promise<T>
  pages<T>(iterator: AsyncIterable<{ data: T[] }>): Promise<T[]>
  fail(what: string, e: unknown): Error
}

export function jobReads(
  octokit: Octokit,
  { owner, repo }: RepoCoords,
  { call, pages, fail }: Requests,
  fetchLog: typeof globalThis.fetch
): Pick<ActionsApi, 'listJobs' | 'listAnnotations' | 'openJobLog'> {
  return {
    async listJobs(runId) {
      try {
        const jobs = await pages(
          octokit.paginate.iterator(octokit.rest.actions.listJobsForWorkflowRun, {
            owner,
            repo,
            run_id: runId,
            per_page: 100
          })
        )
        return jobs.map(j => ({
          id: j.id,
          name: j.name,
          status: j.status,
          conclusion: j.conclusion,
          checkRunId: Number(/\/check-runs\/(\d+)$/.exec(j.check_run_url ?? '')?.[1] ?? j.id),
          url: j.html_url ?? '',
          steps: (j.steps ?? []).map(s => ({ name: s.name, number: s.number, conclusion: s.conclusion }))
        }))
      } catch (e) {
        throw fail(`list the jobs of run ${runId}`, e)
      }
    },

    async listAnnotations(checkRunId) {
      try {
        const list = await pages(
          octokit.paginate.iterator(octokit.rest.checks.listAnnotations, {
            owner,
            repo,
            check_run_id: checkRunId,
            per_page: 100
          })
        )
        return list.map(a => ({
          path: a.path,
          startLine: a.start_line ?? null,
          startColumn: a.start_column ?? null,
          level: a.annotation_level,
          title: a.title,
          message: a.message ?? ''
        }))
      } catch (e) {
        throw fail(`list the annotations of check run ${checkRunId}`, e)
      }
    },

    async openJobLog(jobId) {
      let location: string | undefined
      try {
        // Manual redirect: Octokit would otherwise follow and read the whole log into memory.
        const res = await call(() =>
          octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
            owner,
            repo,
            job_id: jobId,
            request: { redirect: 'manual', parseSuccessResponseBody: false }
          })
        )
        location = (res.headers as Record<string, string | undefined>).location
        if ((res.status as number) === 200 && res.data)
          return { ok: true, content: toAsyncIterable(res.data) }
      } catch (e) {
        const status = statusOf(e)
        return {
          ok: false,
          status,
          reason: `the API answered ${status ?? 'with a network error'} for the log of job ${jobId}`
        }
      }
      if (!location)
        return { ok: false, status: null, reason: `no Location header in the log redirect of job ${jobId}` }
      try {
        // The signed URL carries its own authorisation: no token goes to the storage host.
        const res = await fetchLog(location)
        if (!res.ok || !res.body) {
          await res.body?.cancel()
          return {
            ok: false,
            status: res.status,
            reason: `the log URL answered ${res.status} (it lasts one minute)`
          }
        }
        return { ok: true, content: Readable.fromWeb(res.body as WebReadableStream<Uint8Array>) }
      } catch (e) {
        return { ok: false, status: null, reason: `the log download failed: ${(e as Error).message}` }
      }
    }
  }
}

function toAsyncIterable(data: unknown): AsyncIterable<Uint8Array> {
  if (typeof data === 'string') return Readable.from([Buffer.from(data)])
  if (data && typeof data === 'object' && Symbol.asyncIterator in data)
    return data as AsyncIterable<Uint8Array>
  return Readable.fromWeb(data as WebReadableStream<Uint8Array>)
}
