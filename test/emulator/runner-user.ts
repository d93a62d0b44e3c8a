/**
 * The account steps run as. GitHub's hosted runner is a throw-away machine; here the machine is the
 * host, so when the emulator runs as root, steps run as an unprivileged user with a real home folder
 * (`/home/nightshift-runner`): no sudo, no writes outside its home, the job's folders and /tmp, so a
 * workflow cannot install packages on or change the host. As any other user, steps run as that user.
 */
import { execFile } from 'node:child_process'
import { chown, lstat, mkdir, readdir } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import type { RunAs } from './step-process.js'

const run = promisify(execFile)

export const RUNNER_USER = 'nightshift-runner'

export interface RunnerAccount {
  name: string
  home: string
  /** null when steps run as the emulator's own user. */
  runAs: RunAs | null
  /** PATH of a step before any `GITHUB_PATH` addition. */
  path: string
}

let pending: Promise<RunnerAccount> | null = null

/** The runner account, created on first use when running as root. */
export function runnerAccount(): Promise<RunnerAccount> {
  pending ??= resolveAccount()
  return pending
}

async function resolveAccount(): Promise<RunnerAccount> {
  if (process.getuid?.() !== 0) {
    const me = userInfo()
    return { name: me.username, home: me.homedir, runAs: null, path: process.env.PATH ?? '/usr/bin:/bin' }
  }
  let ids = await lookup()
  if (!ids) {
    // Two emulators (test workers) may race to create it: whichever loses finds it made.
    await run('useradd', ['--create-home', '--shell', '/bin/bash', '--user-group', RUNNER_USER]).catch(
      () => undefined
    )
    ids = await lookup()
    if (!ids)
      throw new Error(`Could not create the unprivileged user ${RUNNER_USER} that workflow steps run as`)
  }
  const home = `/home/${RUNNER_USER}`
  await mkdir(home, { recursive: true })
  await chown(home, ids.uid, ids.gid)
  // The machine's toolchains in shared places; tools under /root stay out of the runner's reach.
  const dirs = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']
  const nodeDir = dirname(process.execPath)
  if (!dirs.includes(nodeDir) && !nodeDir.startsWith('/root')) dirs.unshift(nodeDir)
  return { name: RUNNER_USER, home, runAs: ids, path: [join(home, '.local', 'bin'), ...dirs].join(':') }
}

async function lookup(): Promise<RunAs | null> {
  try {
    const uid = Number((await run('id', ['-u', RUNNER_USER])).stdout.trim())
    const gid = Number((await run('id', ['-g', RUNNER_USER])).stdout.trim())
    return { uid, gid }
  } catch {
    return null
  }
}

/** Hands a folder tree to the runner user (the job's workspace, temp and tool folders). */
export async function handOver(dir: string, account: RunnerAccount): Promise<void> {
  if (!account.runAs) return
  const { uid, gid } = account.runAs
  const walk = async (p: string): Promise<void> => {
    const st = await lstat(p)
    await chown(p, uid, gid).catch(() => undefined)
    if (st.isDirectory() && !st.isSymbolicLink()) for (const e of await readdir(p)) await walk(join(p, e))
  }
  await walk(dir)
}
