import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GuardError, SetupError } from '../../src/errors.js'
import { createLocalPorts } from '../../src/local/index.js'
import { createGitRepo, type GitRepo } from '../helpers/git-repo.js'

let repo: GitRepo
let dir: string
beforeEach(async () => {
  repo = await createGitRepo({
    files: { 'src/value.txt': 'one\n', 'check.sh': 'grep -q two src/value.txt\n' }
  })
  dir = repo.clone
  // A plain local repository: no remote at all.
  await repo.git(dir, 'remote', 'remove', 'origin')
})
afterEach(async () => {
  await repo.cleanup()
})

const ports = (extra: { ci?: string } = {}) => {
  const lines: string[] = []
  return createLocalPorts({
    repo: dir,
    ci: extra.ci ?? 'bash check.sh',
    log: l => lines.push(l),
    env: repo.env
  }).then(p => ({
    ...p,
    lines
  }))
}

/** Moves the local `main` by one commit without touching the checkout. */
async function moveMain(files: Record<string, string>): Promise<string> {
  const tree = join(repo.root, 'main-tree')
  await repo.git(dir, 'worktree', 'add', '--quiet', tree, 'main')
  const sha = await repo.commit(tree, files, 'main moves')
  await repo.git(dir, 'worktree', 'remove', tree)
  return sha
}

describe('createLocalPorts', () => {
  it('runs a whole round on a repository without a remote', async () => {
    const p = await ports()
    expect(p.stateDir).toBe(join(dir, '.git', 'nightshift'))
    await p.ci.preflight()
    expect(await p.workspace.prepare('agent/1-two', 'main')).toMatchObject({ resumed: false })
    expect(await repo.git(dir, 'symbolic-ref', '--short', 'HEAD')).toBe('agent/1-two')

    await writeFile(join(dir, 'src/value.txt'), 'two\n')
    expect(await p.workspace.changes()).toEqual([{ path: 'src/value.txt', status: 'modified' }])
    const sha = await p.workspace.commit('Make it two', { 'Nightshift-Attempt': '1' })
    expect(await p.workspace.push()).toBe(sha)

    const run = await p.ci.dispatch('agent/1-two', 'fast')
    expect((await p.ci.wait(run, Date.now() + 20_000)).outcome).toBe('success')
    expect(p.ci.logPath(run.id)).toBe(join(p.stateDir, 'logs', 'run-1-fast.log'))

    await p.store.save('issue-1', { attempts: 1 })
    expect(JSON.parse(await readFile(join(p.stateDir, 'state', 'issue-1.json'), 'utf8'))).toEqual({
      attempts: 1
    })
    const check = await p.forge.createCheckRun(sha as string, { title: 'nightshift', summary: 'ok' })
    await p.forge.updateCheckRun(check.id, { conclusion: 'success' })
    expect(await readFile(p.reportFile, 'utf8')).toContain('Conclusion: **success**')
    // Nothing nightshift wrote shows up as a change in the working tree.
    expect(await repo.git(dir, 'status', '--porcelain')).toBe('')
    expect(p.lines).toContain(
      `Created branch agent/1-two at ${(await repo.git(dir, 'rev-parse', 'main')).slice(0, 12)}`
    )
  })

  it('resumes a local branch, rebases onto the local base and reports conflicts', async () => {
    const first = await ports()
    await first.workspace.prepare('agent/2-r', 'main')
    await writeFile(join(dir, 'src/value.txt'), 'agent\n')
    const attempt = await first.workspace.commit('attempt 1', {})

    const again = await ports()
    expect(await again.workspace.prepare('agent/2-r', 'main')).toEqual({ resumed: true, head: attempt })
    const base = await moveMain({ 'NEWS.md': 'news\n' })
    const rebased = await again.workspace.rebase('main')
    expect(rebased).toMatchObject({ status: 'rebased', base })
    expect(await repo.git(dir, 'rev-parse', 'HEAD~1')).toBe(base)
    expect((await again.workspace.rebase('main')).status).toBe('up_to_date')

    const conflicting = await moveMain({ 'src/value.txt': 'human\n' })
    const result = await again.workspace.rebase('main')
    expect(result).toEqual({
      status: 'conflict',
      conflicts: ['src/value.txt'],
      head: rebased.head,
      base: conflicting
    })
    expect(existsSync(join(dir, '.git', 'rebase-merge'))).toBe(false)
  })

  it('refuses to start on uncommitted changes and to push outside the prefix', async () => {
    const p = await ports()
    await writeFile(join(dir, 'src/value.txt'), 'uncommitted\n')
    await expect(p.workspace.prepare('agent/3-d', 'main')).rejects.toThrow(
      /uncommitted changes[\s\S]*Commit or stash/
    )
    await expect(p.workspace.prepare('main', 'main')).rejects.toThrow(GuardError)
    await expect(p.workspace.push()).rejects.toThrow(GuardError)
  })

  it('says what is wrong with the folder', async () => {
    await expect(
      createLocalPorts({ repo: repo.root, ci: 'true', log: () => undefined, env: repo.env })
    ).rejects.toThrow(/is not a git repository/)
    const empty = join(repo.root, 'empty')
    await mkdir(empty)
    await repo.git(empty, 'init', '--quiet')
    await expect(
      createLocalPorts({ repo: empty, ci: 'true', log: () => undefined, env: repo.env })
    ).rejects.toThrow(SetupError)
  })
})
