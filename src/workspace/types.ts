/** A file changed in the working tree relative to HEAD. */
export interface ChangedFile {
  path: string
  status: 'added' | 'modified' | 'deleted' | 'renamed'
  /** For renames, the old path. */
  from?: string
}

export interface RebaseResult {
  status: 'up_to_date' | 'rebased' | 'conflict'
  /** Files in conflict when status is 'conflict' (the rebase is aborted, the branch untouched). */
  conflicts: string[]
  /** HEAD after the operation. */
  head: string
  /** The default branch's commit the branch now sits on. */
  base: string
}

/** What the guards found in a diff before push. */
export interface GuardReport {
  /** Changes that must not be pushed (protected paths), each with a reason. Non-empty: refuse. */
  refused: { path: string; reason: string }[]
  /** Suspicious but allowed: added test skips, deleted tests. Shown in the report. */
  flagged: { path: string; reason: string }[]
}

/**
 * The checkout the agent works in. The only place allowed to push, and only to the task's
 * `agent/*` branch.
 */
export interface Workspace {
  readonly dir: string
  /** Create `branch` from the newest `base`, or resume it when it already exists on the remote. */
  prepare(branch: string, base: string): Promise<{ resumed: boolean; head: string }>
  /** Uncommitted changes (tracked and untracked, ignored files excluded). */
  changes(): Promise<ChangedFile[]>
  /** Runs the guards on the uncommitted changes. */
  guard(protectedPaths: string[]): Promise<GuardReport>
  /** Throws away uncommitted changes to the given paths (after a guard refusal). */
  discard(paths: string[]): Promise<void>
  /** Commits everything; returns the new sha, or null when there was nothing to commit. */
  commit(message: string, trailers: Record<string, string>): Promise<string | null>
  /** Pushes HEAD to the agent branch (force-with-lease on that branch only, after a rebase). */
  push(): Promise<string>
  /** Fetches `base` and rebases the branch onto it; on conflict aborts and reports the files. */
  rebase(base: string): Promise<RebaseResult>
  head(): Promise<string>
  /** Removes persisted credentials and anything the agent must not read. */
  scrubCredentials(): Promise<void>
}
