/**
 * The `user` isolation: the agent's commands run as the dedicated agent user (agent-user.ts).
 *
 * The hand-over gives that user the working tree's files and lets it create and remove entries at the
 * top of the tree (its group may write the root folder, whose sticky bit keeps it from renaming or
 * removing what it does not own), while the root folder itself stays the action's. Files with more than
 * one hard link are never handed over: a link to a file elsewhere would give that file away.
 * The freeze signals every process of the user at once (`kill(-1)` as that user, which the kernel runs
 * without letting a fork slip through), then scans /proc until none is left.
 */
import { rm } from 'node:fs/promises'
import { SetupError } from '../errors.js'
import {
  agentDirs,
  dropPrefix,
  ensureAgentUser,
  execArgv,
  isRootUser,
  makeReachable,
  privileged,
  type AgentUser,
  type Exec
} from './agent-user.js'
import { endProcesses, killAll, where } from './processes.js'
import { DEFAULT_LIMITS, limitsArgv, type AgentLimits, type AgentSandbox } from './sandbox.js'

export interface UserSandboxOptions {
  name: string
  /** The checkout the agent works in: its parent folders are made traversable. */
  workTree: string
  /** PATH for the agent's commands (sudo would replace it with its secure_path). */
  path: string
  limits?: AgentLimits
  exec?: Exec
  isRoot?: boolean
  log?: (line: string) => void
}

export async function createUserSandbox(options: UserSandboxOptions): Promise<AgentSandbox> {
  const exec = options.exec ?? execArgv
  const isRoot = options.isRoot ?? isRootUser()
  const log = options.log ?? (() => undefined)
  const user = await ensureAgentUser(options.name, { exec, isRoot })
  const freeze = () =>
    endProcesses(
      where(p => p.uids.includes(user.uid)),
      killAs(user, exec, isRoot)
    )
  // A persistent runner may still hold processes of an earlier job's agent.
  const leftover = await freeze()
  if (leftover > 0) log(`Ended ${leftover} process(es) of ${user.name} left from an earlier run`)
  const dirs = await agentDirs(user, { exec, isRoot })
  await makeReachable(options.workTree, exec, isRoot)
  await makeReachable(process.execPath, exec, isRoot)
  const limits = options.limits ?? DEFAULT_LIMITS
  // Without root, sudo runs the privileged part; it would replace PATH with its secure_path.
  const sudo = isRoot ? [] : ['sudo', '-n', '-E', '--', 'env', `PATH=${options.path}`]
  const drop = [...sudo, ...dropPrefix(user, true)]
  const me = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 }
  const run = async (argv: string[], what: string) => {
    const r = await exec(privileged(argv, isRoot))
    if (r.code !== 0)
      throw new SetupError(`agent-user: could not ${what}: ${r.stderr.trim() || `exit ${r.code}`}`)
  }

  return {
    report: { isolation: 'user', user: user.name, warning: null },
    uid: user.uid,
    dirs: { home: dirs.home, tmp: dirs.tmp },
    // git refuses a repository whose working tree another user owns; the agent's git is its own affair.
    env: { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'safe.directory', GIT_CONFIG_VALUE_0: '*' },
    wrap: argv => [...drop, ...limitsArgv(limits), ...argv],
    // The action's own uid and groups plus the one capability to read any file: git then writes its
    // index and objects as the action's user.
    readPrefix: isRoot
      ? []
      : [
          ...sudo,
          'setpriv',
          `--reuid=${me.uid}`,
          `--regid=${me.gid}`,
          '--init-groups',
          '--inh-caps=+dac_read_search',
          '--ambient-caps=+dac_read_search',
          '--'
        ],
    async handOver(workTree) {
      await run(
        chownTree(workTree, `${user.uid}:${user.gid}`, user.uid),
        `give the files of "${workTree}" to ${user.name}`
      )
      await run(['chgrp', String(user.gid), workTree], `let ${user.name} add files to "${workTree}"`)
      await run(['chmod', '1775', workTree], `let ${user.name} add files to "${workTree}"`)
    },
    freeze,
    async release(workTree) {
      await freeze()
      if (workTree) {
        await run(chownTree(workTree, `${me.uid}:${me.gid}`, me.uid), `take "${workTree}" back`)
        await run(['chown', `${me.uid}:${me.gid}`, workTree], `take "${workTree}" back`)
        await run(['chmod', '755', workTree], `take "${workTree}" back`)
      }
      await exec(privileged(['rm', '-rf', '--', dirs.root], isRoot))
      await rm(dirs.root, { recursive: true, force: true }).catch(() => undefined)
    }
  }
}

/**
 * `find` that gives everything below `dir` not yet owned by `uid` to `owner`, without following
 * symlinks and skipping regular files with more than one hard link (pure, for tests).
 */
export function chownTree(dir: string, owner: string, uid: number): string[] {
  return [
    'find',
    dir,
    '-mindepth',
    '1',
    '!',
    '-user',
    String(uid),
    '(',
    '-type',
    'd',
    '-o',
    '-type',
    'l',
    '-o',
    '-links',
    '1',
    ')',
    '-exec',
    'chown',
    '-h',
    owner,
    '{}',
    '+'
  ]
}

/** Signals every process of `user` from that user itself (kill(-1)), then the stragglers by pid. */
function killAs(user: AgentUser, exec: Exec, isRoot: boolean): (pids: number[]) => Promise<void> {
  return async pids => {
    await exec(
      privileged(
        [
          'setpriv',
          `--reuid=${user.uid}`,
          `--regid=${user.gid}`,
          '--clear-groups',
          '--',
          'kill',
          '-KILL',
          '-1'
        ],
        isRoot
      )
    )
    if (isRoot) killAll(pids)
    else if (pids.length) await exec(privileged(['kill', '-KILL', ...pids.map(String)], false))
  }
}
