/**
 * What a job sees: the `github` and `runner` contexts and the default environment variables of its steps
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/contexts and
 * https://docs.github.com/en/actions/reference/workflows-and-actions/variables#default-environment-variables).
 */
import type { Value } from './expressions.js'
import type { RepoStore, Run } from './model.js'

export interface RunnerIdentity {
  urls: { api: string; server: string }
  /** The token jobs get as `secrets.GITHUB_TOKEN` and `github.token`. */
  jobToken: string
}

export interface JobPaths {
  workspace: string
  temp: string
  toolCache: string
  home: string
  eventPath: string
}

/** The `workflow_dispatch` event payload (https://docs.github.com/en/webhooks/webhook-events-and-payloads#workflow_dispatch). */
export function dispatchEvent(
  id: RunnerIdentity,
  repo: RepoStore,
  run: Pick<Run, 'headBranch' | 'path' | 'inputs' | 'actor'>
): Record<string, Value> {
  return {
    inputs: run.inputs,
    ref: `refs/heads/${run.headBranch}`,
    repository: {
      id: repo.id,
      name: repo.name,
      full_name: repo.fullName,
      owner: { login: repo.owner },
      default_branch: repo.defaultBranch,
      html_url: `${id.urls.server}/${repo.fullName}`
    },
    sender: { login: run.actor },
    workflow: run.path
  }
}

/** The `github` context of a run (before a job fills in `job`, `workspace` and the file-command paths). */
export function githubContext(
  id: RunnerIdentity,
  repo: RepoStore,
  run: Pick<
    Run,
    'id' | 'headSha' | 'headBranch' | 'path' | 'name' | 'inputs' | 'actor' | 'runNumber' | 'runAttempt'
  >
): Record<string, Value> {
  return {
    action: '',
    actor: run.actor,
    triggering_actor: run.actor,
    api_url: id.urls.api,
    graphql_url: `${id.urls.api}/graphql`,
    server_url: id.urls.server,
    base_ref: '',
    head_ref: '',
    event: dispatchEvent(id, repo, run),
    event_name: 'workflow_dispatch',
    ref: `refs/heads/${run.headBranch}`,
    ref_name: run.headBranch,
    ref_type: 'branch',
    ref_protected: false,
    repository: repo.fullName,
    repository_id: String(repo.id),
    repository_owner: repo.owner,
    repositoryUrl: `${id.urls.server}/${repo.fullName}.git`,
    retention_days: '90',
    run_id: String(run.id),
    run_number: String(run.runNumber),
    run_attempt: String(run.runAttempt),
    sha: run.headSha,
    token: id.jobToken,
    workflow: run.name,
    workflow_ref: `${repo.fullName}/${run.path}@refs/heads/${run.headBranch}`,
    workflow_sha: run.headSha
  }
}

export function runnerContext(paths: Pick<JobPaths, 'temp' | 'toolCache'>): Record<string, Value> {
  return {
    name: 'emulator',
    os: 'Linux',
    arch: 'X64',
    environment: 'github-hosted',
    temp: paths.temp,
    tool_cache: paths.toolCache,
    debug: ''
  }
}

/** The default environment variables of every step of a job. */
export function defaultEnv(
  github: Record<string, Value>,
  paths: JobPaths,
  job: string,
  path: string
): Record<string, string> {
  const g = (k: string) => String(github[k] ?? '')
  return {
    PATH: path,
    HOME: paths.home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTOR: g('actor'),
    GITHUB_TRIGGERING_ACTOR: g('triggering_actor'),
    GITHUB_API_URL: g('api_url'),
    GITHUB_GRAPHQL_URL: g('graphql_url'),
    GITHUB_SERVER_URL: g('server_url'),
    GITHUB_BASE_REF: '',
    GITHUB_HEAD_REF: '',
    GITHUB_EVENT_NAME: g('event_name'),
    GITHUB_EVENT_PATH: paths.eventPath,
    GITHUB_JOB: job,
    GITHUB_REF: g('ref'),
    GITHUB_REF_NAME: g('ref_name'),
    GITHUB_REF_TYPE: g('ref_type'),
    GITHUB_REF_PROTECTED: 'false',
    GITHUB_REPOSITORY: g('repository'),
    GITHUB_REPOSITORY_ID: g('repository_id'),
    GITHUB_REPOSITORY_OWNER: g('repository_owner'),
    GITHUB_RETENTION_DAYS: '90',
    GITHUB_RUN_ID: g('run_id'),
    GITHUB_RUN_NUMBER: g('run_number'),
    GITHUB_RUN_ATTEMPT: g('run_attempt'),
    GITHUB_SHA: g('sha'),
    GITHUB_WORKFLOW: g('workflow'),
    GITHUB_WORKFLOW_REF: g('workflow_ref'),
    GITHUB_WORKFLOW_SHA: g('workflow_sha'),
    GITHUB_WORKSPACE: paths.workspace,
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'emulator',
    RUNNER_OS: 'Linux',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: paths.temp,
    RUNNER_TOOL_CACHE: paths.toolCache,
    ImageOS: 'ubuntu24'
  }
}
