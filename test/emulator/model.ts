/**
 * The emulator's data, in memory: one clean store per repository, plus users and tokens shared by all.
 * Git data (commits, refs, files) lives in the bare repositories, never here.
 */

/** A repository permission as GitHub's collaborator permission endpoint names it. */
export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none'

/** The permission groups GITHUB_TOKEN's `permissions:` block grants. */
export type Scope =
  'actions' | 'administration' | 'checks' | 'contents' | 'issues' | 'metadata' | 'pull_requests'

export interface User {
  id: number
  login: string
  type: 'User' | 'Bot'
}

/** An access token: whose it is, what it may do, and its rate-limit budget. */
export interface TokenGrant {
  token: string
  login: string
  /** Missing scopes are 'none'; `metadata` read is implied. */
  scopes: Partial<Record<Scope, 'read' | 'write'>>
  /** May push to a protected default branch. */
  admin: boolean
  /** May push changes to `.github/workflows/**` (a PAT with the `workflow` scope). */
  workflows: boolean
  /** Requests an hour (GITHUB_TOKEN: 1000). */
  rateLimit: number
}

export interface RateWindow {
  used: number
  /** Epoch seconds when the window resets. */
  reset: number
}

export interface Label {
  id: number
  name: string
  color: string
  description: string | null
}

export interface Issue {
  id: number
  number: number
  title: string
  body: string | null
  state: 'open' | 'closed'
  labels: string[]
  assignees: string[]
  user: string
  createdAt: string
  updatedAt: string
  closedAt: string | null
  comments: number
}

export interface IssueComment {
  id: number
  issueNumber: number
  body: string
  user: string
  createdAt: string
  updatedAt: string
}

export interface IssueEvent {
  id: number
  issueNumber: number
  event: 'labeled' | 'unlabeled' | 'assigned'
  actor: string
  label?: string
  assignee?: string
  createdAt: string
}

/** One version of an issue body; `body` null when the revision was deleted from the history. */
export interface BodyEdit {
  editedAt: string
  editor: string | null
  body: string | null
}

export interface Workflow {
  id: number
  path: string
  name: string
  createdAt: string
}

export type RunStatus = 'queued' | 'in_progress' | 'completed'
export type Conclusion = 'success' | 'failure' | 'cancelled' | 'skipped' | 'timed_out' | 'neutral'
/** A run may also end in conclusions no job has (a workflow file GitHub could not start, an approval). */
export type RunConclusion = Conclusion | 'startup_failure' | 'action_required'

export interface Run {
  id: number
  workflowId: number
  path: string
  name: string
  displayTitle: string
  runNumber: number
  runAttempt: number
  event: string
  status: RunStatus
  conclusion: RunConclusion | null
  headSha: string
  headBranch: string
  checkSuiteId: number
  actor: string
  inputs: Record<string, string>
  jobIds: number[]
  createdAt: string
  updatedAt: string
  startedAt: string
  /** Set for a run made by the `script-run` fault (scripted-run.ts): it moves as it is read. */
  script?: RunScriptState
}

export interface RunScriptState {
  /** What the k-th read sees: `queued`, `in_progress` or `completed:<conclusion>`; the last one repeats. */
  states: string[]
  reads: number
  /** Listings that still miss the run. */
  hiddenListings: number
}

export interface JobStep {
  name: string
  number: number
  status: RunStatus
  conclusion: Conclusion | null
  startedAt: string | null
  completedAt: string | null
}

export interface Job {
  id: number
  runId: number
  name: string
  status: RunStatus
  conclusion: Conclusion | null
  createdAt: string
  startedAt: string
  completedAt: string | null
  steps: JobStep[]
  /** The log so far, in GitHub's format. */
  log: string
  /** The job's `outputs`, once it finished (a re-run carries a passed job's outputs over). */
  outputs?: Record<string, string>
}

export interface CheckAnnotation {
  path: string
  start_line: number
  end_line: number
  start_column: number | null
  end_column: number | null
  annotation_level: 'notice' | 'warning' | 'failure'
  title: string | null
  message: string
  raw_details: string | null
}

export interface CheckRun {
  id: number
  name: string
  headSha: string
  status: RunStatus
  conclusion: Conclusion | 'action_required' | null
  startedAt: string
  completedAt: string | null
  externalId: string | null
  detailsUrl: string | null
  output: { title: string | null; summary: string | null; text: string | null }
  annotations: CheckAnnotation[]
  checkSuiteId: number
  /** The app that made it: `github-actions` for jobs and GITHUB_TOKEN. */
  app: string
}

export interface PullRequest {
  id: number
  number: number
  title: string
  body: string | null
  state: 'open' | 'closed'
  head: string
  base: string
  draft: boolean
  user: string
  createdAt: string
  updatedAt: string
  closedAt: string | null
  /** A pull request is also an issue (labels, assignees, comments live on its number): see `issueOrPull`. */
  labels: string[]
  /** Set for a pull request from a fork: the fork's `owner/name` (its head branch is not in this repository). */
  headRepo?: string
  assignees: string[]
  comments: number
}

/** A submitted pull request review. */
export interface Review {
  id: number
  pull: number
  user: string
  body: string
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED'
  commitId: string
  submittedAt: string
}

/** An inline comment of a review (a thread's first comment) or a reply in its thread. */
export interface ReviewComment {
  id: number
  pull: number
  reviewId: number
  user: string
  path: string
  line: number | null
  startLine: number | null
  diffHunk: string
  body: string
  commitId: string
  inReplyTo: number | null
  createdAt: string
}

/** Everything GitHub knows about one repository, apart from git itself. */
export class RepoStore {
  readonly collaborators = new Map<string, Permission>()
  readonly labels = new Map<string, Label>()
  readonly issues = new Map<number, Issue>()
  readonly comments = new Map<number, IssueComment>()
  readonly events: IssueEvent[] = []
  readonly workflows = new Map<string, Workflow>()
  readonly runs = new Map<number, Run>()
  readonly jobs = new Map<number, Job>()
  readonly checkRuns = new Map<number, CheckRun>()
  readonly pulls = new Map<number, PullRequest>()
  readonly reviews = new Map<number, Review>()
  readonly reviewComments = new Map<number, ReviewComment>()
  /** Versions of each issue's body, oldest first, once it has been edited (GraphQL `userContentEdits`). */
  readonly bodyEdits = new Map<number, BodyEdit[]>()
  /** Issues and pull requests share one number sequence, as on GitHub. */
  nextNumber = 1
  nextRunNumber = 1
  /** When true, only an admin token may push to the default branch. */
  protectDefaultBranch = false
  /** What GITHUB_TOKEN gets when a workflow has no `permissions:` (new repositories: read). */
  defaultWorkflowPermissions: 'read' | 'write' = 'read'

  constructor(
    readonly id: number,
    readonly owner: string,
    readonly name: string,
    readonly defaultBranch: string,
    readonly bareDir: string,
    readonly createdAt: string
  ) {}

  get fullName(): string {
    return `${this.owner}/${this.name}`
  }

  /**
   * The issue with this number, or the pull request (GitHub's issue endpoints serve pull requests by
   * number: https://docs.github.com/en/rest/issues/issues#get-an-issue). A pull request keeps its
   * issue fields (labels, assignees, comments) itself, so there is one record to update.
   */
  issueOrPull(number: number): Issue | undefined {
    return this.issues.get(number) ?? this.pulls.get(number)
  }
}

/** Ids unique across the emulator. Jobs and check runs share one sequence: a job's check run has its id. */
export class Ids {
  private counters = new Map<string, number>()
  next(
    kind:
      | 'repo'
      | 'user'
      | 'issue'
      | 'comment'
      | 'event'
      | 'label'
      | 'workflow'
      | 'run'
      | 'check'
      | 'suite'
      | 'pull'
      | 'review'
  ): number {
    const start = {
      repo: 1000,
      user: 100,
      issue: 5000,
      comment: 9000,
      event: 20000,
      label: 300,
      workflow: 700
    }
    const n = (this.counters.get(kind) ?? (start as Record<string, number>)[kind] ?? 40000) + 1
    this.counters.set(kind, n)
    return n
  }
}

/** GitHub's timestamp format: ISO 8601 without milliseconds. */
export function isoNow(ms = Date.now()): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}
