/** Picks the agent's sandbox from the `agent-user` input and what the runner allows. */
import { SetupError } from '../errors.js'
import { agentUserName, canCreateUsers, execArgv, isRootUser, type Exec } from './agent-user.js'
import type { AgentLimits, AgentSandbox } from './sandbox.js'
import { createCurrentSandbox } from './sandbox-current.js'
import { createUserSandbox } from './sandbox-user.js'

export type AgentUserSetting = 'auto' | 'unprivileged' | 'current'

export interface SandboxOptions {
  agentUser: AgentUserSetting
  /** The dedicated user's name (default: agentUserName of RUNNER_NAME). */
  userName?: string
  /** The checkout the agent works in. */
  workTree: string
  /** What the agent must not see when it shares the action's user (the runner's temp folder, …). */
  hidden: string[]
  /** PATH for the agent's commands. */
  path: string
  limits?: AgentLimits
  exec?: Exec
  isRoot?: boolean
  log?: (line: string) => void
}

export async function createSandbox(options: SandboxOptions): Promise<AgentSandbox> {
  const exec = options.exec ?? execArgv
  const isRoot = options.isRoot ?? isRootUser()
  let because =
    options.agentUser === 'current'
      ? 'agent-user: current'
      : 'agent-user: auto, and this runner lets the action create no user: no root, no passwordless sudo'
  if (options.agentUser !== 'current' && (await canCreateUsers(exec, isRoot))) {
    try {
      return await createUserSandbox({
        name: options.userName ?? agentUserName(process.env.RUNNER_NAME),
        workTree: options.workTree,
        path: options.path,
        limits: options.limits,
        exec,
        isRoot,
        log: options.log
      })
    } catch (e) {
      if (options.agentUser === 'unprivileged' || !(e instanceof SetupError)) throw e
      because = `agent-user: auto, and the agent user could not be set up (${e.message})`
    }
  }
  if (options.agentUser === 'unprivileged') {
    throw new SetupError(
      'agent-user: "unprivileged" needs root or passwordless sudo on the runner to create the agent user, and `sudo -n true` failed. ' +
        'Use a runner where the job user has passwordless sudo (every GitHub-hosted runner does), or agent-user: auto to run with a warning.'
    )
  }
  return createCurrentSandbox({
    hidden: options.hidden,
    workTree: options.workTree,
    because,
    limits: options.limits,
    exec
  })
}
