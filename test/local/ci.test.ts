import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LocalCi } from '../../src/local/ci.js'
import { createGitRepo, type GitRepo } from '../helpers/git-repo.js'

const failingTest = `import test from 'node:test'
import assert from 'node:assert/strict'
import { add } from '../src/math.mjs'

test('adds small numbers', () => {
  assert.equal(add(1, 2), 3)
})
`

let repo: GitRepo
let ci: LocalCi | undefined
beforeEach(async () => {
  repo = await createGitRepo({
    files: {
      'src/math.mjs': 'export const add = (a, b) => a - b\n',
      'test/math.test.mjs': failingTest
    }
  })
})
afterEach(async () => {
  await ci?.close()
  ci = undefined
  await repo.cleanup()
})

function localCi(command: string, extra: { timeoutMs?: number } = {}) {
  ci = new LocalCi({ repo: repo.clone, command, logDir: join(repo.root, 'logs'), env: repo.env, ...extra })
  return ci
}

describe('LocalCi', () => {
  it('runs a real failing test suite and feeds its failures to the feedback stage', async () => {
    const c = localCi('node --test test/')
    await c.preflight()
    expect(c.fastIsFull()).toBe(true)
    const run = await c.dispatch('main', 'fast')
    expect(run).toMatchObject({ id: 1, workflow: 'local', ref: 'main' })
    const result = await c.wait(run, Date.now() + 20_000)
    expect(result).toMatchObject({
      outcome: 'failure',
      headSha: await repo.git(repo.clone, 'rev-parse', 'HEAD')
    })
    expect(result.failedJobs).toEqual([
      { id: 1, name: 'local CI', conclusion: 'failure', failedSteps: ['Run node --test test/'], url: run.url }
    ])
    const log = await readFile(fileURLToPath(run.url), 'utf8')
    expect(log).toContain('adds small numbers')

    const { failures, feedback } = await c.failures(result)
    expect(failures.some(f => f.test?.includes('adds small numbers'))).toBe(true)
    expect(feedback).toContain('adds small numbers')
    expect(feedback.length).toBeLessThan(6000)
  })

  it('re-runs the command on the same commit (a flaky test passes the second time), and names a failure no tool explains', async () => {
    // Fails the first time only: the counter lives outside the worktree, which each run makes afresh.
    const counter = join(repo.root, 'runs')
    const c = localCi(
      `n=$(cat ${counter} 2>/dev/null || echo 0); echo $((n+1)) > ${counter}; test "$n" != 0 || { echo "clock: timed out"; exit 3; }`
    )
    const first = await c.wait(await c.dispatch('main', 'fast'), Date.now() + 20_000)
    expect(first.outcome).toBe('failure')
    const { failures, feedback } = await c.failures(first)
    expect(failures).toEqual([
      expect.objectContaining({ tool: 'log', message: expect.stringContaining('clock: timed out') })
    ])
    expect(feedback).toContain('local CI › Run n=$(cat')
    expect(feedback).toContain('(exit code 3)')
    const again = await c.wait(await c.rerunFailed(first), Date.now() + 20_000)
    expect(again).toMatchObject({ outcome: 'success', headSha: first.headSha, run: { ref: 'main' } })
    expect(again.run.id).not.toBe(first.run.id)
    expect(await c.setupAdvice()).toMatch(/clean worktree of the commit/)
  })

  it('tests the committed tree, not uncommitted files, and leaves no worktree behind', async () => {
    await repo.git(repo.clone, 'checkout', '--quiet', '-b', 'agent/1-fix')
    await repo.commit(repo.clone, { 'src/math.mjs': 'export const add = (a, b) => a + b\n' }, 'fix')
    await writeFile(join(repo.clone, 'src/math.mjs'), 'export const add = () => 0\n')
    const c = localCi(
      'node --test test/ && test -z "$(git status --porcelain)" && echo "scope=$NIGHTSHIFT_CI_SCOPE"'
    )
    const run = await c.dispatch('agent/1-fix', 'full')
    const result = await c.wait(run, Date.now() + 20_000)
    expect(result.outcome).toBe('success')
    expect(result.failedJobs).toEqual([])
    expect(await readFile(fileURLToPath(run.url), 'utf8')).toContain('scope=full')
    expect(await c.failures(result)).toEqual({ failures: [], feedback: '' })
    expect(await repo.git(repo.clone, 'worktree', 'list', '--porcelain')).not.toContain('nightshift-ci-')
    // The agent's uncommitted edit is still there.
    expect(await readFile(join(repo.clone, 'src/math.mjs'), 'utf8')).toBe('export const add = () => 0\n')
  })

  it('ends a command past its time limit as timed_out and kills what it started', async () => {
    const marker = join(repo.root, 'survived')
    const c = localCi(`(sleep 2; touch ${marker}) & sleep 30`, { timeoutMs: 300 })
    const started = Date.now()
    const result = await c.wait(await c.dispatch('main', 'fast'), Date.now() + 20_000)
    expect(result.outcome).toBe('timed_out')
    expect(Date.now() - started).toBeLessThan(15_000)
    await new Promise(r => setTimeout(r, 2500))
    expect(existsSync(marker)).toBe(false)
  })

  it('stops waiting at the deadline', async () => {
    const c = localCi('sleep 30')
    const run = await c.dispatch('main', 'fast')
    const result = await c.wait(run, Date.now() + 200)
    expect(result.outcome).toBe('timed_out')
    expect(result.failedJobs[0].conclusion).toBe('timed_out')
  })

  it('refuses an empty command and a folder that is not a repository', async () => {
    await expect(localCi('  ').preflight()).rejects.toThrow(/command is empty/)
    const split = new LocalCi({ repo: repo.clone, command: 'true', fullCommand: 'make', logDir: repo.root })
    expect(split.fastIsFull()).toBe(false)
    const outside = new LocalCi({
      repo: repo.root,
      command: 'true',
      logDir: join(repo.root, 'logs'),
      env: repo.env
    })
    await expect(outside.preflight()).rejects.toThrow(/is not a git working tree/)
    await expect(localCi('true').dispatch('no-such-branch', 'fast')).rejects.toThrow(/no-such-branch/)
  })
})
