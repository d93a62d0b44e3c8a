/**
 * The dedicated agent user (`agent-user: auto` where the action may create users, and `unprivileged`):
 * a system user without a password, a login shell or sudo, that owns nothing but the working-tree files
 * of the current attempt and its own HOME and temporary folder.
 *
 * A different uid closes what a scrubbed environment cannot: `/proc/<pid>/environ` and memory of the
 * action (and of the runner) are readable only by the same user, as are the runner user's private files
 * (`~/.git-credentials`, the step command files under `RUNNER_TEMP`) and the action's own git directory.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmod, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SetupError } from '../errors.js'

export const DEFAULT_AGENT_USER = 'nightshift-agent'

/**
 * The agent user for this runner: one per runner instance (`RUNNER_NAME`), so two runners on one host
 * never end each other's agents when an attempt freezes every process of its user.
 */
export function agentUserName(runnerName: string | undefined): string {
  if (!runnerName) return DEFAULT_AGENT_USER
  return `${DEFAULT_AGENT_USER}-${createHash('sha256').update(runnerName).digest('hex').slice(0, 8)}`
}

export interface AgentUser {
  name: string
  uid: number
  gid: number
}

/** Runs one command; `sudo -n` is prepended by `privileged` when the action is not root. */
export type Exec = (argv: string[]) => Promise<{ code: number; stdout: string; stderr: string }>

export const execArgv: Exec = argv =>
  new Promise(resolve => {
    execFile(argv[0]!, argv.slice(1), { encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0
      resolve({ code, stdout, stderr })
    })
  })

export function privileged(argv: string[], isRoot: boolean): string[] {
  return isRoot ? argv : ['sudo', '-n', '--', ...argv]
}

export const isRootUser = (): boolean => process.getuid?.() === 0

/** True when this process may create a user: it is root, or `sudo -n` works without a password. */
export async function canCreateUsers(exec: Exec = execArgv, isRoot = isRootUser()): Promise<boolean> {
  if (isRoot) return true
  return (await exec(['sudo', '-n', 'true'])).code === 0
}

/**
 * The argv prefix that runs what follows as `user` (pure, for tests): `setpriv` drops to the user with
 * only its own group and `no_new_privs`, so no setuid program (sudo, su) can raise it again. Without
 * root, `sudo` runs `setpriv` (sudo's own `-u` would reset the environment and PATH).
 */
export function dropPrefix(user: AgentUser, isRoot: boolean): string[] {
  return privileged(
    ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--no-new-privs', '--'],
    isRoot
  )
}

/**
 * Creates the user when missing (a system user: no password, no home, no login shell) and takes away
 * `cron` and `at`, which would start its processes again after the attempt ended them all.
 */
export async function ensureAgentUser(
  name: string,
  options: { exec?: Exec; isRoot?: boolean } = {}
): Promise<AgentUser> {
  const exec = options.exec ?? execArgv
  const isRoot = options.isRoot ?? isRootUser()
  if (!/^[a-z_][a-z0-9_-]{0,30}$/.test(name))
    throw new SetupError(
      `agent-user: "${name}" is not a valid user name; expected e.g. ${DEFAULT_AGENT_USER}.`
    )
  let id = await exec(['id', '-u', name])
  if (id.code !== 0) {
    const add = await exec(
      privileged(
        [
          'useradd',
          '--system',
          '--user-group',
          '--no-create-home',
          '--home-dir',
          '/nonexistent',
          '--shell',
          '/usr/sbin/nologin',
          name
        ],
        isRoot
      )
    )
    id = await exec(['id', '-u', name])
    if (id.code !== 0)
      throw new SetupError(`agent-user: could not create the user "${name}": ${add.stderr.trim()}`)
  }
  const uid = Number(id.stdout.trim())
  const gid = Number((await exec(['id', '-g', name])).stdout.trim())
  if (uid === 0 || !Number.isInteger(uid) || !Number.isInteger(gid))
    throw new SetupError(`agent-user: "${name}" has uid ${uid}; expected an unprivileged user.`)
  await denyScheduling(name, exec, isRoot)
  return { name, uid, gid }
}

async function denyScheduling(name: string, exec: Exec, isRoot: boolean): Promise<void> {
  const script =
    'for f in /etc/cron.deny /etc/at.deny; do grep -qx "$1" "$f" 2>/dev/null || echo "$1" >> "$f"; done'
  await exec(privileged(['sh', '-c', script, 'deny', name], isRoot))
}

/**
 * The agent's own HOME and temporary folder, made fresh for each run under the system temp folder
 * (never `RUNNER_TEMP`, where the runner keeps the step command files), owned by `owner`.
 */
export async function agentDirs(
  owner: AgentUser | null,
  options: { exec?: Exec; isRoot?: boolean } = {}
): Promise<{ root: string; home: string; tmp: string }> {
  const exec = options.exec ?? execArgv
  const isRoot = options.isRoot ?? isRootUser()
  const root = await mkdtemp(path.join(tmpdir(), 'nightshift-agent-'))
  // Traversable, not listable: the agent reaches its folders by name.
  await chmod(root, 0o711)
  const home = path.join(root, 'home')
  const tmp = path.join(root, 'tmp')
  const mk = await exec(['mkdir', '-m', '700', home, tmp])
  if (mk.code !== 0) throw new SetupError(`agent-user: could not create ${home}: ${mk.stderr.trim()}`)
  if (owner) {
    const r = await exec(privileged(['chown', `${owner.uid}:${owner.gid}`, home, tmp], isRoot))
    if (r.code !== 0)
      throw new SetupError(`agent-user: could not give ${home} to ${owner.name}: ${r.stderr.trim()}`)
  }
  return { root, home, tmp }
}

/** Adds o+x (traverse, not list) to every folder above `target`, so the agent user can reach it. */
export async function makeReachable(target: string, exec: Exec, isRoot: boolean): Promise<void> {
  for (let dir = path.dirname(target); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    await exec(privileged(['chmod', 'o+x', dir], isRoot))
  }
}
