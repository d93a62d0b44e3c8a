/**
 * The trigger's ports (src/trigger/ports.ts) over Octokit: read-only calls, domain types out.
 * A 404 (or 410 for a deleted or transferred issue) is an answer ("not there"), not an error.
 */
import type { IssueData } from '../task/types.js'
import type { TriggerApi } from '../trigger/ports.js'
import { isPermission } from '../trigger/permission.js'
import type { Actor } from '../trigger/types.js'
import { apiError, statusOf, type Octokit } from './client.js'

export interface RepoRef {
  owner: string
  repo: string
}

interface RestIssue {
  number: number
  title: string
  body?: string | null
  state?: string
  html_url: string
  created_at?: string
  labels: (string | { name?: string })[]
  assignees?: { login: string }[] | null
  assignee?: { login: string } | null
  pull_request?: unknown
}

export function createTriggerApi(octokit: Octokit, repo: RepoRef): TriggerApi {
  const baseUrl = String(octokit.request.endpoint.DEFAULTS.baseUrl)
  const fail = (what: string, e: unknown) => apiError(what, e, baseUrl)
  const missing = (e: unknown) => statusOf(e) === 404 || statusOf(e) === 410

  return {
    async permission(login) {
      try {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login })
        // role_name is finer (maintain, triage); a custom role's name is unknown to us, so its base
        // permission decides (admin, write, read, none).
        const role = data.role_name
        return isPermission(role) ? role : isPermission(data.permission) ? data.permission : 'none'
      } catch (e) {
        if (missing(e)) return 'none'
        throw fail(`read the permission of @${login} on ${repo.owner}/${repo.repo}`, e)
      }
    },

    async labelAppliedBy(issue, label) {
      try {
        const latest = await latestLabeled(octokit, repo, issue, label)
        return latest && { login: latest.login, type: latest.type, id: latest.id }
      } catch (e) {
        if (missing(e)) return null
        throw fail(`read the events of issue #${issue}`, e)
      }
    },

    async issue(number) {
      try {
        const { data } = await octokit.rest.issues.get({ ...repo, issue_number: number })
        return toIssue(data)
      } catch (e) {
        if (missing(e)) return null
        throw fail(`read issue #${number}`, e)
      }
    },

    async pullRequest(number) {
      try {
        const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number })
        // head.repo is null when the fork was deleted.
        const sameRepository =
          data.head.repo?.full_name.toLowerCase() === data.base.repo.full_name.toLowerCase()
        return {
          number: data.number,
          branch: data.head.ref,
          sameRepository,
          base: data.base.ref,
          headSha: data.head.sha,
          author: data.user.login
        }
      } catch (e) {
        if (missing(e)) return null
        throw fail(`read pull request #${number}`, e)
      }
    },

    async reviewComments(pullRequest, reviewId) {
      try {
        const comments = await octokit.paginate(octokit.rest.pulls.listCommentsForReview, {
          ...repo,
          pull_number: pullRequest,
          review_id: reviewId,
          per_page: 100
        })
        return comments.map(c => {
          // The list-for-review shape lacks the line fields the single-comment shape has; read them when present.
          const lines = c as {
            line?: number | null
            start_line?: number | null
            original_line?: number | null
          }
          return {
            id: c.id,
            path: c.path,
            line: lines.line ?? lines.original_line ?? null,
            startLine: lines.start_line ?? null,
            diffHunk: c.diff_hunk,
            body: c.body,
            inReplyTo: c.in_reply_to_id ?? null
          }
        })
      } catch (e) {
        if (missing(e)) return []
        throw fail(`read the comments of review ${reviewId} on pull request #${pullRequest}`, e)
      }
    },

    async openIssuesWithLabel(label) {
      try {
        const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
          ...repo,
          state: 'open',
          labels: label,
          sort: 'created',
          direction: 'asc',
          per_page: 100
        })
        return issues.filter(i => !i.pull_request).map(toIssue)
      } catch (e) {
        throw fail(`list open issues labelled "${label}"`, e)
      }
    },

    async branchesWithPrefix(prefix) {
      try {
        const { data } = await octokit.rest.git.listMatchingRefs({ ...repo, ref: `heads/${prefix}` })
        return data.map(r => r.ref.replace(/^refs\/heads\//, ''))
      } catch (e) {
        // 409: the repository is empty, so it has no branches.
        if (missing(e) || statusOf(e) === 409) return []
        throw fail(`list branches under "${prefix}"`, e)
      }
    },

    async openPullRequestBranches(prefix) {
      try {
        const pulls = await octokit.paginate(octokit.rest.pulls.list, {
          ...repo,
          state: 'open',
          per_page: 100
        })
        const full = `${repo.owner}/${repo.repo}`.toLowerCase()
        return pulls
          .filter(p => p.head.ref.startsWith(prefix) && p.head.repo?.full_name.toLowerCase() === full)
          .map(p => p.head.ref)
      } catch (e) {
        throw fail('list open pull requests', e)
      }
    }
  }
}

/** The latest `labeled` event for `label` on the issue (REST issue events): who, and when. */
export async function latestLabeled(
  octokit: Octokit,
  repo: RepoRef,
  issue: number,
  label: string
): Promise<(Actor & { at: string }) | null> {
  const events = await octokit.paginate(octokit.rest.issues.listEvents, {
    ...repo,
    issue_number: issue,
    per_page: 100
  })
  let latest: (Actor & { at: string }) | null = null
  for (const e of events) {
    const name = 'label' in e ? e.label?.name : undefined
    if (e.event === 'labeled' && name?.toLowerCase() === label.toLowerCase() && e.actor) {
      latest = { login: e.actor.login, type: e.actor.type, id: e.actor.id, at: e.created_at }
    }
  }
  return latest
}

/** An issue as the REST API returns it, as a domain type. */
export function toIssue(i: RestIssue): IssueData {
  const assignees = (i.assignees ?? []).map(a => a.login)
  if (assignees.length === 0 && i.assignee) assignees.push(i.assignee.login)
  return {
    number: i.number,
    title: i.title,
    body: i.body ?? null,
    labels: i.labels.map(l => (typeof l === 'string' ? l : (l.name ?? ''))).filter(l => l !== ''),
    assignees,
    state: i.state === 'closed' ? 'closed' : 'open',
    isPullRequest: i.pull_request !== undefined && i.pull_request !== null,
    url: i.html_url,
    createdAt: i.created_at
  }
}
