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

/** Moves the local `main` by one commit, as its user would while the agent works elsewhere. */
async function moveMain(files: Record<string, string>): Promise<string> {
  return repo.commit(dir, files, 'main moves')
}

describe('createLocalPorts', () => {
  it('runs a whole round on a repository without a remote, in a folder of its own', async () => {
    const p = await ports()
    expect(p.stateDir).toBe(join(dir, '.git', 'nightshift'))
    await p.ci.preflight()
    expect(await p.workspace.prepare('agent/1-two', 'main')).toMatchObject({ resumed: false })
    // The user's checkout stays on its branch; the agent works in another folder.
    expect(await repo.git(dir, 'symbolic-ref', '--short', 'HEAD')).toBe('main')
    expect(p.workspace.dir).not.toBe(dir)

    await p.workspace.handOver()
    expect(await readFile(join(p.workspace.dir, 'src/value.txt'), 'utf8')).toBe('one\n')
    await writeFile(join(p.workspace.dir, 'src/value.txt'), 'two\n')
    expect((await p.workspace.snapshot([])).changes).toEqual([{ path: 'src/value.txt', status: 'modified' }])
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
    // Nothing nightshift wrote shows up as a change in the user's working tree.
    expect(await repo.git(dir, 'status', '--porcelain')).toBe('')
    expect(await repo.git(dir, 'rev-parse', 'agent/1-two')).toBe(sha)
    expect(p.lines).toContain(
      `Created branch agent/1-two at ${(await repo.git(dir, 'rev-parse', 'main')).slice(0, 12)}`
    )
    await p.workspace.close()
    expect(existsSync(p.workspace.dir)).toBe(false)
  })

  it('resumes a local branch, rebases onto the local base and reports conflicts', async () => {
    const first = await ports()
    await first.workspace.prepare('agent/2-r', 'main')
    await first.workspace.handOver()
    await writeFile(join(first.workspace.dir, 'src/value.txt'), 'agent\n')
    await first.workspace.snapshot([])
    const attempt = await first.workspace.commit('attempt 1', {})
    await first.workspace.close()

    const again = await ports()
    expect(await again.workspace.prepare('agent/2-r', 'main')).toMatchObject({ resumed: true, head: attempt })
    const base = await moveMain({ 'NEWS.md': 'news\n' })
    const rebased = await again.workspace.rebase('main')
    expect(rebased).toMatchObject({ status: 'rebased', base })
    expect(await repo.git(dir, 'rev-parse', 'agent/2-r~1')).toBe(base)
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
    await again.workspace.close()
  })

  it('leaves the user’s uncommitted changes alone and out of the branch, and refuses to push outside the prefix', async () => {
    const p = await ports()
    await writeFile(join(dir, 'src/value.txt'), 'uncommitted\n')
    await expect(p.workspace.prepare('main', 'main')).rejects.toThrow(GuardError)
    await expect(p.workspace.push()).rejects.toThrow(GuardError)
    await p.workspace.prepare('agent/3-d', 'main')
    await p.workspace.handOver()
    expect(await readFile(join(p.workspace.dir, 'src/value.txt'), 'utf8')).toBe('one\n')
    await writeFile(join(p.workspace.dir, 'NEW.md'), 'new\n')
    await p.workspace.snapshot([])
    const sha = await p.workspace.commit('attempt', {})
    expect(await repo.git(dir, 'show', '--name-only', '--format=', sha!)).toBe('NEW.md')
    expect(await readFile(join(dir, 'src/value.txt'), 'utf8')).toBe('uncommitted\n')
    await p.workspace.close()
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
