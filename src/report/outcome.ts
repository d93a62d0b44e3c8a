/**
 * What an outcome means for the check run and for the human: the conclusion, a headline and the next
 * step. "Not evaluated" is neutral, never green: a head CI never judged has not passed.
 */
import type { CheckConclusion } from '../loop/ports.js'
import type { Reason } from '../loop/reasons.js'
import type { CiRecord, LoopState, Outcome } from '../loop/state.js'
import { clip, neutralise, plural } from './markdown.js'
import { commandText, type Vocabulary } from './vocabulary.js'

/** True only when a full CI run on the final head was green: the sole evidence that counts as success. */
export function greenFullCi(state: LoopState): boolean {
  if (state.finalCi) return state.finalCi.scope === 'full' && state.finalCi.outcome === 'success'
  // With no separate fast workflow and a base that did not move, the last attempt's run is the full one.
  const last = lastCi(state)
  return last !== null && last.scope === 'full' && last.outcome === 'success' && !state.rebase?.movedBase
}

/** The most recent CI run the loop recorded (the final one, or the last attempt's). */
export function lastCi(state: LoopState): CiRecord | null {
  // Handed back over an outside commit: its verdict is the one that counts.
  if (state.reason === 'branch-moved' && state.outside?.ci) return state.outside.ci
  if (state.finalCi && state.finalCi.outcome !== 'skipped') return state.finalCi
  for (let i = state.attempts.length - 1; i >= 0; i--) {
    const ci = state.attempts[i]?.ci
    if (ci && ci.outcome !== 'skipped') return ci
  }
  return null
}

/**
 * The check-run conclusion for a finished state.
 * - `success` only for outcome `success` backed by a green full CI run (a state claiming success
 *   without one is reported `neutral`, so a loop bug can never paint a check green);
 * - `escalated` is `failure` when the last CI run failed (the code demonstrably does not pass), and
 *   `neutral` when nothing was evaluated (CI never ran, timed out, rebase conflict, budget spent
 *   before any CI result);
 * - `refused` and `stopped` are `neutral`: no code was judged; `failed` (an error in the action) is
 *   `failure`; `cancelled` is `cancelled`; a state without an outcome (a crash) is `neutral`.
 */
export function conclusionFor(state: LoopState): CheckConclusion {
  switch (state.outcome) {
    case 'success':
      return greenFullCi(state) ? 'success' : 'neutral'
    case 'escalated':
      return lastCi(state)?.outcome === 'failure' && state.reason !== 'rebase-conflict'
        ? 'failure'
        : 'neutral'
    case 'failed':
      return 'failure'
    case 'cancelled':
      return 'cancelled'
    case 'refused':
    case 'stopped':
    case null:
      return 'neutral'
  }
}

const OUTCOME_WORDS: Record<Outcome, string> = {
  success: 'pull request ready',
  escalated: 'handed back to a human',
  refused: 'not attempted',
  stopped: 'stopped',
  cancelled: 'cancelled',
  failed: 'failed'
}

/** Readable names of the loop's reasons (LoopState.reason), in the configured words. */
const reasonTable = (words: Vocabulary): Record<Reason, string> => ({
  green: 'CI passed on the final head',
  'max-attempts': 'the attempt budget ran out',
  'no-progress': 'no progress: the same failures came back',
  'no-changes': 'the agent made no change',
  'time-limit': 'the time limit was reached',
  'cost-limit': 'the cost limit was reached',
  'token-limit': 'the token limit was reached',
  'rebase-conflict': 'the rebase on the default branch had conflicts',
  'ci-never-ran': 'CI was dispatched but never ran',
  'human-only': 'the classifier judged the issue HUMAN_ONLY',
  'stop-command': `stopped by ${commandText(words, 'stop')}`,
  'ci-cancelled': 'the CI run was cancelled',
  'ci-setup': 'CI cannot run on the base branch (a setup problem, before any change)',
  cancelled: 'the workflow run was cancelled',
  'branch-moved': 'someone else pushed to the branch',
  'api-unavailable': 'the GitHub API did not answer, even after retries',
  'rate-limited': 'GitHub rate-limited the requests, even after waiting',
  'model-error': 'the model provider refused or failed the request',
  'agent-error': 'the agent command failed before changing anything',
  'config-error': 'nightshift is not set up for this repository',
  'github-error': 'GitHub refused a request',
  error: 'an error in the action itself'
})

export function reasonWords(reason: string | null, words: Vocabulary): string {
  if (reason === null) return 'no reason recorded'
  return reasonTable(words)[reason as Reason] ?? `\`${reason.replace(/[^\w.-]/g, '')}\``
}

const PHASE_WORDS: Record<LoopState['phase'], string> = {
  classify: 'classifying the issue',
  prepare: 'preparing the branch',
  baseline: 'learning the CI result of the base branch',
  attempt: 'agent at work',
  ci: 'waiting for CI',
  rebase: 'rebasing on the default branch',
  'final-ci': 'running the final full CI',
  publish: 'opening the pull request',
  done: 'done'
}

/** One short line for the check-run title and the status answer. */
export function headline(state: LoopState, words: Vocabulary): string {
  const n = state.attempts.length
  const attempts = plural(n, 'attempt')
  if (state.outcome === null) {
    // While the agent works, its attempt is not recorded yet (it is, from the push on, in `ci`).
    const current =
      state.phase === 'attempt'
        ? ` (attempt ${n + 1})`
        : state.phase === 'ci'
          ? ` (attempt ${Math.max(n, 1)})`
          : ''
    return `Running: ${PHASE_WORDS[state.phase]}${current}`
  }
  if (state.outcome === 'success' && !greenFullCi(state))
    return 'Outcome claims success without a green full CI run'
  const outcome = OUTCOME_WORDS[state.outcome]
  const tail = state.outcome === 'refused' ? '' : ` after ${attempts}`
  return `${outcome[0]?.toUpperCase()}${outcome.slice(1)}${tail}: ${reasonWords(state.reason, words).replace(/`/g, '')}`
}

export function phaseWords(phase: LoopState['phase']): string {
  return PHASE_WORDS[phase]
}

/**
 * The default "what to do next" sentence for an outcome and reason. The loop may set
 * `state.nextStep` itself; reports fall back to this.
 */
export function defaultNextStep(state: LoopState, words: Vocabulary): string {
  const branch = `\`${state.branch}\``
  const base = `\`${state.baseBranch}\``
  const retry = `comment ${commandText(words, 'retry')}`
  switch (state.outcome) {
    case 'success': {
      const pr = state.pullRequest ? `pull request #${state.pullRequest.number}` : 'the pull request'
      return `Review and merge ${pr}. To ask for changes, comment ${commandText(words, '<request>')} on it for another round.`
    }
    case 'refused':
      return `The issue needs a human: see the reasons above. To let the agent try, add reproduction steps and test criteria, narrow it to one area, then comment ${commandText(words, 'run')}.`
    case 'stopped':
      return `Stopped on request. The branch ${branch} has the work so far; ${retry} to continue, or take it over.`
    case 'cancelled':
      return `The run was cancelled. The branch ${branch} and the saved state are kept: ${retry} to resume from the last finished attempt.`
    case 'failed':
      return failedNextStep(state, retry)
    case null:
      return `Nothing to do yet: this report updates as the work goes on. Comment ${commandText(words, 'stop')} to stop it.`
    case 'escalated':
      break
  }
  switch (state.reason) {
    case 'no-progress': {
      // A command agent, or a one-model ladder, never switched: say only what happened.
      const switched = new Set(state.attempts.map(a => a.model)).size > 1
      return `The same failures came back${switched ? ' even after switching models' : ' in consecutive attempts'}. Read the failures below; clarify the issue (expected behaviour, the test to pass), then ${retry}, or take over the branch ${branch}.`
    }
    case 'no-changes':
      return `The agent finished its last attempts without changing any file. The work may already be on the branch ${branch}, or the issue may not say what to change: clarify it (the file, the expected behaviour), then ${retry}.`
    case 'rebase-conflict': {
      const files = state.rebase?.conflicts.length
        ? ` in ${state.rebase.conflicts.length} file(s) listed below`
        : ''
      return `The branch ${branch} conflicts with ${base}${files}. Rebase it by hand and resolve the conflicts, then ${retry}, or take it over.`
    }
    case 'ci-never-ran':
      return `CI was dispatched but no run appeared. Check that the CI workflow has a \`workflow_dispatch:\` trigger on ${base} and that Actions are enabled, then ${retry}.`
    case 'branch-moved': {
      const sha = state.outside ? ` \`${state.outside.sha.slice(0, 7)}\`` : ''
      return `Someone else pushed${sha} to ${branch}, so nightshift published nothing CI did not judge on that head. Take the branch over, or ${retry} to judge the new head and continue from it.`
    }
    default:
      return `The branch ${branch} has the partial work; ${retry} to continue with a fresh budget, or take it over.`
  }
}

/**
 * What to do after a run that could not do its job. Each names the setup or the service at fault and
 * what to change: none blames the issue, whose text was never the problem.
 */
function failedNextStep(state: LoopState, retry: string): string {
  const quoted = 'the error is quoted above'
  switch (state.reason) {
    case 'ci-setup': {
      const base = `\`${state.baseBranch}\``
      return `CI cannot run on ${base} even without any change (${quoted}), so nothing the agent does can be judged, and nothing is wrong with the issue. Make CI get past its setup on ${base}, then ${retry}.`
    }
    case 'api-unavailable':
    case 'rate-limited':
      return `GitHub did not serve the requests (${quoted}); nothing is wrong with the issue or the setup. Once GitHub answers again, ${retry}: it judges what was pushed before any new attempt.`
    case 'model-error':
      return `The model provider refused the agent's request (${quoted}), so no work was done and nothing is wrong with the issue. Check the \`model\` input and its API key secret (or \`openai-base-url\`), then ${retry}.`
    case 'agent-error':
      return `The agent command failed before changing anything (its exit status and last output lines are quoted above); nothing is wrong with the issue. Make \`agent-command\` run on the runner (installed, on the PATH, its keys passed with \`agent-env\`), then ${retry}.`
    case 'config-error':
      return `nightshift is not set up for this repository (${quoted}); nothing is wrong with the issue. Fix the workflow or the input the error names (\`node dist/cli.js doctor\` checks them all), then ${retry}.`
    case 'github-error':
      return `GitHub refused a request for good (${quoted}); nothing is wrong with the issue. It is usually a permission the workflow's token lacks or a protected branch: grant the permissions the README lists (contents, issues, pull-requests, checks and actions: write), then ${retry}.`
    default:
      return `The action itself failed (${quoted}; the workflow log has the rest). Fix the cause, then ${retry}; if it happens again, report it with the log.`
  }
}

/**
 * The message that fails the workflow step: the reason, the error, and what to do in one line that
 * needs no issue or check run (a run can fail before either is reachable). Without `words` (the inputs
 * could not be read) the retry command is not named: it is unknown.
 */
export function stepFailure(reason: Reason, error: string, words: Vocabulary | null): string {
  const retry = words ? `comment ${commandText(words, 'retry')}` : null
  const todo: Partial<Record<Reason, string>> = {
    'config-error':
      'Fix the input or the workflow named above; `node dist/cli.js doctor --repo owner/name` checks the whole setup.',
    'github-error':
      "Check the workflow's `permissions:` (contents, issues, pull-requests, checks and actions: write) and branch protection.",
    'api-unavailable': `GitHub did not answer; re-run the job${retry ? `, or ${retry},` : ''} once it does.`,
    'rate-limited': `GitHub kept rate-limiting; re-run the job${retry ? `, or ${retry},` : ''} later.`,
    'ci-setup': `Make the CI workflow get past its setup on the default branch, then ${retry ?? 're-run the job'}.`,
    'model-error': 'Check the `model` input, its API key secret and `openai-base-url`.',
    'agent-error':
      'Make `agent-command` run on the runner (installed, on the PATH, its keys in `agent-env`).',
    error: 'This is an error in nightshift itself: report it with this log.'
  }
  const next = todo[reason]
  return `nightshift failed (${reason}): ${error}${next ? `\n${next}` : ''}`
}

/** The next step to show: the loop's own sentence (neutralised: it may quote an error) or the default. */
export function nextStepFor(state: LoopState, words: Vocabulary): string {
  return state.nextStep === null ? defaultNextStep(state, words) : neutralise(clip(state.nextStep, 2000))
}
