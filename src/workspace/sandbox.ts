/**
 * Where and as whom the agent's processes run, and how they are all ended after an attempt.
 *
 * Three isolation levels, picked by `agent-user`:
 * - `user`: a dedicated user without sudo (sandbox-user.ts). The default wherever the action may create
 *   users (root, or passwordless sudo as on GitHub-hosted runners).
 * - `namespace`: the action's own user, inside new user, PID and mount namespaces (sandbox-current.ts):
 *   the agent sees only its own processes, and the runner's temp folder and the action's git directory
 *   are hidden under empty folders. Used when the kernel allows unprivileged user namespaces.
 * - `process`: the action's own user with nothing but a process group and a scrubbed environment; the
 *   report says plainly what that leaves open.
 */
import type { AgentUser } from './agent-user.js'

export type Isolation = 'user' | 'namespace' | 'process'

/** Per-command limits, set with prlimit(1) before the command starts (children inherit them). */
export interface AgentLimits {
  /** RLIMIT_NPROC: processes and threads of the agent's uid (a fork bomb stops here). */
  processes: number
  /** RLIMIT_FSIZE in bytes: the largest file a command may write (SIGXFSZ past it). */
  fileBytes: number
}

export const DEFAULT_LIMITS: AgentLimits = { processes: 4096, fileBytes: 1024 ** 3 }

/** What the report shows about the sandbox. */
export interface SandboxReport {
  isolation: Isolation
  /** The agent's user name (`user` isolation). */
  user: string | null
  /** Said in the check run and the job summary when the agent shares the action's user; null otherwise. */
  warning: string | null
}

/** Runs the agent's commands and ends them; one per run of the action. */
export interface AgentSandbox {
  readonly report: SandboxReport
  /** The agent's uid when it is a separate user (what the egress rules match), else null. */
  readonly uid: number | null
  /** The agent's own HOME and temporary folder. */
  readonly dirs: { home: string; tmp: string }
  /** Environment the sandbox adds to the agent's (git's safe.directory for a tree the agent does not own). */
  readonly env: Record<string, string>
  /** `argv` as the agent runs it: limits, then the user or the namespaces. */
  wrap(argv: string[]): string[]
  /**
   * Argv prefix under which the action reads the agent's files when it could not otherwise (a non-root
   * action and a separate agent user: `CAP_DAC_READ_SEARCH` through sudo); empty when not needed.
   */
  readonly readPrefix: string[]
  /** Before an attempt: the working tree's files (never its root folder) belong to the agent. */
  handOver(workTree: string): Promise<void>
  /** After an attempt: every process of the agent is ended; resolves once none is left. */
  freeze(): Promise<number>
  /** After the run: the working tree belongs to the action's user again; the agent's folders are removed. */
  release(workTree: string | null): Promise<void>
}

export function limitsArgv(limits: AgentLimits): string[] {
  return ['prlimit', `--nproc=${limits.processes}`, `--fsize=${limits.fileBytes}`, '--']
}

export type { AgentUser }
