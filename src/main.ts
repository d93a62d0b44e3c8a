/**
 * The composition root: given the settings, the event and the decision that src/start.ts read and made,
 * it assembles the ports and runs what the event asks for. Loaded only when there is work.
 */
import * as core from '@actions/core'
import { secretsOf } from './agent/providers.js'
import { missingModelKey } from './config/parse.js'
import type { Settings } from './config/settings.js'
import { createForge, readBranchRecord, type RunContext } from './compose.js'
import type { Forge } from './loop/ports.js'
import { ConfigError, errorMessage } from './errors.js'
import { repositoryOf, type RunnerEvent } from './event.js'
import { inertLines } from './log-lines.js'
import { takeLease } from './issue-lease.js'
import { createClient } from './github/client.js'
import { attachMeter } from './github/meter.js'
import { createTriggerApi } from './github/trigger-api.js'
import { scaledClock } from './clock.js'
import { duplicate, loopOn, runUrlOf, setOutcome, type Work } from './issue-work.js'
import { failureReason } from './loop/reasons.js'
import { stepFailure } from './report/outcome.js'
import { renderInvalidCommand, renderStatus } from './report/texts.js'
import { vocabularyOf } from './report/vocabulary.js'
import type { IssueData } from './task/types.js'
import { describeDecision } from './trigger/index.js'
import { memoisePermissions } from './trigger/gate.js'
import type { Trigger } from './trigger/types.js'
import { fixCiWork, reviewPlan } from './pr-work/work.js'
import { branchFor } from './workspace/slug.js'

/** Runs what the trigger decided (src/start.ts decides, and loads this module only for work). */
export async function run(trigger: Trigger, event: RunnerEvent, ctx: RunContext): Promise<void> {
  core.info(describeDecision(trigger))
  await act(trigger, { ...ctx, ...eventFacts(event.payload), forge: createForge(ctx) })
}

/**
 * Fails the step for any value thrown before or around the loop (inputs, the event, GitHub refusing),
 * named like the loop's own failures, with what to do.
 */
export function fail(e: unknown, settings: Settings | null): void {
  if (settings) maskSecrets(settings)
  const reason = failureReason(e)
  core.setOutput('outcome', 'failed')
  core.setOutput('reason', reason)
  core.setFailed(stepFailure(reason, errorMessage(e), settings && vocabularyOf(settings)))
}

function maskSecrets(settings: Settings): void {
  for (const secret of secretsOf(settings.credentials)) core.setSecret(secret)
}

/** The connection to GitHub and the runner's facts; the trigger's reads go through its `triggerApi`. */
export function context(settings: Settings, env: NodeJS.ProcessEnv): RunContext {
  maskSecrets(settings)
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
    log: line => core.info(inertLines(line))
  }
}

/** What the event itself tells beyond the trigger. */
interface EventFacts {
  /**
   * When the event happened (the comment's creation, or the issue's last update for a label or an
   * assignment), to recognise an event that waited in the concurrency queue behind a run it duplicates.
   */
  eventTime: number | null
  /** The repository's default branch, when the payload carries it (a `schedule` payload does not). */
  defaultBranch: string | null
}

function eventFacts(payload: unknown): EventFacts {
  const p = payload as {
    comment?: { created_at?: unknown }
    issue?: { updated_at?: unknown }
    repository?: { default_branch?: unknown }
  } | null
  const at = p?.comment?.created_at ?? p?.issue?.updated_at
  const t = typeof at === 'string' ? Date.parse(at) : NaN
  const branch = p?.repository?.default_branch
  return {
    eventTime: Number.isFinite(t) ? t : null,
    defaultBranch: typeof branch === 'string' && branch ? branch : null
  }
}

type ActContext = RunContext & EventFacts & { forge: Forge }

async function act(trigger: Trigger, ctx: ActContext): Promise<void> {
  const { forge } = ctx
  switch (trigger.kind) {
    case 'queue':
      core.setOutput('queue', JSON.stringify(trigger.issues))
      for (const s of trigger.skipped) core.info(`#${s.issue} waits: ${s.reason}`)
      return setOutcome('queued')
    case 'status': {
      const branch = await existingBranch(ctx, trigger.issue.number)
      const state = branch ? (await readBranchRecord(ctx.octokit, ctx.repo, branch)).state : null
      const s = ctx.settings
      await forge.comment(
        trigger.issue.number,
        renderStatus(state, ctx.clock.now(), ctx.words, {
          maxAttempts: s.maxAttempts,
          maxCostUsd: s.maxCostUsd,
          maxTokens: s.maxTokens,
          timeLimitMinutes: s.timeLimitMinutes
        })
      )
      return setOutcome('answered')
    }
    case 'refuse':
      await forge.comment(trigger.issue.number, trigger.reason)
      core.info(`refused: ${trigger.reason}`)
      return setOutcome('refused')
    case 'invalid-command':
      await forge.comment(trigger.issue.number, renderInvalidCommand(trigger.reason, trigger.requester.login))
      core.info(`answered: ${trigger.reason}`)
      return setOutcome('answered')
    case 'stop':
      // The running loop polls the issue's comments (conditional requests) and stops at its next step.
      await forge.comment(
        trigger.issue.number,
        `Stop requested by @${trigger.requester.login}: a running nightshift loop on this issue stops after its current step, keeping its work on the branch. \`${ctx.settings.command} retry\` continues it.`
      )
      return setOutcome('answered')
    case 'ticket': {
      const { data } = await ctx.octokit.rest.issues.create({
        ...ctx.repo,
        title: trigger.ticket.title,
        body: trigger.ticket.body,
        labels: [...new Set([...trigger.ticket.labels, ctx.settings.triggerLabel])]
      })
      core.info(`Opened #${data.number} for the ticket.`)
      const issue: IssueData = {
        number: data.number,
        title: data.title,
        body: data.body ?? null,
        labels: [ctx.settings.triggerLabel],
        assignees: [],
        state: 'open',
        isPullRequest: false,
        url: data.html_url
      }
      return work(
        {
          kind: 'run',
          issue,
          requester: trigger.requester,
          force: trigger.force,
          source: 'repository_dispatch'
        },
        ctx
      )
    }
    default:
      return work(trigger, ctx)
  }
}

/** The issue's agent branch, when one exists (its name carries the issue number; the title may have changed). */
async function existingBranch(ctx: RunContext, issue: number): Promise<string | null> {
  const found = await ctx.triggerApi.branchesWithPrefix(`${ctx.settings.branchPrefix}${issue}-`)
  return found.sort()[0] ?? null
}

async function work(trigger: Work, ctx: ActContext): Promise<void> {
  const { settings, forge } = ctx
  const issue = trigger.issue
  // A fix-ci round picks its branch once CI has judged the pull request (src/pr-work/fix-ci.ts); it
  // is new work even when it waited behind another round, like a request on a pull request.
  if (trigger.kind === 'fix-ci') {
    checkModelKeys(settings)
    return leased(ctx, issue.number, null, () => fixCiWork(trigger, ctx))
  }
  const branch =
    trigger.kind === 'pr-round'
      ? trigger.pullRequest.branch
      : ((await existingBranch(ctx, issue.number)) ??
        branchFor(issue.number, issue.title, settings.branchPrefix))
  core.setOutput('branch', branch)
  if (trigger.kind === 'run') {
    const open = await forge.findPullRequest(branch)
    if (open) {
      core.info(
        `ignored: #${issue.number} already has pull request #${open.number} (${open.url}); comment \`${settings.command} <request>\` there for another round.`
      )
      return setOutcome('ignored')
    }
  }
  checkModelKeys(settings)
  // A request on a pull request is new work even when it waited behind another round; a run or a
  // retry that a later run already served is the same event again.
  const eventTime = trigger.kind === 'pr-round' ? null : ctx.eventTime
  const plan = trigger.kind === 'pr-round' ? reviewPlan(trigger, ctx) : {}
  return leased(ctx, issue.number, eventTime, () => loopOn(trigger, branch, ctx, plan))
}

function checkModelKeys(settings: Settings): void {
  for (const model of [...settings.model, settings.escalationModel]) {
    const missing = model ? missingModelKey(settings, model) : null
    if (missing) throw new ConfigError([missing])
  }
}

/** Runs `body` holding the issue's (or pull request's) lease: one loop per number. */
async function leased(
  ctx: ActContext,
  number: number,
  eventTime: number | null,
  body: () => Promise<string>
): Promise<void> {
  const lease = await takeLease(ctx, number, eventTime, runUrlOf(ctx), process.env)
  if (lease.kind === 'duplicate') return duplicate(lease.note)
  let outcome = 'failed'
  try {
    outcome = await body()
  } finally {
    await lease.release(outcome)
  }
}
