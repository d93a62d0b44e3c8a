import { execFileSync } from 'node:child_process'
import { statSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { runCommand } from '../../src/agent/run-process.js'
import {
  dropPrefix,
  handOverCommands,
  prepareAgentUser,
  takeBack,
  type Exec
} from '../../src/workspace/agent-user.js'
import { agentEnv } from '../../src/workspace/sandbox-env.js'
import { makeRepo } from './sandbox-fixtures.js'

const TEST_USER = 'nightshift-test-agent'

function hasCommand(name: string): boolean {
  try {
    execFileSync('bash', ['-c', `command -v ${name}`])
    return true
  } catch {
    return false
  }
}

describe('agent user: command construction', () => {
  it('uses setpriv as root and sudo -n -E otherwise', () => {
    expect(dropPrefix({ name: 'a', uid: 1001, gid: 1002 }, true)).toEqual([
      'setpriv',
      '--reuid=1001',
      '--regid=1002',
      '--init-groups',
      '--'
    ])
    expect(dropPrefix({ name: 'a', uid: 1001, gid: 1002 }, false)).toEqual([
      'sudo',
      '-n',
      '-E',
      '-u',
      'a',
      '--'
    ])
    expect(handOverCommands('/w/repo', { uid: 1, gid: 2 }, false)).toEqual([
      [
        'sudo',
        '-n',
        'find',
        '/w/repo',
        '-path',
        '/w/repo/.git',
        '-prune',
        '-o',
        '-exec',
        'chown',
        '-h',
        '1:2',
        '{}',
        '+'
      ]
    ])
  })

  it('creates the user through sudo when not root, and refuses without passwordless sudo', async () => {
    const calls: string[] = []
    const users = new Set<string>()
    const exec: Exec = async argv => {
      calls.push(argv.join(' '))
      if (argv[0] === 'id')
        return users.has(argv[2])
          ? { code: 0, stdout: '1500\n', stderr: '' }
          : { code: 1, stdout: '', stderr: 'no such user' }
      if (argv.includes('useradd')) users.add(argv.at(-1)!)
      if (argv[0] === 'getent')
        return { code: 0, stdout: `${argv[2]}:x:1500:1500::/home/${argv[2]}:/bin/bash\n`, stderr: '' }
      return { code: 0, stdout: '', stderr: '' }
    }
    const user = await prepareAgentUser('/w/repo', { exec, isRoot: false })
    expect(user).toMatchObject({
      name: 'nightshift-agent',
      uid: 1500,
      gid: 1500,
      home: '/home/nightshift-agent',
      argvPrefix: ['sudo', '-n', '-E', '-u', 'nightshift-agent', '--']
    })
    expect(calls).toContain('sudo -n useradd --create-home --shell /bin/bash --user-group nightshift-agent')
    expect(calls).toContain('sudo -n chmod o+x /w')
    const noSudo: Exec = async () => ({ code: 1, stdout: '', stderr: 'sudo: a password is required' })
    await expect(prepareAgentUser('/w/repo', { exec: noSudo, isRoot: false })).rejects.toThrow(
      /needs root or passwordless sudo/
    )
  })
})

const canRunForReal = process.getuid?.() === 0 && hasCommand('useradd') && hasCommand('setpriv')

describe('agent user: for real (root only)', () => {
  afterAll(() => {
    if (canRunForReal) execFileSync('bash', ['-c', `userdel -r ${TEST_USER} 2>/dev/null || true`])
  })

  ;(canRunForReal ? it : it.skip)(
    'runs commands as a separate user who can edit the tree but not .git, the action’s environ or sudo',
    async () => {
      const repo = makeRepo({ 'src/a.txt': 'one\n' })
      try {
        const user = await prepareAgentUser(repo.dir, { name: TEST_USER })
        const env = { ...agentEnv(process.env, { names: [] }, user.home), ...user.env }
        const run = (command: string) =>
          runCommand(command, { cwd: repo.dir, env, timeoutMs: 10_000, argvPrefix: user.argvPrefix })

        expect((await run('id -un')).stdout.trim()).toBe(TEST_USER)
        expect(
          (await run('echo two >> src/a.txt && echo new > src/b.txt && git status --porcelain')).stdout
        ).toBe(' M src/a.txt\n?? src/b.txt\n')
        const hook = await run('echo "env > /tmp/leak" > .git/hooks/pre-commit')
        expect(hook.exitCode).not.toBe(0)
        expect(hook.stderr).toMatch(/Permission denied/)
        const environ = await run(`cat /proc/${process.pid}/environ`)
        expect(environ.exitCode).not.toBe(0)
        expect(environ.stderr).toMatch(/Permission denied/)
        expect((await run('sudo -n true')).exitCode).not.toBe(0)

        await takeBack(repo.dir)
        expect(statSync(path.join(repo.dir, 'src/b.txt')).uid).toBe(0)
        expect(repo.git('status', '--porcelain')).toBe(' M src/a.txt\n?? src/b.txt\n')
      } finally {
        repo.cleanup()
      }
    }
  )
})
