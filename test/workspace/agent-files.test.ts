/**
 * The agent's file helper: the tools' paths stay inside the tree, and under a symlink race (a folder
 * swapped for a link to /proc/self between the check and the use) a read reaches the helper's own
 * process, never the action's.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { helperEnv, openAgentFiles } from '../../src/workspace/agent-files.js'
import { releaseAll, testSandbox } from '../helpers/sandbox.js'

const SECRET = 'ghs_NSSEChelperRace00000000000000'
let root: string | null = null
afterEach(async () => {
  await releaseAll()
  if (root) rmSync(root, { recursive: true, force: true })
  root = null
})

describe('agent files', () => {
  it('refuses paths that leave the tree or enter .git, and writes through no symlink it did not resolve', async () => {
    root = mkdtempSync(path.join(tmpdir(), 'nightshift-files-'))
    writeFileSync(path.join(root, 'a.txt'), 'one\n')
    symlinkSync('/etc', path.join(root, 'etc'))
    const sandbox = await testSandbox()
    const files = openAgentFiles(root, { wrap: a => sandbox.wrap(a), env: helperEnv(sandbox) })
    try {
      expect((await files.read('a.txt')).text).toBe('one\n')
      await expect(files.read('../x')).rejects.toThrow(/outside the repository/)
      await expect(files.read('etc/passwd')).rejects.toThrow(/leads outside the repository/)
      await expect(files.write('.git/config', 'x')).rejects.toThrow(/inside \.git/)
      await files.write('deep/er/b.txt', 'two\n')
      expect(await files.list('.', 3)).toEqual(['a.txt', 'deep/', 'deep/er/', 'deep/er/b.txt', 'etc'])
      expect(await files.remove('etc')).toBe(true)
      await files.edit('a.txt', 'one', 'uno')
      expect((await files.read('a.txt')).text).toBe('uno\n')
    } finally {
      await files.close()
    }
  })

  it('under a symlink race, reads only ever reach the helper’s own /proc/self', async () => {
    root = mkdtempSync(path.join(tmpdir(), 'nightshift-race-'))
    const sandbox = await testSandbox()
    const racer = spawn(
      'bash',
      ['-c', 'while true; do rm -rf d; mkdir d; echo plain > d/environ; rm -rf d; ln -s /proc/self d; done'],
      { cwd: root, stdio: 'ignore' }
    )
    // The secret is in this process's environment (the action's, in production), not the helper's.
    process.env.NIGHTSHIFT_TEST_SECRET = SECRET
    const files = openAgentFiles(root, { wrap: a => sandbox.wrap(a), env: helperEnv(sandbox) })
    const outcomes = new Map<string, number>()
    try {
      for (let i = 0; i < 1000; i++) {
        let key: string
        try {
          const r = await files.read('d/environ')
          expect(r.text).not.toContain(SECRET)
          key = r.text === 'plain\n' ? 'plain' : 'other'
        } catch (e) {
          key = /leads outside/.test(String(e)) ? 'refused' : 'missing'
        }
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
      }
    } finally {
      delete process.env.NIGHTSHIFT_TEST_SECRET
      racer.kill('SIGKILL')
      await files.close()
    }
    // The race was on: the reads saw the folder, the link and the gap.
    expect(outcomes.get('refused') ?? 0).toBeGreaterThan(0)
    expect(outcomes.get('missing') ?? 0).toBeGreaterThan(0)
  })
})
