/**
 * The composition root: the only module that reads action inputs, the event and the runner's
 * environment. It decides what the event asks for, then assembles the ports and runs the loop.
 */
import * as core from '@actions/core'
import { modelLadder } from './agent/models.js'
import { missingModelKey, parseSettings } from './config/parse.js'
import type { Settings } from './config/settings.js'
import { loopDeps, POST_STATE, stateStore, createForge, type RunContext } from './compose.js'
import type { Forge } from './loop/ports.js'
import { ConfigError, errorMessage, SetupError } from './errors.js'
import { readEvent } from './event.js'
import { latestCheckRunState } from './github/check-run-state.js'
import { createApprovalApi } from './github/body-history.js'
import { createClient } from './github/client.js'
import { attachMeter } from './github/meter.js'
import { createTriggerApi } from './github/trigger-api.js'
import { scaledClock } from './clock.js'
import { initialState, resumeState, runLoop, type LoopConfig } from './loop/run-loop.js'
import type { LoopState, Outcome } from './loop/state.js'
import { renderJobSummary } from './report/check-run.js'
import { riskNotices } from './report/notices.js'
import { renderInvalidCommand, renderStatus } from './report/texts.js'
import { parseState } from './state/schema.js'
import { buildTask, classify, refusalComment } from './task/index.js'
import type { IssueData } from './task/types.js'
import { decide, describeDecision } from './trigger/index.js'
import { approveBody } from './trigger/approved-body.js'
import { memoisePermissions } from './trigger/gate.js'
import type { RetryTrigger, PrRoundTrigger, RunTrigger, Trigger } from './trigger/types.js'
import { scrubOwnEnviron } from './workspace/own-environ.js'
import { branchFor } from './workspace/slug.js'

type Work = RunTrigger | RetryTrigger | PrRoundTrigger

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // Before anything else: the token and keys leave the block /proc/<pid>/environ shows.
  const wiped = scrubOwnEnviron()
  if (!wiped.scrubbed) core.info(`Could not wipe the action's environment block: ${wiped.reason}`)
  try {
    const settings = parseSettings(name => core.getInput(name))
    for (const secret of [settings.anthropicApiKey, settings.openaiApiKey]) if (secret) core.setSecret(secret)
    const event = readEvent(env)
    const ctx = context(settings, env)
    const decision = await decide(
      event,
      {
        triggerLabel: settings.triggerLabel,
        assignee: settings.assignee,
        command: settings.command,
        branchPrefix: settings.branchPrefix,
        queueLimit: settings.queueLimit,
        issue: settings.issue
      },
      ctx.triggerApi
    )
    core.info(describeDecision(decision))
    if (decision.kind === 'ignored') return setOutcome('ignored')
    await act(decision, { ...ctx, ...eventFacts(event.payload), forge: createForge(ctx) })
  } catch (e) {
    core.setOutput('outcome', 'failed')
    core.setFailed(errorMessage(e))
  } finally {
    core.saveState(POST_STATE.done, 'true')
  }
}

function setOutcome(outcome: Outcome | 'ignored' | 'queued' | 'answered'): void {
  core.setOutput('outcome', outcome)
}

function context(settings: Settings, env: NodeJS.ProcessEnv): RunContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo)
    throw new SetupError(
      `GITHUB_REPOSITORY is "${env.GITHUB_REPOSITORY ?? ''}", expected owner/name: nightshift runs as a step of a GitHub Actions workflow.`
    )
  const apiUrl = env.GITHUB_API_URL ?? 'https://api.github.com'
  const octokit = createClient({ token: settings.githubToken, baseUrl: apiUrl, log: m => core.info(m) })
  const coords = { owner, repo }
  return {
    settings,
    octokit,
    meter: attachMeter(octokit),
    repo: coords,
    apiUrl,
    workspaceDir: env.GITHUB_WORKSPACE ?? process.cwd(),
    runnerTemp: env.RUNNER_TEMP ?? '/tmp',
    clock: scaledClock(Number(env.NIGHTSHIFT_TIME_SCALE ?? '1')),
    triggerApi: memoisePermissions(createTriggerApi(octokit, coords)),
    log: line => core.info(line)
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
      const state = branch ? await latestCheckRunState(ctx.octokit, ctx.repo, branch) : null
      const s = ctx.settings
      await forge.comment(
        trigger.issue.number,
        renderStatus(state, ctx.clock.now(), {
          maxAttempts: s.maxAttempts,
          maxCostUsd: s.maxCostUsd,
          maxTokens: s.maxTokens,
          timeLimitMinutes: s.timeLimitMinutes
        })
      )
      return setOutcome('answered')
    }
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

/**
 * The issue with the body a writer approved (src/trigger/approved-body.ts), and the notice to show
 * when that is not the current body; null after refusing with a comment. A pull request round works
 * from its own request, so only runs and retries are checked.
 */
async function approvedIssue(
  trigger: Work,
  ctx: ActContext
): Promise<{ issue: IssueData; notices: string[] } | null> {
  const issue = trigger.issue
  if (trigger.kind !== 'run' && trigger.kind !== 'retry') return { issue, notices: [] }
  const approval = await approveBody(
    issue,
    ctx.settings.triggerLabel,
    createApprovalApi(ctx.octokit, ctx.repo, login => ctx.triggerApi.permission(login))
  )
  if (approval.kind === 'refused') {
    await ctx.forge.comment(issue.number, `nightshift did not start: ${approval.reason}`)
    core.info(`refused: ${approval.reason}`)
    return null
  }
  if (approval.note) core.warning(approval.note)
  return { issue: { ...issue, body: approval.body }, notices: approval.note ? [approval.note] : [] }
}

async function work(trigger: Work, ctx: ActContext): Promise<void> {
  const { settings } = ctx
  const issue = trigger.issue
  const pr = trigger.kind === 'pr-round' ? { ...trigger.pullRequest, request: trigger.request } : null
  const branch =
    pr?.branch ??
    (await existingBranch(ctx, issue.number)) ??
    branchFor(issue.number, issue.title, settings.branchPrefix)
  core.setOutput('branch', branch)
  const store = stateStore(ctx, branch)
  const stateKey = `${ctx.repo.owner}-${ctx.repo.repo}-${issue.number}`
  const previous = parseState(await store.load(stateKey))
  const { forge } = ctx

  if (trigger.kind === 'run') {
    const open = await forge.findPullRequest(branch)
    if (open) {
      core.info(
        `ignored: #${issue.number} already has pull request #${open.number} (${open.url}); comment \`${settings.command} <request>\` there for another round.`
      )
      return setOutcome('ignored')
    }
    // Labelling and assigning at once send two events; the concurrency group queues the second behind
    // the first run. When a run started after this event happened, this event is that duplicate.
    if (previous && ctx.eventTime !== null && previous.startedAt > ctx.eventTime) {
      core.info(
        `ignored: a nightshift run on #${issue.number} started after this event and ended as ${previous.outcome ?? 'unfinished'}; comment \`${settings.command} retry\` to run again.`
      )
      return setOutcome('ignored')
    }
  }
  const approved = await approvedIssue(trigger, ctx)
  if (!approved) return setOutcome('refused')
  const { notices } = approved
  const task = await buildTask(approved.issue, trigger.requester, pr, settings.taskChars)
  const verdict = classify(task, { testLabels: settings.testLabels, designLabels: settings.designLabels })
  const overridden =
    (trigger.kind === 'run' && trigger.force) || trigger.kind === 'pr-round' || previous !== null
  if (verdict.confidence === 'HUMAN_ONLY' && !overridden) {
    await forge.comment(issue.number, refusalComment(verdict, settings.command))
    core.info(`refused: ${verdict.reasons.join(' ')}`)
    return setOutcome('refused')
  }
  for (const model of [...settings.model, settings.escalationModel]) {
    const missing = model ? missingModelKey(settings, model) : null
    if (missing) throw new ConfigError([missing])
  }

  const coAuthor = trigger.requester.id
    ? `${trigger.requester.login} <${trigger.requester.id}+${trigger.requester.login}@users.noreply.github.com>`
    : null
  const abort = new AbortController()
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort.abort())
  const deps = await loopDeps(ctx, forge, coAuthor, abort.signal, store)
  const limitMs = settings.timeLimitMinutes * 60_000
  const start = ctx.clock.now()
  const serverUrl = process.env.GITHUB_SERVER_URL ?? 'https://github.com'
  const runUrl = process.env.GITHUB_RUN_ID
    ? `${serverUrl}/${ctx.repo.owner}/${ctx.repo.repo}/actions/runs/${process.env.GITHUB_RUN_ID}`
    : null
  const config: LoopConfig = {
    issue: issue.number,
    branch,
    baseBranch: ctx.defaultBranch ?? (await defaultBranch(ctx)),
    budget: {
      maxAttempts: settings.maxAttempts,
      deadline: start + limitMs,
      // Time kept to push and report partial work, and the least worth starting an attempt with.
      reserveMs: Math.min(3 * 60_000, limitMs / 10),
      minAttemptMs: Math.min(2 * 60_000, limitMs / 10),
      maxCostUsd: settings.maxCostUsd,
      maxTokens: settings.maxTokens
    },
    // The command agent picks its own model: the report names the agent instead.
    ladder:
      settings.agent === 'command'
        ? modelLadder(['command agent'], null, settings.escalationAttempt)
        : modelLadder(settings.model, settings.escalationModel, settings.escalationAttempt),
    protectedPaths: settings.protectedPaths,
    draft: settings.draft,
    escalatedLabel: settings.escalatedLabel,
    stateKey,
    coAuthor,
    links: {
      issue: issue.url,
      branch: `${serverUrl}/${ctx.repo.owner}/${ctx.repo.repo}/tree/${branch}`,
      run: runUrl
    }
  }
  core.saveState(POST_STATE.stateKey, stateKey)
  const state: LoopState = previous
    ? resumeState(previous, task, start)
    : initialState(task, verdict, config, start)
  state.links = config.links
  state.notices = [
    ...notices,
    ...riskNotices({
      allowCiPermissions: settings.allowCiPermissions,
      allowCiSecrets: settings.allowCiSecrets,
      agentNetworkOpen: settings.agentNetwork.mode === 'open'
    })
  ]
  let final: LoopState
  try {
    final = await runLoop(state, config, deps)
  } finally {
    await deps.stopEgress()
    // The checkout is the job's again, on the agent branch, with its own .git back in place.
    await deps.workspace
      .close()
      .catch(e => core.warning(`Could not restore the checkout: ${errorMessage(e)}`))
  }
  await report(final, deps.checkRun())
}

async function defaultBranch(ctx: RunContext): Promise<string> {
  const { data } = await ctx.octokit.rest.repos.get(ctx.repo)
  return data.default_branch
}

async function report(state: LoopState, checkRun: { id: number | null; url: string | null }): Promise<void> {
  setOutcome(state.outcome ?? 'failed')
  core.setOutput('reason', state.reason ?? '')
  const head = finalHead(state)
  if (head) core.setOutput('head-sha', head)
  if (checkRun.url) core.setOutput('check-run-url', checkRun.url)
  if (state.pullRequest) core.setOutput('pull-request-number', String(state.pullRequest.number))
  core.setOutput('attempts', String(state.attempts.length))
  core.setOutput('tokens', String(state.spent.tokens.input + state.spent.tokens.output))
  core.setOutput('cost-usd', state.spent.costKnown ? state.spent.costUsd.toFixed(4) : '')
  if (state.pullRequest) core.setOutput('pull-request', state.pullRequest.url)
  if (checkRun.id !== null) core.setOutput('check-run-id', String(checkRun.id))
  await core.summary
    .addRaw(renderJobSummary(state))
    .write()
    .catch(e => core.warning(`Could not write the job summary: ${errorMessage(e)}`))
  if (state.outcome === 'failed') core.setFailed(state.error ?? 'nightshift failed; see the check run.')
}

/** The branch head the run ended on: the rebased head, else the last attempt's commit. */
function finalHead(state: LoopState): string | null {
  return state.rebase?.head ?? [...state.attempts].reverse().find(a => a.commit)?.commit ?? null
}
