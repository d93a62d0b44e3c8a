/** Typed factories for Actions and Checks objects (workflows, runs, jobs, check runs, annotations). */
import type { components } from '@octokit/openapi-types'
import type { CheckRun, Job, RepoStore, Run, User, Workflow } from './model.js'
import { minimalRepository, nodeId, simpleUser, type Urls } from './factories.js'

type S = components['schemas']

export function workflow(urls: Urls, repo: RepoStore, w: Workflow): S['workflow'] {
  return {
    id: w.id,
    node_id: nodeId('Workflow', w.id),
    name: w.name,
    path: w.path,
    state: 'active',
    created_at: w.createdAt,
    updated_at: w.createdAt,
    url: `${urls.api}/repos/${repo.fullName}/actions/workflows/${w.id}`,
    html_url: `${urls.server}/${repo.fullName}/blob/${repo.defaultBranch}/${w.path}`,
    badge_url: `${urls.server}/${repo.fullName}/workflows/${encodeURIComponent(w.name)}/badge.svg`
  }
}

export interface HeadCommit {
  sha: string
  tree: string
  message: string
  author: { name: string; email: string; date: string }
}

export function workflowRun(
  urls: Urls,
  repo: RepoStore,
  r: Run,
  owner: User,
  actor: User,
  head: HeadCommit | null
): S['workflow-run'] {
  const u = `${urls.api}/repos/${repo.fullName}/actions/runs/${r.id}`
  const minimal = minimalRepository(urls, repo, owner)
  return {
    id: r.id,
    name: r.name,
    node_id: nodeId('WorkflowRun', r.id),
    check_suite_id: r.checkSuiteId,
    check_suite_node_id: nodeId('CheckSuite', r.checkSuiteId),
    head_branch: r.headBranch,
    head_sha: r.headSha,
    path: r.path,
    display_title: r.displayTitle,
    run_number: r.runNumber,
    run_attempt: r.runAttempt,
    event: r.event,
    status: r.status,
    conclusion: r.conclusion,
    workflow_id: r.workflowId,
    url: u,
    html_url: `${urls.server}/${repo.fullName}/actions/runs/${r.id}`,
    pull_requests: [],
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    run_started_at: r.startedAt,
    actor: simpleUser(urls, actor),
    triggering_actor: simpleUser(urls, actor),
    jobs_url: `${u}/jobs`,
    logs_url: `${u}/logs`,
    check_suite_url: `${urls.api}/repos/${repo.fullName}/check-suites/${r.checkSuiteId}`,
    artifacts_url: `${u}/artifacts`,
    cancel_url: `${u}/cancel`,
    rerun_url: `${u}/rerun`,
    workflow_url: `${urls.api}/repos/${repo.fullName}/actions/workflows/${r.workflowId}`,
    head_commit: head && {
      id: head.sha,
      tree_id: head.tree,
      message: head.message,
      timestamp: head.author.date,
      author: { name: head.author.name, email: head.author.email },
      committer: { name: head.author.name, email: head.author.email }
    },
    repository: minimal,
    head_repository: minimal
  }
}

export function job(urls: Urls, repo: RepoStore, j: Job, r: Run): S['job'] {
  return {
    id: j.id,
    run_id: r.id,
    run_url: `${urls.api}/repos/${repo.fullName}/actions/runs/${r.id}`,
    run_attempt: r.runAttempt,
    node_id: nodeId('CheckRun', j.id),
    head_sha: r.headSha,
    head_branch: r.headBranch,
    workflow_name: r.name,
    url: `${urls.api}/repos/${repo.fullName}/actions/jobs/${j.id}`,
    html_url: `${urls.server}/${repo.fullName}/actions/runs/${r.id}/job/${j.id}`,
    status: j.status,
    conclusion: j.conclusion as S['job']['conclusion'],
    created_at: j.createdAt,
    started_at: j.startedAt,
    completed_at: j.completedAt,
    name: j.name,
    steps: j.steps.map(s => ({
      name: s.name,
      number: s.number,
      status: s.status,
      conclusion: s.conclusion,
      started_at: s.startedAt,
      completed_at: s.completedAt
    })),
    check_run_url: `${urls.api}/repos/${repo.fullName}/check-runs/${j.id}`,
    labels: ['ubuntu-latest'],
    runner_id: 1,
    runner_name: 'emulator',
    runner_group_id: 1,
    runner_group_name: 'Emulator'
  }
}

function githubActionsApp(urls: Urls): NonNullable<S['check-run']['app']> {
  return {
    id: 15368,
    slug: 'github-actions',
    node_id: nodeId('App', 15368),
    client_id: 'Iv1.emulator',
    owner: simpleUser(urls, { id: 9919, login: 'github', type: 'User' }),
    name: 'GitHub Actions',
    description: 'Automate your workflow from idea to production',
    external_url: 'https://help.github.com/en/actions',
    html_url: `${urls.server}/apps/github-actions`,
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2024-04-10T20:33:16Z',
    permissions: { actions: 'write', checks: 'write', contents: 'write', issues: 'write', metadata: 'read' },
    events: ['check_run', 'check_suite', 'workflow_dispatch']
  }
}

export function checkRun(urls: Urls, repo: RepoStore, c: CheckRun): S['check-run'] {
  const u = `${urls.api}/repos/${repo.fullName}/check-runs/${c.id}`
  return {
    id: c.id,
    head_sha: c.headSha,
    node_id: nodeId('CheckRun', c.id),
    external_id: c.externalId ?? '',
    url: u,
    html_url: `${urls.server}/${repo.fullName}/runs/${c.id}`,
    details_url: c.detailsUrl ?? `${urls.server}/${repo.fullName}/runs/${c.id}`,
    status: c.status,
    conclusion: c.conclusion,
    started_at: c.startedAt,
    completed_at: c.completedAt,
    output: {
      title: c.output.title,
      summary: c.output.summary,
      text: c.output.text,
      annotations_count: c.annotations.length,
      annotations_url: `${u}/annotations`
    },
    name: c.name,
    check_suite: { id: c.checkSuiteId },
    app: githubActionsApp(urls),
    pull_requests: []
  }
}

export function checkAnnotation(
  urls: Urls,
  repo: RepoStore,
  c: CheckRun,
  a: CheckRun['annotations'][number]
): S['check-annotation'] {
  return {
    ...a,
    blob_href: `${urls.server}/${repo.fullName}/blob/${c.headSha}/${a.path}`
  }
}
