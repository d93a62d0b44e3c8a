/**
 * The connection to GitHub and the facts of the workflow run, read once from the environment the
 * runner gave the step. Everything after this reads them here, never from the process environment.
 */
import * as core from '@actions/core'
import { scaledClock, type Clock } from './clock.js'
import type { Settings } from './config/settings.js'
import { repositoryOf } from './event.js'
import { createClient, type Octokit } from './github/client.js'
import { attachMeter } from './github/meter.js'
import { createTriggerApi } from './github/trigger-api.js'
import { inertLines } from './log-lines.js'
import type { ApiMeter } from './loop/ports.js'
import { vocabularyOf, type Vocabulary } from './report/vocabulary.js'
import { memoisePermissions } from './trigger/gate.js'
import type { TriggerApi } from './trigger/ports.js'

export interface RunContext {
  settings: Settings
  /** The configured command and labels that every text quotes (from the settings). */
  words: Vocabulary
  octokit: Octokit
  meter: ApiMeter
  repo: { owner: string; repo: string }
  apiUrl: string
  workspaceDir: string
  runnerTemp: string
  clock: Clock
  /** NIGHTSHIFT_TIME_SCALE (1 on a real runner): shortens waits for the local emulator. */
  timeScale: number
  triggerApi: TriggerApi
  log: (line: string) => void
  runner: RunnerFacts
}

/** What the runner says about this workflow run and its machine. */
export interface RunnerFacts {
  /** `GITHUB_SERVER_URL`: https://github.com, or the GitHub Enterprise server. */
  serverUrl: string
  /** This workflow run's page, when the runner names the run (`GITHUB_RUN_ID`). */
  runUrl: string | null
  /** `<GITHUB_RUN_ID>/<GITHUB_RUN_ATTEMPT>`: which workflow run, and which try of it, holds a lease. */
  identity: string
  /** The action's own home folder, hidden from an agent that shares its user. */
  home: string | undefined
  /** The `PATH` the agent's sandbox starts from. */
  path: string
}

/**
 * The runner's facts from its environment
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/variables#default-environment-variables).
 */
export function runnerFacts(env: NodeJS.ProcessEnv, repo: { owner: string; repo: string }): RunnerFacts {
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com'
  const runId = env.GITHUB_RUN_ID
  return {
    serverUrl,
    runUrl: runId ? `${serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${runId}` : null,
    identity: `${runId ?? `local-${process.pid}`}/${env.GITHUB_RUN_ATTEMPT ?? '1'}`,
    home: env.HOME,
    path: env.PATH ?? '/usr/local/bin:/usr/bin:/bin'
  }
}

/** The connection to GitHub and the runner's facts; the trigger's reads go through its `triggerApi`. */
export function createRunContext(settings: Settings, env: NodeJS.ProcessEnv): RunContext {
  const coords = repositoryOf(env)
  const apiUrl = env.GITHUB_API_URL ?? 'https://api.github.com'
  const timeScale = Number(env.NIGHTSHIFT_TIME_SCALE ?? '1')
  const octokit = createClient({
    token: settings.githubToken,
    baseUrl: apiUrl,
    timeScale,
    log: m => core.info(m)
  })
  return {
    settings,
    words: vocabularyOf(settings),
    octokit,
    // core.debug lines show only with debug logging (RUNNER_DEBUG / ACTIONS_STEP_DEBUG).
    meter: attachMeter(octokit, line => core.debug(line)),
    repo: coords,
    apiUrl,
    workspaceDir: env.GITHUB_WORKSPACE ?? process.cwd(),
    runnerTemp: env.RUNNER_TEMP ?? '/tmp',
    clock: scaledClock(timeScale),
    timeScale: timeScale > 0 && timeScale < 1 ? timeScale : 1,
    triggerApi: memoisePermissions(createTriggerApi(octokit, coords)),
    // Agent output, its commands and CI text pass through here: none may act as a workflow command.
    log: line => core.info(inertLines(line)),
    runner: runnerFacts(env, coords)
  }
}
