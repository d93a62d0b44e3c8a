/**
 * The other texts nightshift posts: the pull request, the comment linking it, the hand-back comment,
 * the `status` command's answer and the reply to a malformed command. Every body fits GitHub's 65,536 characters (comment and
 * pull-request bodies above that are rejected with 422 "Body is too long (maximum is 65536
 * characters)", https://github.com/orgs/community/discussions/27190).
 */
import type { PullRequestRef, Texts } from '../loop/ports.js'
import type { LoopState } from '../loop/state.js'
import { fitSections } from './check-run.js'
import {
  clip,
  code,
  fenced,
  formatCost,
  formatCount,
  formatTokens,
  firstLine,
  formatDuration,
  inline,
  link,
  plural,
  quote
} from './markdown.js'
import { headline, lastCi, nextStepFor, phaseWords, reasonWords } from './outcome.js'
import { notTheChange } from './baseline.js'
import { attemptsTable, failureLine, guards, rebaseSection, totals } from './sections.js'
import { commandText, type Vocabulary } from './vocabulary.js'

/** GitHub's limit for issue, comment and pull-request bodies. */
export const BODY_LIMIT = 65_536
/** GitHub's limit for a pull request's title. */
const TITLE_LIMIT = 256

export interface TextOptions {
  /** The current check run's URL (the reporter's `url`), for "full report" links. */
  checkRunUrl?: () => string | null
}

function reportLink(opts: TextOptions): string {
  const url = opts.checkRunUrl?.() ?? null
  return url ? `Full report: ${link('the nightshift check run', url)}.` : ''
}

/** The published change per file with its lines added and deleted (git's numstat), when measured. */
function diffStat(state: LoopState, max: number): string | null {
  const files = state.diffStat?.files
  if (!files?.length) return null
  const added = files.reduce((n, f) => n + f.added, 0)
  const deleted = files.reduce((n, f) => n + f.deleted, 0)
  const rows = files
    .slice(0, max)
    .map(
      f =>
        `| ${code(f.path, 200)} | ${f.binary ? 'binary' : `+${f.added}`} | ${f.binary ? '' : `−${f.deleted}`} |`
    )
  if (files.length > max) rows.push(`| … and ${files.length - max} more | | |`)
  return [
    `**Files changed (${files.length}), +${added} −${deleted}:**`,
    '',
    '| file | added | deleted |',
    '| --- | ---: | ---: |',
    ...rows
  ].join('\n')
}

function changedFiles(state: LoopState, max = 100): string {
  const stat = diffStat(state, max)
  if (stat) return stat
  const all = [...new Set(state.attempts.flatMap(a => a.changedFiles))]
  if (all.length === 0) return ''
  const shown = all.slice(0, max).map(f => `- ${code(f, 200)}`)
  if (all.length > max) shown.push(`- … and ${all.length - max} more`)
  return [`**Files changed (${all.length}):**`, '', ...shown].join('\n')
}

/** The pull request's title (plain text, one line, ≤ 256) and body. */
export function renderPullRequest(state: LoopState, opts: TextOptions = {}): { title: string; body: string } {
  // Kept as written: GitHub neither notifies @-mentions nor closes issues from a pull request's title
  // (closing keywords work in the description and commit messages only:
  // https://docs.github.com/en/issues/tracking-your-work-with-issues/using-issues/linking-a-pull-request-to-an-issue),
  // and an invisible character would break conventional-commit tools on a squash merge. Control and
  // format characters (zero-width, bidirectional overrides) go, so the title is what it looks like.
  const raw = state.task.title
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  const title = clip(`${raw || `Issue ${state.issue}`} (#${state.issue})`, TITLE_LIMIT)
  const lastWithSummary = [...state.attempts].reverse().find(a => a.summary.trim() !== '')
  const head = state.finalCi?.headSha ? code(state.finalCi.headSha.slice(0, 7)) : 'the final head'
  const old = state.finalCi?.preExistingCount ?? 0
  const passed = old
    ? `the full CI passed on ${head}, the head of this pull request, apart from ${plural(old, 'failure')} already failing on ${code(state.baseBranch)} before this change (listed below)`
    : `the full CI passed on ${head}, the head of this pull request`
  const lead = [
    `Closes #${state.issue}`,
    '',
    `nightshift worked on ${link(`issue #${state.issue}`, state.task.url || state.links.issue)} in ${state.attempts.length} attempt(s); ${passed}. ${reportLink(opts)}`.trim()
  ].join('\n')
  const body = fitSections(
    [
      { name: 'header', importance: 100, variants: [lead] },
      {
        name: 'what changed',
        importance: 60,
        variants: [
          ['### What changed', '', quote(lastWithSummary?.summary ?? '', 6000), '', changedFiles(state)].join(
            '\n'
          ),
          [
            '### What changed',
            '',
            quote(lastWithSummary?.summary ?? '', 1000),
            '',
            changedFiles(state, 20)
          ].join('\n')
        ]
      },
      { name: 'attempts table', importance: 80, variants: [attemptsTable(state), attemptsTable(state, 4)] },
      {
        name: 'base branch',
        importance: 70,
        variants: [notTheChange(state, 20), notTheChange(state, 3), notTheChange(state, 0)]
      },
      { name: 'guards', importance: 40, variants: [guards(state, 30), guards(state, 5), ''] },
      { name: 'rebase', importance: 30, variants: [rebaseSection(state), ''] }
    ],
    BODY_LIMIT,
    'the check run'
  )
  return { title, body }
}

/** The issue comment pointing to the new pull request. */
export function renderPullRequestLink(state: LoopState, pr: PullRequestRef, opts: TextOptions = {}): string {
  const n = state.attempts.length
  const draft = pr.draft ? 'draft ' : ''
  return [
    `nightshift opened the ${draft}pull request ${link(`#${pr.number}`, pr.url)} for this issue after ${plural(n, 'attempt')}; the full CI passed on its head.`,
    '',
    `${totals(state)}. ${reportLink(opts)}`.trim()
  ].join('\n')
}

/** True when the branch holds work of this task on the remote: an attempt or someone else pushed to it. */
function branchPushed(state: LoopState): boolean {
  return state.outside !== null || state.attempts.some(a => a.pushed !== null)
}

/**
 * The hand-back comment: the diagnosis, the error that stopped the run when there was one, what was
 * tried, the branch when it holds work, the reason and the next step. Only an escalation says the label
 * was applied: a failed run (a broken setup, GitHub down) is no verdict on the issue and gets none.
 */
export function renderHandBack(state: LoopState, words: Vocabulary, opts: TextOptions = {}): string {
  const last = [...state.attempts].reverse().find(a => a.pushed ?? a.commit)
  const pushedHead = last?.pushed ?? null
  const tried = state.attempts.map(a => {
    const ci = a.ci
      ? `CI ${a.ci.outcome.replace('_', ' ')}${a.ci.failureCount ? ` (${plural(a.ci.failureCount, 'failure')})` : ''}`
      : a.problem
        ? inline(a.problem, 200)
        : 'no CI run'
    const first = firstLine(a.summary)
    return `- Attempt ${a.attempt} (${code(a.model, 60)}): ${first ? `${inline(first, 200)} — ` : ''}${ci}`
  })
  const ci = lastCi(state)
  const failures = ci && ci.failures.length > 0 ? ci.failures.slice(0, 15).map(f => failureLine(f)) : []
  if (ci && ci.failureCount > failures.length && failures.length > 0)
    failures.push(`- … and ${ci.failureCount - failures.length} more`)
  const branch = branchPushed(state)
    ? `**Branch:** ${state.links.branch ? link(code(state.branch), state.links.branch) : code(state.branch)}${pushedHead ? ` (last commit ${code(pushedHead.slice(0, 7))})` : ''}`
    : `**Branch:** nothing was pushed`
  const title =
    state.outcome === 'failed'
      ? `### nightshift could not work on this issue: ${reasonWords(state.reason, words)}`
      : `### nightshift handed this issue back: ${reasonWords(state.reason, words)}`
  const head = [
    title,
    '',
    `**Outcome:** \`${state.outcome ?? 'running'}\`${state.reason ? ` (\`${state.reason.replace(/`/g, '')}\`)` : ''}`,
    ...(state.error ? ['', '**Error:**', fenced(state.error, 3000), ''] : []),
    `**Next step:** ${nextStepFor(state, words)}`,
    `${branch} · **Spent:** ${formatCost(state.spent.costUsd, state.spent.costKnown)}, ${formatTokens(state.spent.tokens.input + state.spent.tokens.output, state.spent.tokensKnown !== false)}`,
    ...(state.outside
      ? [
          `**Outside commit:** ${code(state.outside.sha.slice(0, 7))}, pushed by someone else; CI ${state.outside.ci ? state.outside.ci.outcome.replace('_', ' ') : 'has not judged it'}.`
        ]
      : []),
    '',
    `${state.outcome === 'escalated' ? `The label ${code(words.escalatedLabel)} is applied. ` : ''}${reportLink(opts)}`.trim()
  ].join('\n')
  return fitSections(
    [
      { name: 'header', importance: 100, variants: [head.trimEnd()] },
      {
        name: 'attempts table',
        importance: 70,
        variants: tried.length
          ? [
              ['#### What was tried', '', ...tried].join('\n'),
              ['#### What was tried', '', ...tried.slice(-5)].join('\n')
            ]
          : ['']
      },
      {
        name: 'failures',
        importance: 80,
        variants: [
          failures.length ? ['#### Last failures', '', ...failures].join('\n') : '',
          failures.length ? ['#### Last failures', '', ...failures.slice(0, 3)].join('\n') : ''
        ]
      },
      { name: 'rebase', importance: 90, variants: [rebaseSection(state)] }
    ],
    BODY_LIMIT,
    'the check run'
  )
}

/** Limits for the status answer (from the settings); each optional. */
export interface StatusLimits {
  maxAttempts?: number
  maxCostUsd?: number | null
  maxTokens?: number | null
  timeLimitMinutes?: number
}

/** The `status` command's answer: current phase, attempts so far, budget spent, links. */
export function renderStatus(
  state: LoopState | null,
  now: number,
  words: Vocabulary,
  limits: StatusLimits = {},
  opts: TextOptions = {}
): string {
  if (!state)
    return `No nightshift run is recorded for this issue. Label it ${code(words.triggerLabel)} or comment ${commandText(words, 'run')} to start one.`
  const done = state.attempts.length - (state.roundStart ?? 0)
  const of = (v: string, max: string | null) => (max ? `${v} of ${max}` : v)
  // Input counts cache reads and writes already (the same sum max-tokens caps).
  const tokens = state.spent.tokens.input + state.spent.tokens.output
  const running = state.outcome === null
  const lines = [
    `**nightshift status:** ${headline(state, words)}`,
    '',
    `- Phase: ${running ? phaseWords(state.phase) : `finished (\`${state.outcome}\`)`}`,
    `- Attempts: ${of(String(done), limits.maxAttempts ? String(limits.maxAttempts) : null)}${state.roundStart ? ` this round (${state.attempts.length} in all)` : ''}`,
    `- Spent: ${of(formatCost(state.spent.costUsd, state.spent.costKnown), limits.maxCostUsd ? formatCost(limits.maxCostUsd) : null)}, ${of(formatTokens(tokens, state.spent.tokensKnown !== false), limits.maxTokens ? formatCount(limits.maxTokens) : null)}, ${of(formatDuration((running ? now : state.updatedAt) - state.startedAt), limits.timeLimitMinutes ? `${limits.timeLimitMinutes}m` : null)}`,
    `- Branch: ${state.links.branch ? link(code(state.branch), state.links.branch) : code(state.branch)}`
  ]
  const ci = lastCi(state)
  if (ci)
    lines.push(
      `- Last CI: ${link(ci.outcome.replace('_', ' '), ci.runUrl)}${ci.failureCount ? `, ${ci.failureCount} failure(s)` : ''}`
    )
  if (state.pullRequest)
    lines.push(`- Pull request: ${link(`#${state.pullRequest.number}`, state.pullRequest.url)}`)
  if (state.links.run) lines.push(`- Workflow run: ${link('log', state.links.run)}`)
  const report = opts.checkRunUrl?.()
  if (report) lines.push(`- Report: ${link('check run', report)}`)
  lines.push('', `**Next step:** ${nextStepFor(state, words)}`)
  return clip(lines.join('\n'), BODY_LIMIT)
}

/** The loop's `Texts` port over these renderers. */
export function createTexts(words: Vocabulary, opts: TextOptions = {}): Texts {
  return {
    pullRequest: state => renderPullRequest(state, opts),
    pullRequestLink: (state, pr) => renderPullRequestLink(state, pr, opts),
    handBack: state => renderHandBack(state, words, opts)
  }
}

/** The reply to a writer's malformed command: what was not understood and what is accepted. */
export function renderInvalidCommand(reason: string, requester: string): string {
  return `@${requester} nightshift did not act on this comment: ${inline(reason, 600)}. Nothing was started; post the command again on its own line.`
}
