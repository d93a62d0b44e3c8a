/**
 * The agent shares the action's user (`agent-user: current`, or `auto` where no user can be created).
 *
 * `namespace` isolation, where the kernel allows unprivileged user namespaces: each command runs as
 * PID 1's descendant in a new PID namespace, with its own /proc (the action's processes, their
 * `environ` and memory are not there to read) and its own mount namespace in which the folders and
 * files the action keeps private are covered by empty ones. A second, inner user namespace maps the
 * agent back to the action's uid without capabilities, so it can neither unmount the covers nor mount
 * the host's /proc again (mounts inherited from a more privileged namespace are locked together, see
 * mount_namespaces(7)). When the command's first process exits, the kernel ends every other process of
 * its namespace, `setsid` or not.
 *
 * `process` isolation otherwise: the commands run in their own process group with the scrubbed
 * environment plus a marker variable unique to the run, and the freeze ends every process of this user
 * that started during the attempt and still carries the marker (a `setsid` double fork keeps it; a
 * process that also empties its environment is not found: the report says so).
 */
import { randomBytes } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { agentDirs, execArgv, type Exec } from './agent-user.js'
import { ancestry, endProcesses, pidNamespace, ticksNow, type ProcessInfo } from './processes.js'
import { DEFAULT_LIMITS, limitsArgv, type AgentLimits, type AgentSandbox, type Isolation } from './sandbox.js'

/**
 * Runs inside the outer namespaces as their root: pins the working tree (a mount point cannot be renamed
 * or removed, so the agent cannot swap the checkout for another folder), covers the hidden paths, then
 * drops to the user.
 */
const COVER_SCRIPT = `set -e
uid=$1; gid=$2; pin=$3; n=$4; shift 4
if [ -n "$pin" ] && [ -d "$pin" ]; then mount --bind "$pin" "$pin"; fi
while [ "$n" -gt 0 ]; do
  if [ -d "$1" ]; then mount -t tmpfs -o size=16k,mode=0755 nightshift-hidden "$1"
  elif [ -e "$1" ]; then mount --bind /dev/null "$1"
  fi
  shift; n=$((n - 1))
done
exec unshare --user --map-user="$uid" --map-group="$gid" -- "$@"`

export function namespaceArgv(hidden: string[], uid: number, gid: number, pinned = ''): string[] {
  return [
    'unshare',
    '--user',
    '--map-root-user',
    '--mount',
    '--pid',
    '--fork',
    '--mount-proc',
    '--kill-child',
    '--',
    'sh',
    '-c',
    COVER_SCRIPT,
    'nightshift-sandbox',
    String(uid),
    String(gid),
    pinned,
    String(hidden.length),
    ...hidden
  ]
}

export interface CurrentSandboxOptions {
  /** Folders and files the agent must not see (the runner's temp folder, the action's git directory). */
  hidden: string[]
  /** The working tree: pinned in place in the namespaces. */
  workTree?: string
  /** Why the agent shares the action's user, for the report (e.g. "agent-user: current"). */
  because: string
  limits?: AgentLimits
  exec?: Exec
  /** Skip the namespace probe and use this isolation (tests of the fallback). */
  isolation?: Exclude<Isolation, 'user'>
}

/** True when this process may create user, PID and mount namespaces and cover a path inside them. */
export async function namespacesWork(exec: Exec = execArgv): Promise<boolean> {
  const argv = [...namespaceArgv([], process.getuid?.() ?? 0, process.getgid?.() ?? 0), 'true']
  return (await exec(argv)).code === 0
}

export async function createCurrentSandbox(options: CurrentSandboxOptions): Promise<AgentSandbox> {
  const exec = options.exec ?? execArgv
  const isolation = options.isolation ?? ((await namespacesWork(exec)) ? 'namespace' : 'process')
  const dirs = await agentDirs(null, { exec })
  const limits = options.limits ?? DEFAULT_LIMITS
  const uid = process.getuid?.() ?? 0
  const gid = process.getgid?.() ?? 0
  const hidden = [...new Set(options.hidden)]
  const marker = `${MARKER}=${randomBytes(12).toString('hex')}`
  let since = await ticksNow()

  const freeze = async (): Promise<number> => {
    if (isolation === 'namespace') {
      const mine = await pidNamespace('self')
      return endProcesses(async all => {
        // Every process of a sandbox descends from the `unshare` this process started; orphans inside
        // are adopted by the namespace's first process, never by anything outside it.
        const byPid = new Map(all.map(q => [q.pid, q]))
        const picked: number[] = []
        for (const p of all) {
          if (!p.uids.includes(uid) || !ancestry(p.pid, byPid).includes(process.pid)) continue
          if ((await pidNamespace(p.pid)) !== mine) picked.push(p.pid)
        }
        return picked
      })
    }
    return endProcesses(all => strays(all, uid, since, marker))
  }

  return {
    report: {
      isolation,
      user: null,
      warning: isolation === 'namespace' ? namespaceWarning(options.because) : processWarning(options.because)
    },
    uid: null,
    dirs: { home: dirs.home, tmp: dirs.tmp },
    env: isolation === 'process' ? { [MARKER]: marker.slice(MARKER.length + 1) } : {},
    readPrefix: [],
    wrap: argv =>
      isolation === 'namespace'
        ? [...limitsArgv(limits), ...namespaceArgv(hidden, uid, gid, options.workTree ?? ''), ...argv]
        : [...limitsArgv(limits), ...argv],
    async handOver() {
      since = await ticksNow()
    },
    freeze,
    async release() {
      await freeze()
      await rm(dirs.root, { recursive: true, force: true })
    }
  }
}

/** The variable that marks the agent's processes when nothing else can (process isolation). */
export const MARKER = 'NIGHTSHIFT_SANDBOX'

/**
 * Without namespaces: this user's processes that started since `since` and carry `marker` (NAME=value)
 * in their environment, other than this process and the processes it descends from.
 */
export async function strays(
  all: ProcessInfo[],
  uid: number,
  since: number,
  marker: string
): Promise<number[]> {
  const byPid = new Map(all.map(p => [p.pid, p]))
  const mine = new Set([process.pid, ...ancestry(process.pid, byPid)])
  const found: number[] = []
  for (const p of all) {
    if (!p.uids.includes(uid) || mine.has(p.pid) || p.startTicks < since) continue
    const environ = await readFile(`/proc/${p.pid}/environ`).catch(() => null)
    if (environ?.toString('utf8').split('\0').includes(marker)) found.push(p.pid)
  }
  return found
}

function namespaceWarning(because: string): string {
  return (
    `The agent ran as the action's own user (${because}), isolated by Linux namespaces: it could not see ` +
    "the action's processes (their environment and memory), the runner's temp folder or the action's git " +
    'directory, and every process it started was ended with its namespace. It could still read and change ' +
    "every other file this user may (its home folder, tool caches), and use the runner's network. A " +
    'separate user closes that: run the action where it may create one (root or passwordless sudo).'
  )
}

function processWarning(because: string): string {
  return (
    `The agent ran as the action's own user (${because}) without isolation: this runner allows neither a ` +
    'separate user (no root, no passwordless sudo) nor unprivileged user namespaces. The token and keys were ' +
    "kept out of the agent's environment and the action's own environment block was wiped, but a process of " +
    "this user can read the action's memory where ptrace between processes of one user is allowed (Yama " +
    "ptrace_scope 0), read and change this user's files (the runner's temp folder and the action's git " +
    'directory included), and outlive the attempt if a service manager started it. Treat the token as ' +
    'exposed to the agent here; use a runner with passwordless sudo for the protected setup.'
  )
}
