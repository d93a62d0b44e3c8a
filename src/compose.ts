/**
 * Builds the loop's ports for a run on GitHub Actions. Called only by src/main.ts, which hands it the
 * settings and the environment it read; nothing here reads inputs or the event.
 */
import * as core from '@actions/core'
import { join } from 'node:path'
import { createEngine } from './agent/engine.js'
import { createGitHubCi } from './ci/github-ci.js'
import { confineEngine } from './egress/confine.js'
import { createActionsApi } from './github/actions-api.js'
import { newest, readBranchRecord, type BranchRecord } from './github/check-run-state.js'
import type { RunContext } from './run-context.js'
import { createGitHubForge } from './github/forge.js'
import type { CI, Forge, Store } from './loop/ports.js'
import { recoverAttempts, type LoopDeps } from './loop/run-loop.js'
import type { LoopState } from './loop/state.js'
import { createReporter } from './report/reporter.js'
import { createTexts } from './report/texts.js'
import { parseState } from './state/schema.js'
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

export { readBranchRecord }
export type { RunContext } from './run-context.js'

/**
 * What the main step tells its post step through GITHUB_STATE: what it opened and still owes, never a
 * "done" flag (a flag written in `finally` says nothing about a check run whose last write failed).
 */
export const POST_STATE = {
  /** The current check run (its report is rendered from the saved state). */
  checkRunId: 'check-run-id',
  /** The action's own repository while the agent has the checkout (put back by the post step if need be). */
  gitDir: 'git-dir',
  /** JSON list of the check runs this job opened and has not completed. */
  openCheckRuns: 'open-check-runs',
  stateKey: 'state-key',
  /** `pending` while the hand-back comment is owed, `posted` once it is on the issue. */
  handBack: 'hand-back',
  /** JSON of the issue lease this job holds (src/github/lease.ts); empty once released. */
  lease: 'lease',
  /** The nftables table of the agent's egress rules, removed by the post step if still there. */
  egressTable: 'egress-table'
}

/** The folder of this job's own state copy, which the post step reads. */
export function scratchDir(runnerTemp: string): string {
  return join(runnerTemp, 'nightshift-state', 'file')
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

export interface StateStores {
  /** This job's own copy, written at every step, read by the post step. */
  scratch: Store
  /** What survives the job: the scratch file, and the cache when the runner has one. */
  durable: Store
}

export function stateStores(ctx: RunContext): StateStores {
  const scratch = createFileStore(scratchDir(ctx.runnerTemp))
  // The check runs' compact copies (written by the reporter) cover runners without a cache service.
  if (!cacheServiceAvailable()) {
    core.warning('No Actions cache service on this runner: resume state is kept in the check runs only.')
    return { scratch, durable: scratch }
  }
  const cache = createCacheStore({
    cache: actionsCache(),
    dir: join(ctx.runnerTemp, 'nightshift-state', 'cache'),
    log: { warning: core.warning, info: core.info }
  })
  return { scratch, durable: createLayeredStore(scratch, cache) }
}

/**
 * The state to resume from: the newer of the cache's copy and the branch's check-run copy, plus any
 * attempt the branch's commits hold that neither recorded (a job that ended between push and save).
 */
export async function previousState(
  ctx: RunContext,
  stores: StateStores,
  key: string,
  record: BranchRecord
): Promise<LoopState | null> {
  const previous = newest(parseState(await stores.durable.load(key)), record.state)
  if (previous) {
    const added = recoverAttempts(previous, record.attempts)
    if (added)
      ctx.log(`Recovered ${added} attempt(s) from the branch's commits that no saved state recorded.`)
  }
  return previous
}

export async function loopDeps(
  ctx: RunContext,
  forge: Forge,
  coAuthor: string | null,
  signal: AbortSignal,
  stores: StateStores,
  leftOpen: BranchRecord['open'],
  options: { pullRequestBranch?: string | null } = {}
): Promise<
  LoopDeps & {
    checkRun: () => { id: number | null; url: string | null }
    stopEgress: () => Promise<void>
    workspace: GitWorkspace
  }
> {
  const { settings } = ctx
  const reporter = createReporter(forge, {
    words: ctx.words,
    onOpen: open => core.saveState(POST_STATE.openCheckRuns, JSON.stringify(open)),
    leftOpen: head => leftOpen.find(r => r.headSha === head) ?? null,
    warn: m => core.warning(m)
  })
  const current = () => core.saveState(POST_STATE.checkRunId, String(reporter.checkRunId))
  const ci = createCi(ctx)
  // The action's own repository and index, out of the agent's reach (and hidden when it shares the user).
  const privateDir = join(ctx.runnerTemp, 'nightshift-private')
  const sandbox = await createSandbox({
    agentUser: settings.agentUser,
    workTree: ctx.workspaceDir,
    hidden: hiddenFromAgent({ runnerTemp: ctx.runnerTemp, privateDir, home: ctx.runner.home }),
    path: ctx.runner.path,
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
    pullRequestBranch: options.pullRequestBranch ?? null,
    sandbox,
    log: ctx.log
  })
  core.saveState(POST_STATE.gitDir, join(privateDir, 'repo.git'))
  const engine = createEngine(settings, {
    log: ctx.log,
    warn: m => core.warning(m),
    clock: ctx.clock,
    sandbox
  })
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
    reporter: {
      start: async (head, state, options) => (await reporter.start(head, state, options), current()),
      update: state => reporter.update(state),
      moveTo: async (head, state) => (await reporter.moveTo(head, state), current()),
      annotate: failures => reporter.annotate(failures),
      complete: state => reporter.complete(state)
    },
    clock: ctx.clock,
    meter: ctx.meter,
    log: ctx.log,
    forge,
    store: stores.durable,
    scratch: stores.scratch,
    handBack: status => core.saveState(POST_STATE.handBack, status),
    group: (title, work) => core.group(title, work),
    texts: createTexts(ctx.words, { checkRunUrl: () => reporter.url }),
    signal,
    checkRun: () => ({ id: reporter.checkRunId, url: reporter.url })
  }
}

/** The CI port on GitHub Actions, from the settings. */
export function createCi(ctx: RunContext): CI {
  const { settings } = ctx
  return createGitHubCi({
    api: createActionsApi(ctx.octokit, ctx.repo, { baseUrl: ctx.apiUrl }),
    clock: ctx.clock,
    ciWorkflow: settings.ciWorkflow,
    fastCiWorkflow: settings.fastCiWorkflow,
    allowCiSecrets: settings.allowCiSecrets,
    allowCiPermissions: settings.allowCiPermissions,
    repository: `${ctx.repo.owner}/${ctx.repo.repo}`,
    feedbackChars: settings.feedbackChars,
    // How long a dispatched run may take to appear (3 minutes on GitHub; the emulator answers at once).
    appearTimeoutMs: 180_000 * Math.min(1, ctx.timeScale),
    warn: m => core.warning(m)
  })
}
