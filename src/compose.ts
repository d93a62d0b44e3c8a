/**
 * Builds the loop's ports for a run on GitHub Actions. Called only by src/main.ts, which hands it the
 * settings and the environment it read; nothing here reads inputs or the event.
 */
import * as core from '@actions/core'
import { join } from 'node:path'
import { createEngine } from './agent/engine.js'
import { createGitHubCi } from './ci/github-ci.js'
import type { Settings } from './config/settings.js'
import { confineEngine } from './egress/confine.js'
import { createActionsApi } from './github/actions-api.js'
import { checkRunStore } from './github/check-run-state.js'
import type { Octokit } from './github/client.js'
import { createGitHubForge } from './github/forge.js'
import type { TriggerApi } from './trigger/ports.js'
import type { Clock, Forge, Reporter, Store } from './loop/ports.js'
import type { LoopDeps } from './loop/run-loop.js'
import { createReporter } from './report/reporter.js'
import { createTexts } from './report/texts.js'
import {
  actionsCache,
  cacheServiceAvailable,
  createCacheStore,
  createFileStore,
  createLayeredStore
} from './state/stores.js'
import { createSandbox } from './workspace/choose-sandbox.js'
import { createGitWorkspace, type GitWorkspace } from './workspace/git-workspace.js'
import { hiddenFromAgent } from './workspace/hidden-paths.js'
import type { ApiMeter } from './loop/ports.js'

export interface RunContext {
  settings: Settings
  octokit: Octokit
  meter: ApiMeter
  repo: { owner: string; repo: string }
  apiUrl: string
  workspaceDir: string
  runnerTemp: string
  clock: Clock
  triggerApi: TriggerApi
  log: (line: string) => void
}

/** Where the post step finds the last saved state and the current check run. */
export const POST_STATE = {
  checkRunId: 'check-run-id',
  /** The action's own repository while the agent has the checkout (put back by the post step if need be). */
  gitDir: 'git-dir',
  stateDir: 'state-dir',
  stateKey: 'state-key',
  done: 'done',
  egressTable: 'egress-table'
}

/** The author of the action's commits: the Actions bot account that GITHUB_TOKEN pushes as. */
export const IDENTITY = { name: 'nightshift', email: '41898282+github-actions[bot]@users.noreply.github.com' }

export function createForge(ctx: RunContext): Forge {
  return createGitHubForge({
    octokit: ctx.octokit,
    ...ctx.repo,
    command: ctx.settings.command,
    permission: login => ctx.triggerApi.permission(login)
  })
}

export function stateStore(ctx: RunContext, branch: string): Store {
  const dir = join(ctx.runnerTemp, 'nightshift-state')
  // The file copy is for this job's post step; the cache survives into the next job; the check run's
  // compact copy covers runners without a cache service (said once here, not at every save).
  const file = createFileStore(join(dir, 'file'))
  const fromCheckRun = checkRunStore(ctx.octokit, ctx.repo, branch)
  if (!cacheServiceAvailable()) {
    ctx.log('No Actions cache service on this runner: resume state is kept in the check run only.')
    return createLayeredStore(file, fromCheckRun)
  }
  const cache = createCacheStore({
    cache: actionsCache(),
    dir: join(dir, 'cache'),
    log: { warning: core.warning, info: core.info }
  })
  return createLayeredStore(file, createLayeredStore(cache, fromCheckRun))
}

/** Records the current check run for the post step each time it changes. */
function rememberCheckRun(reporter: ReturnType<typeof createReporter>): Reporter {
  const note = () => {
    if (reporter.checkRunId !== null) core.saveState(POST_STATE.checkRunId, String(reporter.checkRunId))
  }
  return {
    start: async (head, state) => (await reporter.start(head, state), note()),
    update: state => reporter.update(state),
    moveTo: async (head, state) => (await reporter.moveTo(head, state), note()),
    annotate: failures => reporter.annotate(failures),
    complete: state => reporter.complete(state)
  }
}

export async function loopDeps(
  ctx: RunContext,
  forge: Forge,
  coAuthor: string | null,
  signal: AbortSignal,
  store: Store
): Promise<
  LoopDeps & {
    checkRun: () => { id: number | null; url: string | null }
    stopEgress: () => Promise<void>
    workspace: GitWorkspace
  }
> {
  const { settings } = ctx
  const reporter = createReporter(forge)
  const ci = createGitHubCi({
    api: createActionsApi(ctx.octokit, ctx.repo, { baseUrl: ctx.apiUrl }),
    clock: ctx.clock,
    ciWorkflow: settings.ciWorkflow,
    fastCiWorkflow: settings.fastCiWorkflow,
    allowCiSecrets: settings.allowCiSecrets,
    allowCiPermissions: settings.allowCiPermissions,
    repository: `${ctx.repo.owner}/${ctx.repo.repo}`,
    feedbackChars: settings.feedbackChars,
    warn: m => core.warning(m)
  })
  // The action's own repository and index, out of the agent's reach (and hidden when it shares the user).
  const privateDir = join(ctx.runnerTemp, 'nightshift-private')
  const sandbox = await createSandbox({
    agentUser: settings.agentUser,
    workTree: ctx.workspaceDir,
    hidden: hiddenFromAgent({ runnerTemp: ctx.runnerTemp, privateDir, home: process.env.HOME }),
    path: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    log: ctx.log
  })
  if (sandbox.report.warning) core.warning(sandbox.report.warning)
  const workspace = createGitWorkspace({
    dir: ctx.workspaceDir,
    privateDir,
    token: settings.githubToken,
    identity: IDENTITY,
    coAuthor,
    branchPrefix: settings.branchPrefix,
    sandbox,
    log: ctx.log
  })
  core.saveState(POST_STATE.gitDir, join(privateDir, 'repo.git'))
  const engine = createEngine(settings, { log: ctx.log, clock: ctx.clock, sandbox })
  const confined = await confineEngine(engine, {
    policy: settings.agentNetwork,
    uid: sandbox.uid,
    table: `nightshift_${process.pid}`,
    log: ctx.log
  })
  if (confined.table) core.saveState(POST_STATE.egressTable, confined.table)
  return {
    engine: confined.engine,
    stopEgress: () => confined.stop(),
    ci,
    workspace,
    reporter: rememberCheckRun(reporter),
    clock: ctx.clock,
    meter: ctx.meter,
    log: ctx.log,
    forge,
    store,
    texts: createTexts({ checkRunUrl: () => reporter.url, escalatedLabel: settings.escalatedLabel }),
    signal,
    checkRun: () => ({ id: reporter.checkRunId, url: reporter.url })
  }
}
