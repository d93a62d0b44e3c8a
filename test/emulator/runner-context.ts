/** What a job sees: the expression context (`inputs`, `github`, …) and the environment of its steps. */
import { join } from 'node:path'
import type { RepoStore, Run } from './model.js'
import type { ExpressionContext } from './workflow-file.js'

export interface RunnerIdentity {
  urls: { api: string; server: string }
  /** The token jobs get as `secrets.GITHUB_TOKEN` and `github.token`. */
  jobToken: string
}

export function expressionContext(
  id: RunnerIdentity,
  repo: RepoStore,
  run: { sha: string; ref: string; inputs: Record<string, string>; actor: string; runId: number }
): ExpressionContext {
  return {
    inputs: run.inputs,
    github: {
      sha: run.sha,
      ref: `refs/heads/${run.ref}`,
      ref_name: run.ref,
      repository: repo.fullName,
      repository_owner: repo.owner,
      event_name: 'workflow_dispatch',
      actor: run.actor,
      run_id: String(run.runId),
      server_url: id.urls.server,
      api_url: id.urls.api,
      token: id.jobToken
    },
    env: {},
    runner: { os: 'Linux', arch: 'X64', temp: '' },
    secrets: { GITHUB_TOKEN: id.jobToken }
  }
}

/** The default environment variables of a step (a subset of the runner's). */
export function runnerEnv(
  id: RunnerIdentity,
  repo: RepoStore,
  run: Run,
  workspace: string,
  temp: string
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: join(temp, 'home'),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: repo.fullName,
    GITHUB_SHA: run.headSha,
    GITHUB_REF: `refs/heads/${run.headBranch}`,
    GITHUB_REF_NAME: run.headBranch,
    GITHUB_RUN_ID: String(run.id),
    GITHUB_RUN_NUMBER: String(run.runNumber),
    GITHUB_EVENT_NAME: run.event,
    GITHUB_SERVER_URL: id.urls.server,
    GITHUB_API_URL: id.urls.api,
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux'
  }
}
