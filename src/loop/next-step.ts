/** One or two sentences for the human, per outcome and reason: what happened and what to do next. */
import type { LoopState } from './state.js'

export function nextStepFor(state: LoopState, detail?: string): string {
  const retry = '`/nightshift retry` continues on the same branch with a fresh budget'
  const branch = `\`${state.branch}\``
  switch (state.reason) {
    case 'green':
      return `Full CI passed on the rebased branch. Review the pull request${state.pullRequest ? ` #${state.pullRequest.number}` : ''}.`
    case 'max-attempts':
    case 'cost-limit':
    case 'token-limit':
    case 'time-limit':
      return `The ${state.reason.replace('-', ' ')} was reached before CI passed. The partial work is on ${branch}; ${retry}, or take the branch over.`
    case 'no-progress':
      return `Two attempts in a row failed the same way, so the loop stopped instead of spending more. Read the last failures below; ${retry} after clarifying the issue, or take ${branch} over.`
    case 'rebase-conflict':
      return `The work passed CI, but rebasing on the newest ${state.baseBranch} conflicts in: ${detail ?? 'unknown files'}. Resolve the conflict on ${branch} by hand, or ${retry}.`
    case 'ci-never-ran':
      return 'CI did not run or did not finish, so the work is not evaluated. Check the CI workflow (`nightshift doctor`) and the Actions tab, then comment `/nightshift retry`.'
    case 'ci-cancelled':
      return 'The CI run was cancelled, so the work is not evaluated. Comment `/nightshift retry` to run it again.'
    case 'stop-command':
      return `Stopped by \`/nightshift stop\`. The work so far is on ${branch}; \`/nightshift retry\` continues it.`
    case 'cancelled':
      return `The job was cancelled. The work so far is on ${branch}; \`/nightshift retry\` resumes from the last finished attempt.`
    case 'error':
      return `nightshift itself failed: ${detail ?? 'unknown error'}. Fix the cause, then comment \`/nightshift retry\`.`
    default:
      return detail ?? ''
  }
}
