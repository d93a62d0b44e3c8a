/**
 * What the trigger decides: one `Trigger` (do this) or `Ignored` (do nothing, say why).
 * The event → decision rules are documented in src/trigger/decide.ts.
 */
import type { IssueData } from '../task/types.js'

/** A GitHub account as events and the API describe it. */
export interface Actor {
  login: string
  /** Account type: `User`, `Bot`, `Organization`, … */
  type: string
  id?: number | null
}

/** Who asked for the work: the assigner, the labeller, the commenter or the dispatcher. */
export interface Requester {
  login: string
  id: number | null
}

export type { Permission } from './permission.js'

/** Which event (and action) produced the trigger, for the log and the report. */
export type TriggerSource =
  | 'issues.assigned'
  | 'issues.labeled'
  | 'issue_comment'
  | 'workflow_dispatch'
  | 'repository_dispatch'
  | 'schedule'
  | 'pull_request_review'
  | 'pull_request_review_comment'
  | 'workflow_run'

/** The agent's own pull request a command was given on. */
export interface PullRequestTarget {
  number: number
  /** Head branch, under the branch prefix. */
  branch: string
}

/** Start (or resume) work on an issue. `force` skips the classifier's HUMAN_ONLY refusal. */
export interface RunTrigger {
  kind: 'run'
  issue: IssueData
  requester: Requester
  force: boolean
  source: TriggerSource
}

/** `/nightshift retry`: resume from the last finished attempt on the issue's branch. */
export interface RetryTrigger {
  kind: 'retry'
  issue: IssueData
  requester: Requester
  source: 'issue_comment'
  /** Set when the command was given on the agent's pull request. */
  pullRequest: PullRequestTarget | null
}

/** `/nightshift stop` or `/nightshift status`: act on a running or finished loop; no agent work. */
export interface ControlTrigger {
  kind: 'stop' | 'status'
  issue: IssueData
  requester: Requester
  source: 'issue_comment'
  pullRequest: PullRequestTarget | null
}

/**
 * A writer's comment that starts with the command prefix but is not a command nightshift accepts
 * (`/nightshift run now please`, a request on an issue): answered with what is accepted, never guessed at.
 */
export interface InvalidCommandTrigger {
  kind: 'invalid-command'
  issue: IssueData
  requester: Requester
  source: 'issue_comment'
  /** Why the comment is not a command and what is accepted (plain text). */
  reason: string
}

/** One inline comment of a review, as the round quotes it and answers it. */
export interface ReviewComment {
  id: number
  path: string
  /** The commented line range on the pull request's head side (`startLine` null for one line). */
  line: number | null
  startLine: number | null
  /** The diff hunk GitHub shows above the comment (untrusted text, quoted as data). */
  diffHunk: string
  /** The comment's text, sanitised. */
  body: string
}

/** The review a round answers: its id and the inline comments, each answered in its thread. */
export interface ReviewRound {
  id: number
  /** The commit the review was made on (the comments' line numbers refer to it), when known. */
  commitId: string | null
  comments: ReviewComment[]
}

/**
 * A new round on the agent's own pull request, on the same branch: `/nightshift <request>` (the
 * request, sanitised, is the task), or a writer's review requesting changes (the review rendered as
 * the request; `review` lists the inline comments to answer). `issue` is the issue the branch was made
 * for, or the pull request itself when the branch name carries no issue number.
 */
export interface PrRoundTrigger {
  kind: 'pr-round'
  issue: IssueData
  requester: Requester
  source: 'issue_comment' | 'pull_request_review' | 'pull_request_review_comment'
  pullRequest: PullRequestTarget
  request: string
  review?: ReviewRound
}

/** A pull request whose CI nightshift is asked to make green (any branch of this repository). */
export interface FixCiTarget {
  number: number
  /** Head branch (in this repository). */
  branch: string
  /** Base branch the pull request merges into. */
  base: string
  /** The head commit the command or the failed run saw. */
  headSha: string
  /** Whether the pull request's author has write access (required to push to its branch). */
  authorCanWrite: boolean
}

/**
 * `/nightshift fix-ci` on a pull request, or a failed CI run (`workflow_run`) on a pull request that
 * carries the trigger label: the failing run's feedback is the task, the pull request's title and body
 * its context. `runId` is the failed run when the event named one; otherwise CI is run on the head.
 */
export interface FixCiTrigger {
  kind: 'fix-ci'
  /** The pull request, read as an issue (comments, the lease and the state key live on its number). */
  issue: IssueData
  requester: Requester
  source: 'issue_comment' | 'workflow_run'
  pullRequest: FixCiTarget
  runId: number | null
}

/**
 * A writer asked for something nightshift refuses with a reply on the pull request (a fork's branch
 * is never checked out with write tokens). `reason` is the reply's text.
 */
export interface RefuseTrigger {
  kind: 'refuse'
  issue: IssueData
  requester: Requester
  source: 'issue_comment'
  reason: string
}

/**
 * A `repository_dispatch` ticket with a title and body but no issue: the composition root opens an
 * issue from it (the branch, comments and pull request need one), then runs it.
 */
export interface TicketTrigger {
  kind: 'ticket'
  ticket: { title: string; body: string; labels: string[] }
  requester: Requester
  force: boolean
  source: 'repository_dispatch'
}

/**
 * A scheduled run's queue: issue numbers to run, oldest first, at most `queueLimit`. The action sets
 * them as the JSON `queue` output for a matrix job. `skipped` says why other labelled issues wait.
 */
export interface QueueTrigger {
  kind: 'queue'
  issues: number[]
  skipped: { issue: number; reason: string }[]
  source: 'schedule' | 'workflow_dispatch'
}

export type Trigger =
  | RunTrigger
  | RetryTrigger
  | ControlTrigger
  | PrRoundTrigger
  | FixCiTrigger
  | RefuseTrigger
  | TicketTrigger
  | QueueTrigger
  | InvalidCommandTrigger

/** Why an event was ignored, as a stable code for tests and reports. */
export type IgnoredCode =
  /** An action of a handled event that never starts work (`issues.opened`, an edited comment). */
  | 'unhandled-action'
  /** The actor (sender, commenter) is a bot account. */
  | 'bot-actor'
  /** The actor has less than write permission. */
  | 'no-permission'
  /** The issue does not carry the trigger label. */
  | 'label-missing'
  /** The trigger label was applied by a bot, by a user without write permission, or by nobody we can find. */
  | 'label-not-trusted'
  /** `issues.labeled` with another label. */
  | 'other-label'
  /** Assigned to someone other than the configured assignee. */
  | 'assignee-mismatch'
  /** Labelled, but not assigned (to the configured assignee) yet. */
  | 'not-assigned'
  /** The issue is closed. */
  | 'closed'
  /** An issue-only action on a pull request (or a dispatch naming a pull request). */
  | 'pull-request'
  /** A comment that is not a command. */
  | 'not-a-command'
  /** The command prefix followed by something we refuse to guess at. */
  | 'invalid-command'
  /** `/nightshift <request>` on an issue: requests are for the agent's pull requests. */
  | 'request-on-issue'
  /** `/nightshift run` on a pull request. */
  | 'run-on-pull-request'
  /** A command on a pull request that is not the agent's own. */
  | 'not-agent-pull-request'
  /** The issue or pull request does not exist, or the token cannot see it. */
  | 'not-found'
  /** A review that neither requests changes nor starts with the command. */
  | 'not-a-review-request'
  /** A CI run that did not fail, is not the CI workflow, or belongs to no labelled pull request. */
  | 'not-a-failed-pr-run'

/** Nothing to do. `reason` is one log line a human understands. Nothing was written to GitHub. */
export interface Ignored {
  kind: 'ignored'
  code: IgnoredCode
  reason: string
}

export type Decision = Trigger | Ignored

/** Settings the trigger needs, as plain data (from `Settings` in src/config/settings.ts). */
export interface TriggerOptions {
  /** The label that marks an issue as suitable (`agent-ok`). */
  triggerLabel: string
  /** The login whose assignment starts work; null: any assignment of a labelled issue. */
  assignee: string | null
  /** The comment command prefix (`/nightshift`). */
  command: string
  /** Prefix of the agent's branches (`agent/`). */
  branchPrefix: string
  /** The CI workflow (`ci.yml` or a numeric id) whose failed runs on labelled pull requests start fix-ci. */
  ciWorkflow?: string
  /** Most issues a scheduled run queues. */
  queueLimit: number
  /**
   * One issue to run on a `schedule` or `workflow_dispatch` event instead of draining the queue: the
   * queue's matrix job passes the number it was given. It passes the same label gate as a dispatch.
   */
  issue?: number | null
}

/** An event as the runner delivers it: `GITHUB_EVENT_NAME` and the parsed `GITHUB_EVENT_PATH`. */
export interface TriggerEvent {
  name: string
  payload: unknown
}

export const ignored = (code: IgnoredCode, reason: string): Ignored => ({ kind: 'ignored', code, reason })
