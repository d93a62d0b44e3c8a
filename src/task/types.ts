/** The default size of the issue text the agent sees: about 8k tokens at ~4 characters a token. */
export const DEFAULT_TASK_CHARS = 32_000

/** The task handed to the agent, built from an issue (or a pull-request comment). All text is untrusted data. */
export interface Task {
  /** The issue the work is for (for a PR-comment round, the issue the PR closes, or the PR number itself). */
  issue: number
  /** Issue title, sanitised (hidden markdown, HTML comments and zero-width characters removed). */
  title: string
  /**
   * Issue body, sanitised the same way and cut to the task budget (`task-chars`) with a note of what
   * is not shown. Never interpolated into a shell command.
   */
  body: string
  /** Length of the raw body in characters, before cutting (the classifier counts it). */
  bodyChars?: number
  labels: string[]
  /** Repository-relative paths the body mentions, in order of first mention, unique. */
  files: string[]
  /** Reproduction steps found in the body (one entry per step), empty when none. */
  reproduction: string[]
  /** Acceptance criteria found in the body (checklist items, "Expected" section), empty when none. */
  acceptance: string[]
  /** Who asked for the work (the assigner, the commenter, or the dispatcher). */
  requester: { login: string; id?: number | null }
  /** Web URL of the issue, for links in reports. */
  url: string
  /** Set when the work is a new round on the agent's own pull request (`/nightshift <request>`). */
  pullRequest?: { number: number; branch: string; request: string } | null
}

export type Confidence = 'HIGH_CONFIDENCE' | 'MEDIUM_CONFIDENCE' | 'HUMAN_ONLY'
export type EstimatedSize = 'small' | 'medium' | 'large'

/** The suitability classifier's signals: every one is shown in the report. */
export interface Signals {
  has_reproduction_steps: boolean
  single_file_scope: boolean
  has_test_criteria: boolean
  no_design_decision: boolean
  estimated_size: EstimatedSize
}

export interface Verdict {
  confidence: Confidence
  signals: Signals
  /** Plain sentences explaining the verdict, for the check run and the refusal comment. */
  reasons: string[]
}

/**
 * An issue as the trigger reads it (from the event payload or the issues API): the input of
 * `buildTask`. Title and body are raw, unsanitised user text.
 */
export interface IssueData {
  number: number
  title: string
  /** Raw markdown body; null when the issue has none. */
  body: string | null
  labels: string[]
  /** Assignee logins. */
  assignees: string[]
  state: 'open' | 'closed'
  /** True when the "issue" is a pull request (the issues API serves both). */
  isPullRequest: boolean
  /** Web URL (html_url). */
  url: string
  /** ISO time the issue was opened (queue order). */
  createdAt?: string
}
