/**
 * The GitHub reads the trigger needs, and nothing more: no method here writes. An ignored event
 * therefore cannot change anything on GitHub. Implemented with Octokit in src/github/trigger-api.ts.
 */
import type { IssueData } from '../task/types.js'
import type { Actor, Permission, ReviewComment } from './types.js'

/** Reads behind the gate: who may trigger, who applied the label, what an issue or PR is. */
export interface GateApi {
  /** The user's role on the repository; `none` when they are not a collaborator or do not exist. */
  permission(login: string): Promise<Permission>
  /**
   * Who applied `label` to the issue most recently (the latest `labeled` event for that label in the
   * issue events API), or null when no such event exists.
   */
  labelAppliedBy(issue: number, label: string): Promise<Actor | null>
  /** The issue (or pull request) with that number, or null when it does not exist. */
  issue(number: number): Promise<IssueData | null>
  /** A pull request's head and base, its author, and whether the head lives in this repository; null when absent. */
  pullRequest(number: number): Promise<PullRequestFacts | null>
}

export interface PullRequestFacts {
  number: number
  /** Head branch name. */
  branch: string
  sameRepository: boolean
  /** Base branch name, head commit and author login (absent in fakes that only need the head). */
  base?: string
  headSha?: string
  author?: string
}

/** Reads for a review round. */
export interface ReviewApi {
  /** The inline comments of one review, oldest first. */
  reviewComments(pullRequest: number, reviewId: number): Promise<RawReviewComment[]>
}

/** An inline review comment as the API returns it (unsanitised; `diffHunk` and `body` as written). */
export interface RawReviewComment extends ReviewComment {
  /** The comment this one replies to (a thread's first comment has none). */
  inReplyTo: number | null
}

/** Reads for the scheduled queue. */
export interface QueueApi {
  /** Open issues (pull requests excluded) that carry `label`, oldest first. */
  openIssuesWithLabel(label: string): Promise<IssueData[]>
  /** Branch names (without `refs/heads/`) that start with `prefix`. */
  branchesWithPrefix(prefix: string): Promise<string[]>
  /** Head branch names of open pull requests from this repository whose head starts with `prefix`. */
  openPullRequestBranches(prefix: string): Promise<string[]>
}

export type TriggerApi = GateApi & QueueApi & ReviewApi
