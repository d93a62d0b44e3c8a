/**
 * The GitHub port the CI gate needs, defined here by its consumer: workflow files, dispatch, runs,
 * jobs, check-run annotations and job logs, as domain types. Implemented by src/github/actions-api.ts.
 */
export interface RepoCoords {
  owner: string
  repo: string
}

/** API requests made through one adapter; 304s are counted apart because they do not spend the rate limit. */
export interface RequestCounter {
  requests: number
  notModified: number
}

export interface WorkflowRef {
  id: number
  /** e.g. `.github/workflows/ci.yml` */
  path: string
  name: string
  /** `active`, `disabled_manually`, `disabled_inactivity`, ... */
  state: string
}

export interface WorkflowRun {
  id: number
  displayTitle: string
  /** `queued`, `in_progress`, `waiting`, `requested`, `pending`, `completed`, ... */
  status: string | null
  conclusion: string | null
  headSha: string
  headBranch: string | null
  event: string
  /** Epoch ms. */
  createdAt: number
  url: string
  /** 1 for the first attempt; grows with each re-run. */
  runAttempt: number
}

export interface WorkflowJob {
  id: number
  name: string
  status: string
  conclusion: string | null
  /** The job's check run (its annotations live there); GitHub uses the job id. */
  checkRunId: number
  url: string
  steps: { name: string; number: number; conclusion: string | null }[]
}

export interface CheckAnnotation {
  path: string
  startLine: number | null
  startColumn: number | null
  level: string | null
  title: string | null
  message: string
}

/** The rate limit as the last response reported it. */
export interface RateLimit {
  remaining: number
  /** Epoch ms when the window resets. */
  resetAt: number
}

export type Conditional<T> =
  | { notModified: true; rateLimit: RateLimit | null }
  | { notModified: false; value: T; etag: string | null; rateLimit: RateLimit | null }

export type JobLog =
  { ok: true; content: AsyncIterable<Uint8Array> } | { ok: false; status: number | null; reason: string }

/** What src/ci needs from GitHub. */
export interface ActionsApi {
  readonly counter: RequestCounter
  /** Null until a dispatch told us; then whether `return_run_details` is accepted by this server. */
  readonly runDetailsSupported: boolean | null
  repository(): Promise<{ defaultBranch: string; canPush: boolean | null }>
  /** A file's text at `ref`, or null when it does not exist there. */
  readFile(path: string, ref: string): Promise<string | null>
  /** The commit `branch` points at, or null when there is no such branch. */
  branchSha(branch: string): Promise<string | null>
  /**
   * The token permissions workflows get when they say nothing (`read` or `write`), or null when this
   * token may not read the setting (it needs administration read, which GITHUB_TOKEN never has).
   */
  defaultWorkflowPermissions(): Promise<'read' | 'write' | null>
  /** The workflow by file name or id, or null when GitHub does not know it. */
  workflow(idOrFile: string): Promise<WorkflowRef | null>
  /**
   * Dispatches the workflow on `ref`. Returns the run when the server reports it (`return_run_details`),
   * else null (204): the caller correlates. A 400 for the field is detected once and remembered.
   */
  dispatch(
    workflow: string,
    ref: string,
    inputs: Record<string, string>
  ): Promise<{ id: number; url: string } | null>
  /** One page (up to `perPage`, default 100) of the workflow's runs, newest first. */
  listRuns(
    workflow: string,
    filter: {
      branch?: string
      event?: string
      createdSince?: number
      headSha?: string
      status?: 'completed'
      perPage?: number
    }
  ): Promise<WorkflowRun[]>
  /** Re-runs the failed (and cancelled) jobs of a finished run as its next attempt. */
  rerunFailedJobs(runId: number): Promise<void>
  /** A conditional GET: pass the last ETag; a 304 costs no rate limit. */
  getRun(id: number, etag?: string | null): Promise<Conditional<WorkflowRun>>
  listJobs(runId: number): Promise<WorkflowJob[]>
  listAnnotations(checkRunId: number): Promise<CheckAnnotation[]>
  /** Opens a job's plain-text log as a stream (the API answers 302 to a short-lived URL). */
  openJobLog(jobId: number): Promise<JobLog>
  labelExists(name: string): Promise<boolean>
}
