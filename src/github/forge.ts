/**
 * The Forge port on GitHub's REST API: check runs, comments, labels, pull requests, and the
 * `/nightshift stop` signal. Returns domain types only.
 */
import type { Annotation, CheckConclusion, CheckRunOutput, Forge, PullRequestRef } from '../loop/ports.js'
import { canWrite } from '../trigger/permission.js'
import { apiError, statusOf, type Octokit } from './client.js'
import { toIssue } from './trigger-api.js'

export interface ForgeOptions {
  octokit: Octokit
  owner: string
  repo: string
  /** Comment command prefix, e.g. `/nightshift`. */
  command: string
  /** Check-run name shown on the commit. */
  checkName?: string
  /** Logins allowed to stop the loop are those with write access; this reads it (cached per login). */
  permission: (login: string) => Promise<string>
}

export function createGitHubForge(o: ForgeOptions): Forge {
  const { octokit, owner, repo } = o
  const name = o.checkName ?? 'nightshift'
  const stopRe = new RegExp(`^\\s*${o.command.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s+stop\\s*$`, 'm')
  // Polling for a stop command rides on conditional requests: a 304 is free of the rate limit.
  const commentsEtag = new Map<number, { etag: string; stop: boolean }>()
  const permissions = new Map<string, boolean>()
  const lastOutput = new Map<number, CheckRunOutput>()

  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (e) {
      throw apiError(what, e)
    }
  }
  const toPr = (p: {
    number: number
    html_url: string
    head: { ref: string }
    draft?: boolean
  }): PullRequestRef => ({
    number: p.number,
    url: p.html_url,
    branch: p.head.ref,
    draft: p.draft ?? false
  })

  return {
    createCheckRun: (headSha: string, output: CheckRunOutput) =>
      call('create the check run', async () => {
        const { data } = await octokit.rest.checks.create({
          owner,
          repo,
          name,
          head_sha: headSha,
          status: 'in_progress',
          output
        })
        lastOutput.set(data.id, output)
        return { id: data.id, url: data.html_url ?? '' }
      }),

    updateCheckRun: (
      id: number,
      u: { output?: CheckRunOutput; annotations?: Annotation[]; conclusion?: CheckConclusion }
    ) =>
      call('update the check run', async () => {
        // GitHub wants title and summary beside annotations: reuse the last output we sent.
        if (u.output) lastOutput.set(id, u.output)
        const output =
          u.output ?? (u.annotations ? (lastOutput.get(id) ?? { title: name, summary: name }) : undefined)
        await octokit.rest.checks.update({
          owner,
          repo,
          check_run_id: id,
          ...(output
            ? { output: { ...output, ...(u.annotations ? { annotations: u.annotations } : {}) } }
            : {}),
          ...(u.conclusion ? { status: 'completed' as const, conclusion: u.conclusion } : {})
        })
      }),

    createIssue: issue =>
      call('open an issue', async () => {
        const { data } = await octokit.rest.issues.create({ owner, repo, ...issue })
        return toIssue(data)
      }),

    comment: (issue: number, body: string) =>
      call(`comment on #${issue}`, async () => {
        const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body })
        return { id: data.id, url: data.html_url }
      }),

    addLabels: (issue: number, labels: string[]) =>
      call(`label #${issue}`, async () => {
        await octokit.rest.issues.addLabels({ owner, repo, issue_number: issue, labels })
      }),

    removeLabel: (issue: number, label: string) =>
      call(`remove the label "${label}" from #${issue}`, async () => {
        try {
          await octokit.rest.issues.removeLabel({ owner, repo, issue_number: issue, name: label })
        } catch (e) {
          if (statusOf(e) !== 404) throw e // already gone is fine
        }
      }),

    findPullRequest: (branch: string) =>
      call(`look for a pull request from ${branch}`, async () => {
        const { data } = await octokit.rest.pulls.list({
          owner,
          repo,
          state: 'open',
          head: `${owner}:${branch}`,
          per_page: 10
        })
        const pr = data.find(p => p.head.ref === branch)
        return pr ? toPr(pr) : null
      }),

    createPullRequest: pr =>
      call(`open a pull request from ${pr.branch}`, async () => {
        const { data } = await octokit.rest.pulls.create({
          owner,
          repo,
          head: pr.branch,
          base: pr.base,
          title: pr.title,
          body: pr.body,
          draft: pr.draft
        })
        return { ...toPr(data), headSha: data.head.sha }
      }),

    branchHead: (branch: string) =>
      call(`read the head of ${branch}`, async () => {
        try {
          const { data } = await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` })
          return data.object.sha
        } catch (e) {
          if (statusOf(e) === 404) return null
          throw e
        }
      }),

    updatePullRequest: (number: number, pr: { title?: string; body?: string }) =>
      call(`update pull request #${number}`, async () => {
        await octokit.rest.pulls.update({ owner, repo, pull_number: number, ...pr })
      }),

    stopRequested: (issue: number, since: number) =>
      call(`read the comments of #${issue}`, async () => {
        const cached = commentsEtag.get(issue)
        let data: { body?: string; user: { login: string; type?: string } | null }[]
        let etag: string | undefined
        try {
          const res = await octokit.rest.issues.listComments({
            owner,
            repo,
            issue_number: issue,
            since: new Date(since).toISOString(),
            per_page: 100,
            headers: cached ? { 'if-none-match': cached.etag } : {}
          })
          data = res.data
          etag = res.headers.etag
        } catch (e) {
          if (statusOf(e) === 304 && cached) return cached.stop
          throw e
        }
        let stop = false
        for (const c of data) {
          const login = c.user?.login ?? ''
          if (!login || c.user?.type === 'Bot' || login.endsWith('[bot]') || !stopRe.test(c.body ?? ''))
            continue
          if (!permissions.has(login)) permissions.set(login, canWrite(await o.permission(login)))
          if (permissions.get(login)) stop = true
        }
        if (etag) commentsEtag.set(issue, { etag, stop })
        return stop
      })
  }
}
