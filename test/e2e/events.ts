/**
 * Webhook payloads as GitHub would deliver them for the emulator's repositories: the `issue`,
 * `comment` and `repository` objects are read back over the emulator's REST API (the webhook shapes
 * are the REST shapes), the rest is filled in like the real deliveries in @octokit/webhooks-examples.
 */
import type { Emulator } from '../emulator/server.js'
import { plainClient } from '../emulator/helpers.js'

function user(login: string, type = 'User') {
  return {
    login,
    id: Math.abs(hash(login)),
    type,
    node_id: `U_${login}`,
    html_url: `https://github.test/${login}`
  }
}

function hash(s: string): number {
  let h = 7
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0
  return h % 1_000_000
}

async function common(emulator: Emulator, repository: string, number: number) {
  const [owner, repo] = repository.split('/') as [string, string]
  const client = plainClient(emulator)
  const [issue, repoData] = await Promise.all([
    client.rest.issues.get({ owner, repo, issue_number: number }),
    client.rest.repos.get({ owner, repo })
  ])
  return { issue: issue.data, repository: repoData.data, client, owner, repo }
}

/** `issues` with action `assigned` or `labeled`, sent by `sender`. */
export async function issuesEvent(
  emulator: Emulator,
  repository: string,
  e: { action: 'assigned' | 'labeled'; number: number; sender: string; assignee?: string; label?: string }
) {
  const { issue, repository: repo } = await common(emulator, repository, e.number)
  return {
    action: e.action,
    issue,
    ...(e.assignee ? { assignee: user(e.assignee) } : {}),
    ...(e.label
      ? {
          label: {
            name: e.label,
            color: 'ededed',
            default: false,
            description: null,
            id: 1,
            node_id: 'L_1',
            url: ''
          }
        }
      : {}),
    repository: repo,
    sender: user(e.sender)
  }
}

/** `issue_comment` created: posts the comment in the emulator, then describes it. */
export async function commentEvent(
  emulator: Emulator,
  repository: string,
  e: { number: number; body: string; user: string; type?: string }
) {
  const id = emulator.comment(repository, e.number, e.body, e.user)
  const { issue, repository: repo, client, owner, repo: name } = await common(emulator, repository, e.number)
  // Read back through the list endpoint (the one the action uses; the emulator serves no single-comment GET).
  const listed = await client.paginate(client.rest.issues.listComments, {
    owner,
    repo: name,
    issue_number: e.number
  })
  const comment = listed.find(c => c.id === id)
  if (!comment) throw new Error(`comment ${id} on #${e.number} was posted but is not listed`)
  if (e.type) Object.assign(comment, { user: { ...comment.user, type: e.type } })
  return { action: 'created', issue, comment, repository: repo, sender: user(e.user, e.type) }
}

/** `pull_request_review` submitted: the review (as the REST API returned it) on pull request `number`. */
export async function reviewEvent(
  emulator: Emulator,
  repository: string,
  e: { number: number; review: Record<string, unknown>; sender: string }
) {
  const [owner, repo] = repository.split('/') as [string, string]
  const client = plainClient(emulator)
  const [pull, repoData] = await Promise.all([
    client.rest.pulls.get({ owner, repo, pull_number: e.number }),
    client.rest.repos.get({ owner, repo })
  ])
  // The webhook's review state is lower case ("changes_requested"); the REST API's is upper case.
  const review = { ...e.review, state: String(e.review.state).toLowerCase() }
  return {
    action: 'submitted',
    review,
    pull_request: pull.data,
    repository: repoData.data,
    sender: user(e.sender)
  }
}

/**
 * `workflow_run` completed: the run as the REST API returns it, with `pull_requests` filled in the way
 * GitHub fills it for a run on a pull request's head in the same repository.
 */
export async function workflowRunEvent(
  emulator: Emulator,
  repository: string,
  e: { runId: number; pull: number; sender: string }
) {
  const [owner, repo] = repository.split('/') as [string, string]
  const client = plainClient(emulator)
  const [run, pull, repoData] = await Promise.all([
    client.rest.actions.getWorkflowRun({ owner, repo, run_id: e.runId }),
    client.rest.pulls.get({ owner, repo, pull_number: e.pull }),
    client.rest.repos.get({ owner, repo })
  ])
  const workflowRun = {
    ...run.data,
    pull_requests: [
      {
        id: pull.data.id,
        number: pull.data.number,
        url: pull.data.url,
        head: {
          ref: pull.data.head.ref,
          sha: pull.data.head.sha,
          repo: { id: repoData.data.id, name: repo }
        },
        base: { ref: pull.data.base.ref, sha: pull.data.base.sha, repo: { id: repoData.data.id, name: repo } }
      }
    ]
  }
  return {
    action: 'completed',
    workflow_run: workflowRun,
    workflow: { id: run.data.workflow_id, name: run.data.name, path: run.data.path },
    repository: repoData.data,
    sender: user(e.sender)
  }
}

/** `repository_dispatch` from another tool, sent by `sender`, with `client_payload` as given. */
export async function repositoryDispatchEvent(
  emulator: Emulator,
  repository: string,
  e: { eventType: string; clientPayload: Record<string, unknown>; sender: string }
) {
  const [owner, repo] = repository.split('/') as [string, string]
  const { data } = await plainClient(emulator).rest.repos.get({ owner, repo })
  return {
    action: e.eventType,
    branch: data.default_branch,
    client_payload: e.clientPayload,
    repository: data,
    sender: user(e.sender)
  }
}
