/**
 * Work on one issue, holding its lease: the state to resume from, the classifier's verdict, the loop's
 * configuration from the settings, and the outputs and job summary of its outcome. Called by
 * src/main.ts, which decided that the event asks for work and took the lease.
 */
import * as core from '@actions/core'
import {
  loopDeps,
  POST_STATE,
  previousState,
  readBranchRecord,
  stateStores,
  type RunContext,
  type StateStores
} from './compose.js'
import { errorMessage } from './errors.js'
import type { EventFacts } from './event.js'
import { createApprovalApi } from './github/body-history.js'
import type { BranchRecord } from './github/check-run-state.js'
import type { Forge } from './loop/ports.js'
import { ACTIONS_TIMING, planRun, type RunRequest } from './loop/plan.js'
import { runLoop, type LoopConfig } from './loop/run-loop.js'
import type { LoopState, Outcome } from './loop/state.js'
import { renderJobSummary } from './report/check-run.js'
import { stepFailure } from './report/outcome.js'
import { riskNotices } from './report/notices.js'
import type { Vocabulary } from './report/vocabulary.js'
import { buildTask, classify, refusalComment } from './task/index.js'
import type { IssueData } from './task/types.js'
import { approveBody } from './trigger/approved-body.js'
import type { FixCiTrigger, PrRoundTrigger, RetryTrigger, RunTrigger } from './trigger/types.js'

export type Work = RunTrigger | RetryTrigger | PrRoundTrigger | FixCiTrigger

/** What a round on a pull request changes in how the loop runs (built in src/pr-work/). */
export interface WorkPlan {
  /** The branch to rebase on and open the pull request into (default: the repository's default branch). */
  baseBranch?: string
  /** The first attempt's feedback (a fix-ci round starts from the pull request's failing CI). */
  feedback?: string
  /** The pull request and the request the task quotes, when the trigger itself carries none. */
  pullRequest?: { number: number; branch: string; request: string }
  /** A pull request's own branch the workspace may push to (never rewritten). */
  pullRequestBranch?: string | null
  /** False: a commit someone else pushes ends the round (default: judge it and carry on). */
  followMoves?: boolean
  forge?: Forge
  notices?: string[]
  /**
   * Runs after the loop and its report (replies in review threads, a closing comment), when the
   * checkout holds the action's repository again.
   */
  after?: (state: LoopState) => Promise<void>
}

/** What the composition root read about the run beyond the settings (src/main.ts). */
export type WorkContext = RunContext & EventFacts & { forge: Forge }

export function setOutcome(outcome: Outcome | 'ignored' | 'queued' | 'answered' | 'duplicate'): void {
  core.setOutput('outcome', outcome)
}

/** A second run for work a run already does, or did: a neutral note, a green step, nothing spent. */
export async function duplicate(note: string): Promise<void> {
  core.notice(note, { title: 'Duplicate nightshift run' })
  setOutcome('duplicate')
  await core.summary
    .addRaw(`nightshift did nothing: ${note}\n`)
    .write()
    .catch(e => core.warning(`Could not write the job summary: ${errorMessage(e)}`))
}

/**
 * The issue with the body a writer approved (src/trigger/approved-body.ts), and the notice to show
 * when that is not the current body; null after refusing with a comment. A pull request round works
 * from its own request, so only runs and retries are checked.
 */
async function approvedIssue(
  trigger: Work,
  ctx: WorkContext
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

/** The loop on `branch`, holding the issue's lease; returns the outcome it set. */
export async function loopOn(
  trigger: Work,
  branch: string,
  ctx: WorkContext,
  plan: WorkPlan = {}
): Promise<string> {
  const { settings } = ctx
  const forge = plan.forge ?? ctx.forge
  const issue = trigger.issue
  const pr =
    trigger.kind === 'pr-round'
      ? { ...trigger.pullRequest, request: trigger.request }
      : (plan.pullRequest ?? null)
  const approved = await approvedIssue(trigger, ctx)
  if (!approved) {
    setOutcome('refused')
    return 'refused'
  }
  const task = await buildTask(approved.issue, trigger.requester, pr, settings.taskChars)
  const stores = stateStores(ctx)
  const stateKey = `${ctx.repo.owner}-${ctx.repo.repo}-${issue.number}`
  const record = await readBranchRecord(ctx.octokit, ctx.repo, branch)
  const previous = await previousState(ctx, stores, stateKey, record)
  const coAuthor = trigger.requester.id
    ? `${trigger.requester.login} <${trigger.requester.id}+${trigger.requester.login}@users.noreply.github.com>`
    : null
  const baseBranch = plan.baseBranch ?? ctx.defaultBranch ?? (await defaultBranch(ctx))
  const planned = planRun(
    runRequest(
      trigger,
      ctx,
      plan,
      { task, branch, baseBranch, previous, stateKey, coAuthor },
      approved.notices
    )
  )
  if (planned.kind === 'duplicate') {
    await duplicate(
      `a nightshift run on #${issue.number} started after this event and ended ${planned.previous.outcome ?? 'unfinished'}; comment \`${settings.command} retry\` to run again.`
    )
    return 'duplicate'
  }
  if (planned.kind === 'refuse') {
    await forge.comment(issue.number, refusalComment(planned.verdict, settings.command))
    core.info(`refused: ${planned.verdict.reasons.join(' ')}`)
    setOutcome('refused')
    return 'refused'
  }
  if (planned.warning) core.warning(planned.warning)
  return runPlanned(ctx, forge, plan, planned, stores, record.open)
}

/** Runs the planned loop with the action's ports, then reports it in the step's outputs and summary. */
async function runPlanned(
  ctx: WorkContext,
  forge: Forge,
  plan: WorkPlan,
  { config, state }: { config: LoopConfig; state: LoopState },
  stores: StateStores,
  leftOpen: BranchRecord['open']
): Promise<string> {
  const abort = new AbortController()
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort.abort())
  const deps = await loopDeps(ctx, forge, config.coAuthor, abort.signal, stores, leftOpen, {
    pullRequestBranch: plan.pullRequestBranch ?? null
  })
  core.saveState(POST_STATE.stateKey, config.stateKey)
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
  await report(final, deps.checkRun(), ctx.words)
  await plan.after?.(final).catch(e => core.warning(`After the loop: ${errorMessage(e)}`))
  return final.outcome ?? 'failed'
}

/** The run an event asks for on GitHub, from the settings and the trigger. */
function runRequest(
  trigger: Work,
  ctx: WorkContext,
  plan: WorkPlan,
  r: Pick<RunRequest, 'task' | 'branch' | 'baseBranch' | 'previous' | 'stateKey' | 'coAuthor'>,
  notices: string[]
): RunRequest {
  const { settings } = ctx
  // New work on a pull request (a round, a CI fix) was asked for by a writer who saw it.
  const newWork = trigger.kind === 'pr-round' || trigger.kind === 'fix-ci'
  return {
    ...r,
    issue: trigger.issue.number,
    verdict: classify(r.task, { testLabels: settings.testLabels, designLabels: settings.designLabels }),
    now: ctx.clock.now(),
    limits: settings,
    timing: ACTIONS_TIMING,
    agent: {
      kind: settings.agent,
      models: settings.model,
      escalationModel: settings.escalationModel,
      escalationAttempt: settings.escalationAttempt
    },
    protectedPaths: settings.protectedPaths,
    baseline: settings.baseline,
    draft: settings.draft,
    escalatedLabel: settings.escalatedLabel,
    links: {
      issue: trigger.issue.url,
      branch: `${ctx.runner.serverUrl}/${ctx.repo.owner}/${ctx.repo.repo}/tree/${r.branch}`,
      run: ctx.runner.runUrl
    },
    humanOnlyOverride:
      trigger.kind === 'run' && trigger.force
        ? `@${trigger.requester.login} forced the run`
        : newWork
          ? 'a writer asked for it on the pull request'
          : null,
    newWork,
    afterSuccess: 'continue',
    // Runs from before the issue lease existed: a run that started after this event already served it.
    eventTime: trigger.kind === 'run' ? ctx.eventTime : null,
    ...(plan.feedback ? { feedback: plan.feedback } : {}),
    notices: [
      ...notices,
      ...(plan.notices ?? []),
      ...riskNotices({
        allowCiPermissions: settings.allowCiPermissions,
        allowCiSecrets: settings.allowCiSecrets,
        agentNetworkOpen: settings.agentNetwork.mode === 'open'
      })
    ],
    ...(plan.followMoves === undefined ? {} : { followMoves: plan.followMoves })
  }
}

async function defaultBranch(ctx: RunContext): Promise<string> {
  const { data } = await ctx.octokit.rest.repos.get(ctx.repo)
  return data.default_branch
}

async function report(
  state: LoopState,
  checkRun: { id: number | null; url: string | null },
  words: Vocabulary
): Promise<void> {
  setOutcome(state.outcome ?? 'failed')
  core.setOutput('reason', state.reason ?? '')
  const head = finalHead(state)
  if (head) core.setOutput('head-sha', head)
  if (checkRun.url) core.setOutput('check-run-url', checkRun.url)
  if (state.pullRequest) core.setOutput('pull-request-number', String(state.pullRequest.number))
  core.setOutput('attempts', String(state.attempts.length))
  const tokens = state.spent.tokens.input + state.spent.tokens.output
  core.setOutput('tokens', state.spent.tokensKnown === false ? '' : String(tokens))
  core.setOutput('cost-usd', state.spent.costKnown ? state.spent.costUsd.toFixed(4) : '')
  if (state.pullRequest) core.setOutput('pull-request', state.pullRequest.url)
  if (checkRun.id !== null) core.setOutput('check-run-id', String(checkRun.id))
  await core.summary
    .addRaw(renderJobSummary(state, words))
    .write()
    .catch(e => core.warning(`Could not write the job summary: ${errorMessage(e)}`))
  if (state.outcome === 'failed')
    core.setFailed(
      stepFailure(
        state.reason ?? 'error',
        state.error ?? 'see the check run and the comment on the issue',
        words
      )
    )
}

/**
 * The branch head the run ended on: the commit the full CI judged, else the rebased head or the last
 * pushed commit; after an outside push, that commit.
 */
function finalHead(state: LoopState): string | null {
  if (state.reason === 'branch-moved' && state.outside) return state.outside.sha
  return (
    state.finalCi?.headSha ??
    state.rebase?.head ??
    [...state.attempts]
      .reverse()
      .map(a => a.pushed ?? a.commit)
      .find(sha => sha !== null) ??
    null
  )
}
