/**
 * Finding and ending the agent's processes after an attempt, from `/proc` (Linux). Ending a process
 * group is not enough: `setsid` and a double fork leave it, and such a process could write a file
 * between the guard and the commit. So processes are found by what they cannot shed: their user (a
 * separate agent user), their PID namespace (the same-user sandbox), or, as the last resort, their
 * start time and ancestry.
 */
import { readdir, readFile, readlink } from 'node:fs/promises'

export interface ProcessInfo {
  pid: number
  ppid: number
  /** Real, effective, saved and filesystem uid. */
  uids: number[]
  /** `R`, `S`, `Z` (zombie: already dead, waiting to be reaped) … */
  state: string
  /** Start time in clock ticks since boot (field 22 of /proc/<pid>/stat). */
  startTicks: number
}

/** Every process visible in /proc (those that vanish while being read are skipped). */
export async function listProcesses(): Promise<ProcessInfo[]> {
  const names = await readdir('/proc').catch(() => [] as string[])
  const found: ProcessInfo[] = []
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue
    const info = await readProcess(Number(name))
    if (info) found.push(info)
  }
  return found
}

async function readProcess(pid: number): Promise<ProcessInfo | null> {
  try {
    const [status, stat] = await Promise.all([
      readFile(`/proc/${pid}/status`, 'utf8'),
      readFile(`/proc/${pid}/stat`, 'utf8')
    ])
    const uids = /^Uid:\s+(.*)$/m.exec(status)?.[1]?.trim().split(/\s+/).map(Number) ?? []
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ")".
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return {
      pid,
      ppid: Number(rest[1]),
      uids,
      state: rest[0] ?? '?',
      startTicks: Number(rest[19])
    }
  } catch {
    return null
  }
}

/** The PID namespace of `pid` (`pid:[4026531836]`), or null when it cannot be read. */
export async function pidNamespace(pid: number | 'self'): Promise<string | null> {
  return readlink(`/proc/${pid}/ns/pid`).catch(() => null)
}

/** Clock ticks since boot now, in the unit of `startTicks` (for "started after" comparisons). */
export async function ticksNow(): Promise<number> {
  const uptime = Number((await readFile('/proc/uptime', 'utf8')).split(' ')[0])
  // USER_HZ is 100 on every Linux architecture GitHub runs (see proc(5), /proc/<pid>/stat field 22).
  return Math.floor(uptime * 100)
}

/** Sends SIGKILL to each pid; a process that is already gone is not an error. */
export function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Gone already, or not ours to signal: the next scan shows which.
    }
  }
}

/**
 * Ends every process `select` picks from a fresh list (zombies left out; never this process), listing again
 * until none is left alive: a process may fork while the previous one is being killed. Returns how many
 * distinct processes were ended, or throws when some survive `tries` rounds.
 */
export async function endProcesses(
  select: (all: ProcessInfo[]) => number[] | Promise<number[]>,
  kill: (pids: number[]) => Promise<void> | void = killAll,
  tries = 50
): Promise<number> {
  const ended = new Set<number>()
  for (let i = 0; i < tries; i++) {
    const all = (await listProcesses()).filter(p => p.state !== 'Z')
    const alive = (await select(all)).filter(pid => pid !== process.pid)
    if (alive.length === 0) return ended.size
    for (const pid of alive) ended.add(pid)
    await kill(alive)
    await new Promise(resolve => setTimeout(resolve, Math.min(10 * (i + 1), 100)))
  }
  throw new Error(`processes of the agent kept running after ${tries} rounds of SIGKILL`)
}

/** `select` for endProcesses from a per-process predicate. */
export function where(test: (p: ProcessInfo) => boolean): (all: ProcessInfo[]) => number[] {
  return all => all.filter(test).map(p => p.pid)
}

/** The pids from `pid` up to 1 (its parent, grandparent, …), from a process list. */
export function ancestry(pid: number, byPid: Map<number, ProcessInfo>): number[] {
  const chain: number[] = []
  for (let p = byPid.get(pid); p && p.pid > 1 && chain.length < 4096; p = byPid.get(p.ppid)) {
    chain.push(p.ppid)
  }
  return chain
}
