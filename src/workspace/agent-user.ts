/**
 * `agent-user: unprivileged` (issue 5): the agent's processes run as a separate user without sudo.
 *
 * What it protects against: reading the action's process memory and `/proc/<pid>/environ` (the token and
 * provider keys live there; both are readable only by the same user), ptrace of the action, writing the
 * runner's step files (`GITHUB_ENV`, `GITHUB_PATH`, `GITHUB_OUTPUT`), reading files private to the runner
 * user (`~/.git-credentials`, `~/.config/gh`, other `_temp` files with mode 600), changing `.git` (hooks
 * and config that would run with the action's credentials at the next git command: `.git` stays owned by
 * the runner user), and `sudo`.
 * What it does not protect against: network access (the agent can reach anything the runner can),
 * world-readable files, resource exhaustion, and the code it writes: the dispatched CI runs that code
 * with whatever secrets the CI workflow has.
 * Needs root or passwordless sudo; the runner user keeps owning everything once `takeBack` has run.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { SetupError } from '../errors.js'

export const DEFAULT_AGENT_USER = 'nightshift-agent'

export interface AgentUser {
  name: string
  uid: number
  gid: number
  home: string
  /** Prefix for the agent's commands: runs what follows as the agent user with the environment given. */
  argvPrefix: string[]
  /** Extra environment for the agent: lets its git read a repository whose `.git` it does not own. */
  env: Record<string, string>
}

/** Runs one command; `sudo -n` is prepended when the action is not root. */
export type Exec = (argv: string[]) => Promise<{ code: number; stdout: string; stderr: string }>

export const execArgv: Exec = argv =>
  new Promise(resolve => {
    execFile(argv[0], argv.slice(1), { encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0
      resolve({ code, stdout, stderr })
    })
  })

export function privileged(argv: string[], isRoot: boolean): string[] {
  return isRoot ? argv : ['sudo', '-n', ...argv]
}

/** The command prefix that drops to `user` keeping the given environment (pure, for tests). */
export function dropPrefix(user: { name: string; uid: number; gid: number }, isRoot: boolean): string[] {
  return isRoot
    ? ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--']
    : ['sudo', '-n', '-E', '-u', user.name, '--']
}

/** `chown` of the working tree to the agent user, `.git` excluded (pure, for tests). */
export function handOverCommands(
  workspaceDir: string,
  user: { uid: number; gid: number },
  isRoot: boolean
): string[][] {
  const owner = `${user.uid}:${user.gid}`
  return [
    privileged(
      [
        'find',
        workspaceDir,
        '-path',
        path.join(workspaceDir, '.git'),
        '-prune',
        '-o',
        '-exec',
        'chown',
        '-h',
        owner,
        '{}',
        '+'
      ],
      isRoot
    )
  ]
}

/**
 * Creates the user when missing (no password, no sudo, own home), hands it the working tree and makes
 * the workspace's parent folders traversable. Returns how to run commands as that user.
 */
export async function prepareAgentUser(
  workspaceDir: string,
  options: { name?: string; exec?: Exec; isRoot?: boolean } = {}
): Promise<AgentUser> {
  const name = options.name ?? DEFAULT_AGENT_USER
  const exec = options.exec ?? execArgv
  const isRoot = options.isRoot ?? process.getuid?.() === 0
  if (!isRoot && (await exec(['sudo', '-n', 'true'])).code !== 0) {
    throw new SetupError(
      'agent-user: "unprivileged" needs root or passwordless sudo on the runner, and `sudo -n true` failed. Use agent-user: current, or a runner where the job user has passwordless sudo.'
    )
  }
  let id = await exec(['id', '-u', name])
  if (id.code !== 0) {
    const add = await exec(
      privileged(['useradd', '--create-home', '--shell', '/bin/bash', '--user-group', name], isRoot)
    )
    if (add.code !== 0)
      throw new SetupError(`agent-user: could not create user "${name}": ${add.stderr.trim()}`)
    id = await exec(['id', '-u', name])
  }
  const gid = Number((await exec(['id', '-g', name])).stdout.trim())
  const uid = Number(id.stdout.trim())
  const home = (await exec(['getent', 'passwd', name])).stdout.split(':')[5] ?? `/home/${name}`
  for (const argv of handOverCommands(workspaceDir, { uid, gid }, isRoot)) {
    const r = await exec(argv)
    if (r.code !== 0)
      throw new SetupError(`agent-user: could not give "${workspaceDir}" to "${name}": ${r.stderr.trim()}`)
  }
  // The agent user must be able to reach the workspace: add o+x (traverse, not list) where missing.
  for (let dir = path.dirname(workspaceDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    await exec(privileged(['chmod', 'o+x', dir], isRoot))
  }
  const user = { name, uid, gid }
  return {
    ...user,
    home: home.trim() || `/home/${name}`,
    argvPrefix: dropPrefix(user, isRoot),
    env: { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'safe.directory', GIT_CONFIG_VALUE_0: workspaceDir }
  }
}

/** Gives the whole workspace back to the action's user after the attempt. */
export async function takeBack(
  workspaceDir: string,
  options: { exec?: Exec; isRoot?: boolean; uid?: number; gid?: number } = {}
): Promise<void> {
  const exec = options.exec ?? execArgv
  const isRoot = options.isRoot ?? process.getuid?.() === 0
  const owner = `${options.uid ?? process.getuid?.() ?? 0}:${options.gid ?? process.getgid?.() ?? 0}`
  const r = await exec(privileged(['chown', '-R', '-h', owner, workspaceDir], isRoot))
  if (r.code !== 0)
    throw new SetupError(
      `agent-user: could not take "${workspaceDir}" back after the attempt: ${r.stderr.trim()}`
    )
}
