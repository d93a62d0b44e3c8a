/**
 * The ports the attempt loop depends on. Each one is small enough to fake in a few dozen lines.
 * Implementations: src/github/ (real GitHub), src/local/ (a plain local repository), test fakes.
 */
export type { CI, CiScope, RunRef, RunResult } from '../ci/types.js'
export type { Engine, AttemptInput, AttemptResult } from '../agent/types.js'
export type { Workspace } from '../workspace/types.js'
import type { Failure } from '../feedback/types.js'
import type { IssueData } from '../task/types.js'
import type { LoopState, PullRequestRef } from './state.js'

export type { PullRequestRef } from './state.js'

export { systemClock, type Clock } from '../clock.js'

/** A check run's visible state. */
export interface CheckRunOutput {
  title: string
  summary: string
  text?: string
}

export interface Annotation {
  path: string
  start_line: number
  end_line: number
  annotation_level: 'notice' | 'warning' | 'failure'
  message: string
  title?: string
}

export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled'

/** What the loop and the reporter need from GitHub (issues, comments, labels, PRs, check runs). */
export interface Forge {
  createCheckRun(headSha: string, output: CheckRunOutput): Promise<{ id: number; url: string }>
  updateCheckRun(
    id: number,
    update: { output?: CheckRunOutput; annotations?: Annotation[]; conclusion?: CheckConclusion }
  ): Promise<void>
  /** Opens an issue (a ticket from another tool becomes one) and returns it as the forge holds it. */
  createIssue(issue: { title: string; body: string; labels: string[] }): Promise<IssueData>
  comment(issue: number, body: string): Promise<{ id: number; url: string }>
  addLabels(issue: number, labels: string[]): Promise<void>
  removeLabel(issue: number, label: string): Promise<void>
  /** The open pull request whose head is `branch`, if any. */
  findPullRequest(branch: string): Promise<PullRequestRef | null>
  /** Opens the pull request; `headSha` is the commit GitHub opened it on, when it says. */
  createPullRequest(pr: {
    branch: string
    base: string
    title: string
    body: string
    draft: boolean
  }): Promise<PullRequestRef & { headSha?: string }>
  updatePullRequest(number: number, pr: { title?: string; body?: string }): Promise<void>
  /** The commit `branch` points at on GitHub now, or null when there is no such branch. */
  branchHead(branch: string): Promise<string | null>
  /** True when a `/nightshift stop` was recorded for the issue after `since` (epoch ms). */
  stopRequested(issue: number, since: number): Promise<boolean>
}

/** What survives a cancelled run: the loop's state after its last finished attempt. */
export interface Store {
  load(key: string): Promise<unknown | null>
  save(key: string, state: unknown): Promise<void>
}

/** The check-run lifecycle, as the loop drives it (implemented in src/report/reporter.ts). */
export interface Reporter {
  /**
   * The report begins on `headSha`. With `untilPushed`, `headSha` is the base branch's commit, which the
   * report must not mark: the check run is created by the first `moveTo` (a pushed head), and a run that
   * never pushes leaves no check run at all (the issue comment and the step tell its story).
   */
  start(headSha: string, state: LoopState, options?: { untilPushed?: boolean }): Promise<void>
  update(state: LoopState): Promise<void>
  /** The branch has a new head: the story moves to a check run on it. */
  moveTo(headSha: string, state: LoopState): Promise<void>
  annotate(failures: Failure[]): Promise<void>
  complete(state: LoopState): Promise<void>
}

/** The texts the loop posts (implemented in src/report/). */
export interface Texts {
  pullRequest(state: LoopState): { title: string; body: string }
  /** Comment on the issue pointing to the pull request. */
  pullRequestLink(state: LoopState, pr: PullRequestRef): string
  /** The hand-back comment: diagnosis, what was tried, the branch, what to do next. */
  handBack(state: LoopState): string
}

/** Counts API requests, for the per-attempt numbers in the report and the demo. */
export interface ApiMeter {
  snapshot(): { requests: number; notModified: number }
}
