/**
 * Event → Trigger or Ignored. The entry point of the flow:
 *
 * | event                 | handled actions          | starts                                        |
 * |-----------------------|--------------------------|-----------------------------------------------|
 * | `issues`              | `assigned`, `labeled`    | `run` once labelled and assigned (issues-event.ts) |
 * | `issue_comment`       | `created`                | any comment command (comment-event.ts)        |
 * | `workflow_dispatch`   | (an `issue` input)       | `run`; without an issue, `queue`              |
 * | `repository_dispatch` | any `event_type`         | `run` by issue number, or `ticket`            |
 * | `schedule`            | —                        | `queue`, or `run` for `options.issue`         |
 * | `pull_request_review` | `submitted`              | `pr-round` for changes requested (review-event.ts) |
 * | `pull_request_review_comment` | `created`        | `pr-round` only for a command (review-event.ts) |
 * | `workflow_run`        | `completed`              | `fix-ci` for a failed CI run on a labelled PR (workflow-run.ts) |
 *
 * Errors versus ignoring: an event the action does not handle at all (`push`, `pull_request`, …) or a
 * payload missing a field or holding the wrong type throws PayloadError: the workflow or the sender is
 * misconfigured, the run fails red, and the message says what to fix. An unhandled *action* of a
 * handled event (`issues.opened`, an edited comment) and every gate refusal is `Ignored`: routine
 * traffic, one log line, a green step, and nothing written to GitHub (the ports cannot write). The
 * one reply: a writer's comment that starts with the prefix but is no command (`invalid-command`).
 */
import { PayloadError } from '../errors.js'
import { onIssueComment } from './comment-event.js'
import { onRepositoryDispatch, onWorkflowDispatch } from './dispatch-events.js'
import { memoisePermissions } from './gate.js'
import { onIssues } from './issues-event.js'
import type { TriggerApi } from './ports.js'
import { onPullRequestReview, onPullRequestReviewComment } from './review-event.js'
import { onWorkflowRun } from './workflow-run.js'
import { onSchedule } from './schedule.js'
import type { Decision, TriggerEvent, TriggerOptions } from './types.js'

export const HANDLED_EVENTS = [
  'issues',
  'issue_comment',
  'workflow_dispatch',
  'repository_dispatch',
  'schedule',
  'pull_request_review',
  'pull_request_review_comment',
  'workflow_run'
] as const

export async function decide(
  event: TriggerEvent,
  options: TriggerOptions,
  ports: TriggerApi
): Promise<Decision> {
  if (typeof event.payload !== 'object' || event.payload === null || Array.isArray(event.payload)) {
    throw new PayloadError(
      `Malformed ${event.name || '(unnamed)'} event: the payload is ${event.payload === null ? 'null' : typeof event.payload}; ` +
        'expected the JSON object GitHub writes to GITHUB_EVENT_PATH.'
    )
  }
  const api = memoisePermissions(ports)
  switch (event.name) {
    case 'issues':
      return onIssues(event.payload, options, api)
    case 'issue_comment':
      return onIssueComment(event.payload, options, api)
    case 'workflow_dispatch':
      return onWorkflowDispatch(event.payload, options, api)
    case 'repository_dispatch':
      return onRepositoryDispatch(event.payload, options, api)
    case 'schedule':
      return onSchedule(event.payload, options, api)
    case 'pull_request_review':
      return onPullRequestReview(event.payload, options, api)
    case 'pull_request_review_comment':
      return onPullRequestReviewComment(event.payload, options, api)
    case 'workflow_run':
      return onWorkflowRun(event.payload, options, api)
    default:
      throw new PayloadError(
        `The action does not handle "${event.name}" events; expected one of ${HANDLED_EVENTS.join(', ')}. ` +
          'Remove that event from the workflow\'s "on:" section (the README shows a complete workflow).'
      )
  }
}

/** One log line for a decision. */
export function describeDecision(decision: Decision): string {
  switch (decision.kind) {
    case 'ignored':
      return `Ignored (${decision.code}): ${decision.reason}.`
    case 'queue':
      return decision.issues.length
        ? `Queued ${decision.issues.length} issue(s): ${decision.issues.map(n => `#${n}`).join(', ')}.`
        : `Nothing to queue${decision.skipped.length ? ` (${decision.skipped.length} labelled issue(s) skipped)` : ''}.`
    case 'ticket':
      return `New ticket "${decision.ticket.title}" from @${decision.requester.login}${decision.force ? ' (forced)' : ''}.`
    case 'run':
      return `Run issue #${decision.issue.number} for @${decision.requester.login} (${decision.source}${decision.force ? ', forced' : ''}).`
    case 'invalid-command':
      return `Not a command, answered for @${decision.requester.login}: ${decision.reason}.`
    case 'pr-round':
      return `New round on pull request #${decision.pullRequest.number} (${decision.pullRequest.branch}) for @${decision.requester.login}${decision.review ? ` (review with ${decision.review.comments.length} inline comment(s))` : ''}.`
    case 'fix-ci':
      return `Fix CI on pull request #${decision.pullRequest.number} (${decision.pullRequest.branch} at ${decision.pullRequest.headSha.slice(0, 7)}) for @${decision.requester.login}.`
    case 'refuse':
      return `Refused on #${decision.issue.number} for @${decision.requester.login}: ${decision.reason}`
    default:
      return `${decision.kind[0].toUpperCase()}${decision.kind.slice(1)} issue #${decision.issue.number} for @${decision.requester.login}.`
  }
}
