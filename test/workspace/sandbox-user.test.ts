/**
 * The agent's sandboxes: how the commands are built, how the mode is chosen, and, for real (root on this
 * machine), a separate user and the same-user namespaces: what the agent can no longer reach, the
 * freeze of processes that left the process group, and the limits.
 */
import { createHash } from 'node:crypto'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, linkSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { runCommand } from '../../src/agent/run-process.js'
import { SetupError } from '../../src/errors.js'
import { agentUserName, dropPrefix, ensureAgentUser, type Exec } from '../../src/workspace/agent-user.js'
import { createSandbox } from '../../src/workspace/choose-sandbox.js'
import type { AgentSandbox } from '../../src/workspace/sandbox.js'
import { createCurrentSandbox } from '../../src/workspace/sandbox-current.js'
import { chownTree, createUserSandbox } from '../../src/workspace/sandbox-user.js'
import { agentEnv } from '../../src/workspace/sandbox-env.js'

// One user per runner instance (test/helpers/runner-name.ts): a concurrent test run never shares it.
const TEST_USER = `nightshift-t${createHash('sha256')
  .update(process.env.RUNNER_NAME ?? '')
  .digest('hex')
  .slice(0, 8)}`
const hasTools = (() => {
  try {
    execFileSync('bash', ['-c', 'command -v useradd && command -v setpriv && command -v prlimit'])
    return true
  } catch {
    return false
  }
})()
const asRoot = process.getuid?.() === 0 && hasTools

describe('commands and choices', () => {
  it('drops to the user with setpriv as root, through sudo otherwise, never able to gain privileges', () => {
    const user = { name: 'a', uid: 1001, gid: 1002 }
    expect(dropPrefix(user, true)).toEqual([
      'setpriv',
      '--reuid=1001',
      '--regid=1002',
      '--clear-groups',
      '--no-new-privs',
      '--'
    ])
    expect(dropPrefix(user, false).slice(0, 4)).toEqual(['sudo', '-n', '--', 'setpriv'])
    expect(chownTree('/w/repo', '1:2', 1)).toEqual([
      'find',
      '/w/repo',
      '-mindepth',
      '1',
      '!',
      '-user',
      '1',
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
      '1:2',
      '{}',
      '+'
    ])
  })

  it('names one agent user per runner instance', () => {
    expect(agentUserName(undefined)).toBe('nightshift-agent')
    expect(agentUserName('runner-1')).toMatch(/^nightshift-agent-[0-9a-f]{8}$/)
    expect(agentUserName('runner-1')).not.toBe(agentUserName('runner-2'))
  })

  it('creates the user through sudo when not root, as a system user without login, and takes cron and at away', async () => {
    const calls: string[] = []
    const users = new Set<string>()
    const exec: Exec = async argv => {
      calls.push(argv.join(' '))
      if (argv[0] === 'id')
        return users.has(argv[2]!)
          ? { code: 0, stdout: '1500\n', stderr: '' }
          : { code: 1, stdout: '', stderr: 'no such user' }
      if (argv.includes('useradd')) users.add(argv.at(-1)!)
      return { code: 0, stdout: '', stderr: '' }
    }
    expect(await ensureAgentUser('nightshift-agent', { exec, isRoot: false })).toEqual({
      name: 'nightshift-agent',
      uid: 1500,
      gid: 1500
    })
    expect(calls).toContain(
      'sudo -n -- useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin nightshift-agent'
    )
    expect(calls.some(c => c.startsWith('sudo -n -- sh -c') && c.includes('/etc/cron.deny'))).toBe(true)
    await expect(ensureAgentUser('root; rm -rf /', { exec })).rejects.toThrow(SetupError)
  })

  it('auto falls back to the action’s user with a warning where no user can be made; unprivileged refuses', async () => {
    const exec: Exec = async argv =>
      argv[0] === 'sudo'
        ? { code: 1, stdout: '', stderr: 'sudo: a password is required' }
        : { code: 0, stdout: '', stderr: '' }
    const common = { workTree: '/w/repo', hidden: [], path: '/usr/bin:/bin', exec, isRoot: false }
    const fallback = await createSandbox({ agentUser: 'auto', ...common })
    try {
      expect(fallback.report.isolation).toBe('namespace')
      expect(fallback.report.warning).toMatch(
        /^The agent ran as the action's own user \(agent-user: auto, and this runner lets the action create no user/
      )
    } finally {
      await fallback.release(null)
    }
    await expect(createSandbox({ agentUser: 'unprivileged', ...common })).rejects.toThrow(
      /needs root or passwordless sudo/
    )
  })
})

/** Waits (a loaded machine may take a while to start a process) until `file` exists. */
async function appears(file: string, ms = 10_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (existsSync(file)) return true
    await new Promise(r => setTimeout(r, 50))
  }
  return false
}

/** Runs `command` in the sandbox the way the engines do. */
function run(sandbox: AgentSandbox, cwd: string, command: string, timeoutMs = 10_000) {
  const env = { ...agentEnv(process.env, { names: [] }, sandbox.dirs), ...sandbox.env }
  return runCommand(command, { cwd, env, timeoutMs, wrap: argv => sandbox.wrap(argv) })
}

describe('a separate agent user, for real (root only)', () => {
  afterAll(() => {
    if (asRoot) execFileSync('bash', ['-c', `userdel ${TEST_USER} 2>/dev/null || true`])
  })

  ;(asRoot ? it : it.skip)(
    'owns the tree’s files but not its root, cannot read the action’s environ or private files, cannot sudo, and is frozen by uid',
    async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'nightshift-user-'))
      const tree = path.join(root, 'work', 'repo')
      const secret = path.join(root, 'private')
      mkdirSync(path.join(tree, 'src'), { recursive: true })
      mkdirSync(secret, { mode: 0o700 })
      writeFileSync(path.join(secret, 'token'), 'ghs_private\n')
      writeFileSync(path.join(tree, 'src/a.txt'), 'one\n')
      writeFileSync(path.join(root, 'outside.txt'), 'not the agent’s\n')
      linkSync(path.join(root, 'outside.txt'), path.join(tree, 'hard.txt'))
      const sandbox = await createUserSandbox({
        name: TEST_USER,
        workTree: tree,
        path: process.env.PATH!,
        limits: { processes: 200, fileBytes: 1024 * 1024 }
      })
      try {
        await sandbox.handOver(tree)
        const uid = Number(execFileSync('id', ['-u', TEST_USER], { encoding: 'utf8' }))
        expect(uid).toBeGreaterThan(0)
        expect(statSync(path.join(tree, 'src/a.txt')).uid).toBe(uid)
        expect(statSync(tree).uid).toBe(0)
        // The hard link to a file elsewhere is not handed over.
        expect(statSync(path.join(root, 'outside.txt')).uid).toBe(0)

        expect((await run(sandbox, tree, 'id -u')).stdout.trim()).toBe(String(uid))
        expect(
          (await run(sandbox, tree, 'echo two >> src/a.txt && echo new > top.txt && echo ok')).stdout
        ).toBe('ok\n')
        const environ = await run(sandbox, tree, `cat /proc/${process.pid}/environ`)
        expect(environ.exitCode).not.toBe(0)
        expect(environ.stderr).toMatch(/Permission denied/)
        expect((await run(sandbox, tree, `cat ${secret}/token`)).exitCode).not.toBe(0)
        expect((await run(sandbox, tree, 'sudo -n true')).exitCode).not.toBe(0)
        expect((await run(sandbox, tree, 'mv src ../src2')).exitCode).not.toBe(0)

        // Limits: a file past RLIMIT_FSIZE, a fork bomb past RLIMIT_NPROC.
        const big = await run(sandbox, tree, 'head -c 2000000 /dev/zero > big.bin; echo $?')
        expect(big.stdout.trim()).not.toBe('0')
        expect(statSync(path.join(tree, 'big.bin')).size).toBeLessThanOrEqual(1024 * 1024)
        // RLIMIT_NPROC is the kernel's to enforce; the agent's shell has it and cannot raise it.
        expect((await run(sandbox, tree, 'ulimit -u; ulimit -Hu; ulimit -u 100000')).output).toMatch(
          /^200\n200\n.*(Operation not permitted|cannot modify limit)/s
        )

        // A writer that left the process group (setsid, double fork) outlives the command...
        await run(
          sandbox,
          tree,
          '(setsid bash -c "while true; do echo x >> late.txt; sleep 0.05; done" &) ; sleep 0.5'
        )
        expect(await appears(path.join(tree, 'late.txt'))).toBe(true)
        // ...until the freeze ends every process of the user.
        expect(await sandbox.freeze()).toBeGreaterThan(0)
        const size = statSync(path.join(tree, 'late.txt')).size
        await new Promise(r => setTimeout(r, 300))
        expect(statSync(path.join(tree, 'late.txt')).size).toBe(size)
        const alive = execFileSync('bash', ['-c', `ps -o stat=,args= -u ${uid} || true`], {
          encoding: 'utf8'
        })
        // Zombies are dead already, waiting for init to reap them.
        expect(alive.split('\n').filter(l => l.trim() && !l.trim().startsWith('Z'))).toEqual([])

        await sandbox.release(tree)
        expect(statSync(path.join(tree, 'top.txt')).uid).toBe(0)
        expect(existsSync(path.dirname(sandbox.dirs.home))).toBe(false)
      } finally {
        await sandbox.release(tree).catch(() => undefined)
        rmSync(root, { recursive: true, force: true })
      }
    },
    60_000
  )
})

describe('the action’s own user in namespaces, for real', () => {
  const canUnshare = (() => {
    try {
      execFileSync('unshare', ['--user', '--map-root-user', '--pid', '--fork', '--mount-proc', 'true'])
      return true
    } catch {
      return false
    }
  })()

  ;(canUnshare ? it : it.skip)(
    'sees only its own processes, finds the hidden folders empty, and its escapees die with the command',
    async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'nightshift-ns-'))
      const hidden = path.join(root, 'runner-temp')
      mkdirSync(hidden)
      writeFileSync(path.join(hidden, 'set_env_1234'), 'secret step file\n')
      const sandbox = await createCurrentSandbox({ hidden: [hidden], because: 'a test' })
      try {
        expect(sandbox.report.isolation).toBe('namespace')
        const r = await run(
          sandbox,
          root,
          `ls /proc | grep -c '^[0-9]'; cat /proc/${process.pid}/environ 2>&1 | head -c 0; ls -A ${hidden} | wc -l; umount ${hidden} 2>/dev/null && echo unmounted || echo locked`
        )
        const [count, files, umount] = r.stdout.trim().split('\n')
        expect(Number(count)).toBeLessThan(10)
        expect(files).toBe('0')
        expect(umount).toBe('locked')
        await run(
          sandbox,
          root,
          '(setsid bash -c "while true; do echo x >> late.txt; sleep 0.05; done" &) ; sleep 0.3'
        )
        // Whatever it wrote while its command ran, nothing is added once the command is over.
        const sizeOf = (f: string) => (existsSync(f) ? statSync(f).size : 0)
        const size = sizeOf(path.join(root, 'late.txt'))
        await new Promise(res => setTimeout(res, 500))
        expect(sizeOf(path.join(root, 'late.txt'))).toBe(size)
      } finally {
        await sandbox.release(null)
        rmSync(root, { recursive: true, force: true })
      }
    }
  )
})

describe('the action’s own user without namespaces (process isolation)', () => {
  it('ends the marked processes that escaped the process group, and nothing else of the user', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'nightshift-proc-'))
    const sandbox = await createCurrentSandbox({ hidden: [], because: 'a test', isolation: 'process' })
    const bystander = spawn('sleep', ['30'], { stdio: 'ignore', detached: true })
    try {
      expect(sandbox.report.warning).toMatch(/without isolation/)
      await sandbox.handOver(root)
      await run(
        sandbox,
        root,
        '(setsid bash -c "while true; do echo x >> late.txt; sleep 0.05; done" &) ; sleep 0.3'
      )
      expect(await appears(path.join(root, 'late.txt'))).toBe(true)
      expect(await sandbox.freeze()).toBeGreaterThan(0)
      const size = statSync(path.join(root, 'late.txt')).size
      await new Promise(res => setTimeout(res, 300))
      expect(statSync(path.join(root, 'late.txt')).size).toBe(size)
      // A process of the same user that does not carry the run's marker is left alone.
      expect(bystander.exitCode).toBeNull()
      expect(bystander.signalCode).toBeNull()
    } finally {
      bystander.kill('SIGKILL')
      await sandbox.release(null)
      rmSync(root, { recursive: true, force: true })
    }
  })
})
