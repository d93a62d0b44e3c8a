import type { SandboxReport } from './sandbox.js'

/** A file changed relative to the branch head. */
export interface ChangedFile {
  path: string
  status: 'added' | 'modified' | 'deleted' | 'renamed'
  /** For renames, the old path. */
  from?: string
}

/** One path that differs between two trees, with git's modes (`100644`, `100755`, `120000`, `160000`). */
export interface TreeChange extends ChangedFile {
  /** Null for an added path. */
  oldMode: string | null
  /** Null for a deleted path. */
  newMode: string | null
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

/** A change's size per file, from git (binary files count no lines). */
export interface DiffStat {
  files: { path: string; added: number; deleted: number; binary?: boolean }[]
}

/** What the guards found in a diff before push. */
export interface GuardReport {
  /** Changes that must not be pushed (protected paths), each with a reason. Non-empty: refuse. */
  refused: { path: string; reason: string }[]
  /** Suspicious but allowed: added test skips, deleted tests. Shown in the report. */
  flagged: { path: string; reason: string }[]
}

export interface PreparedWorkspace {
  resumed: boolean
  head: string
  /** How the agent is isolated, and the warning the report carries when it shares the action's user. */
  sandbox: SandboxReport
}

/** An attempt's tree as the action took and judged it, refused changes already left out. */
export interface Snapshot {
  /** What the commit will change relative to the branch head. */
  changes: ChangedFile[]
  guard: GuardReport
}

/**
 * The checkout the agent works in, and the action's own repository beside it, out of the agent's reach.
 * The only place allowed to push, and only to the task's `agent/*` branch.
 */
export interface Workspace {
  /** The working tree the agent edits. */
  readonly dir: string
  /** Create `branch` from the newest `base`, or resume it when it already exists on the remote. */
  prepare(branch: string, base: string): Promise<PreparedWorkspace>
  /** Before an attempt: the tree matches the branch head and belongs to the agent, with a fresh `.git` of its own. */
  handOver(): Promise<void>
  /**
   * After an attempt: ends every process of the agent, takes the working tree into the action's own
   * index, judges it against the branch head and drops the refused changes. `commit` commits exactly this.
   */
  snapshot(protectedPaths: string[]): Promise<Snapshot>
  /** Commits the last snapshot; returns the new sha, or null when it changes nothing. */
  commit(message: string, trailers: Record<string, string>): Promise<string | null>
  /** Pushes the branch head to the agent branch (force-with-lease on that branch only, after a rebase). */
  push(): Promise<string>
  /** Fetches `base` and rebases the branch onto it; on conflict aborts and reports the files. */
  rebase(base: string): Promise<RebaseResult>
  head(): Promise<string>
  /** Lines added and deleted per file between two commits (git's numstat); optional for local runs. */
  diffStat?(from: string, to: string): Promise<DiffStat>
  /** Removes persisted credentials from the action's repository. */
  scrubCredentials(): Promise<void>
}
