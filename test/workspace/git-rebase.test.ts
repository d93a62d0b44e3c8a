import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { GitWorkspace } from '../../src/workspace/git-workspace.js'
import { createGitRepo, type GitRepo } from '../helpers/git-repo.js'
import { releaseAll } from '../helpers/sandbox.js'
import { attempt, openWorkspace } from './workspace-fixtures.js'

let repo: GitRepo
beforeEach(async () => {
  repo = await createGitRepo({
    files: { 'README.md': '# sample\n', 'src/app.js': 'line 1\nline 2\nline 3\n' }
  })
})
afterEach(async () => {
  await releaseAll()
  await repo.cleanup()
})

const open = async (dir: string) => (await openWorkspace(repo, dir)).ws
/** git in the action's own repository. */
const inRepo = (ws: GitWorkspace, ...args: string[]) =>
  repo.git(repo.root, `--git-dir=${ws.repository!}`, ...args)
/** One attempt that writes `files` into the agent's tree, committed. */
async function work(ws: GitWorkspace, dir: string, files: Record<string, string>) {
  await attempt(ws, async () => {
    for (const [p, text] of Object.entries(files)) await writeFile(join(dir, p), text)
  })
  return ws.commit('attempt', {})
}

/** Moves the remote's main by one commit from a separate clone. */
async function moveMain(files: Record<string, string>, name = 'other'): Promise<string> {
  const other = existsSync(join(repo.root, name)) ? join(repo.root, name) : await repo.cloneTo(name)
  await repo.git(other, 'pull', '--quiet', '--ff-only', 'origin', 'main')
  const sha = await repo.commit(other, files, 'main moves')
  await repo.git(other, 'push', '--quiet', 'origin', 'main')
  return sha
}

describe('rebase', () => {
  it('reports up_to_date when the base did not move', async () => {
    const ws = await open(repo.clone)
    await ws.prepare('agent/1-a', 'main')
    const head = await work(ws, repo.clone, { 'NOTES.md': 'x\n' })
    const base = await repo.git(repo.remote, 'rev-parse', 'main')
    expect(await ws.rebase('main')).toEqual({ status: 'up_to_date', conflicts: [], head, base })
  })

  it('measures the change against the base it was rebased on: lines per file, binary files apart', async () => {
    const ws = await open(repo.clone)
    await ws.prepare('agent/9-stat', 'main')
    await work(ws, repo.clone, {
      'src/app.js': 'line 1\nline two\nline 3\nline 4\n',
      'logo.bin': '\0\x01\x02'
    })
    const moved = await moveMain({ 'OTHER.md': 'y\n' })
    const rebased = await ws.rebase('main')
    expect(rebased.base).toBe(moved)
    const stat = await ws.diffStat(rebased.base, rebased.head)
    expect(stat.files).toEqual([
      { path: 'logo.bin', added: 0, deleted: 0, binary: true },
      { path: 'src/app.js', added: 2, deleted: 1 }
    ])
  })

  it('rebases onto a moved base and pushes with a lease on the agent branch only', async () => {
    const ws = await open(repo.clone)
    await ws.prepare('agent/2-b', 'main')
    const before = await work(ws, repo.clone, { 'NOTES.md': 'x\n' })
    await ws.push()
    const base = await moveMain({ 'OTHER.md': 'y\n' })

    const result = await ws.rebase('main')
    expect(result.status).toBe('rebased')
    expect(result.base).toBe(base)
    expect(result.head).not.toBe(before)
    expect(await inRepo(ws, 'rev-parse', `${result.head}~1`)).toBe(base)
    // The next attempt starts from the rebased tree, and its commit builds on the rebased head.
    await ws.handOver()
    expect(await readFile(join(repo.clone, 'OTHER.md'), 'utf8')).toBe('y\n')
    expect(await readFile(join(repo.clone, 'NOTES.md'), 'utf8')).toBe('x\n')
    expect(await repo.git(repo.clone, 'rev-parse', 'HEAD')).toBe(result.head)
    // The rebased head replaces the old one on the remote (a plain push would be refused).
    expect(await ws.push()).toBe(result.head)
    expect(await repo.git(repo.remote, 'rev-parse', 'agent/2-b')).toBe(result.head)
    expect(await repo.git(repo.remote, 'rev-parse', 'main')).toBe(base)
  })

  it('refuses the leased push when someone pushed to the branch after the rebase', async () => {
    const ws = await open(repo.clone)
    await ws.prepare('agent/3-c', 'main')
    await work(ws, repo.clone, { 'NOTES.md': 'x\n' })
    await ws.push()
    await moveMain({ 'OTHER.md': 'y\n' })
    expect((await ws.rebase('main')).status).toBe('rebased')
    const human = await repo.cloneTo('human', { branch: 'agent/3-c' })
    const theirs = await repo.commit(human, { 'HUMAN.md': 'z\n' }, 'human')
    await repo.git(human, 'push', '--quiet', 'origin', 'agent/3-c')

    await expect(ws.push()).rejects.toMatchObject({ name: 'PushRejectedError', reason: 'rejected' })
    expect(await repo.git(repo.remote, 'rev-parse', 'agent/3-c')).toBe(theirs)
  })

  it('reports conflicting files, aborts, and leaves the branch untouched', async () => {
    const ws = await open(repo.clone)
    await ws.prepare('agent/4-d', 'main')
    const head = await work(ws, repo.clone, {
      'src/app.js': 'line 1\nagent\nline 3\n',
      'README.md': '# agent\n'
    })
    const base = await moveMain({ 'src/app.js': 'line 1\nhuman\nline 3\n', 'README.md': '# human\n' })

    const result = await ws.rebase('main')
    expect(result).toEqual({ status: 'conflict', conflicts: ['README.md', 'src/app.js'], head, base })
    expect(await ws.head()).toBe(head)
    expect(await inRepo(ws, 'rev-parse', 'refs/heads/agent/4-d')).toBe(head)
    expect(await inRepo(ws, 'worktree', 'list', '--porcelain')).not.toContain('rebase')
    const gitDir = ws.repository!
    expect(existsSync(join(gitDir, 'rebase-merge')) || existsSync(join(gitDir, 'rebase-apply'))).toBe(false)
    expect(await readFile(join(repo.clone, 'src/app.js'), 'utf8')).toBe('line 1\nagent\nline 3\n')
  })

  it('works in a depth-1 clone like the one actions/checkout makes', async () => {
    await moveMain({ 'A.md': 'a\n' })
    await moveMain({ 'B.md': 'b\n' })
    const shallow = await repo.cloneTo('shallow', { depth: 1 })
    expect(await repo.git(shallow, 'rev-parse', '--is-shallow-repository')).toBe('true')
    const ws = await open(shallow)
    await ws.prepare('agent/5-e', 'main')
    await work(ws, shallow, { 'NOTES.md': 'x\n' })
    await ws.push()
    const base = await moveMain({ 'C.md': 'c\n' })

    const result = await ws.rebase('main')
    expect(result).toMatchObject({ status: 'rebased', base })
    expect(await inRepo(ws, 'rev-parse', `${result.head}~1`)).toBe(base)
    expect(await ws.push()).toBe(result.head)
    expect(await repo.git(repo.remote, 'rev-parse', 'agent/5-e~1')).toBe(base)
  })

  it('resumes and rebases in a depth-1 clone when the branch forked from an older base', async () => {
    const old = await repo.cloneTo('old')
    await repo.git(old, 'checkout', '--quiet', '-b', 'agent/6-f')
    const attempt1 = await repo.commit(old, { 'NOTES.md': 'from attempt 1\n' }, 'attempt 1')
    await repo.git(old, 'push', '--quiet', 'origin', 'agent/6-f')
    await moveMain({ 'A.md': 'a\n' })
    const base = await moveMain({ 'B.md': 'b\n' })
    const shallow = await repo.cloneTo('shallow', { depth: 1 })

    const ws = await open(shallow)
    expect(await ws.prepare('agent/6-f', 'main')).toMatchObject({ resumed: true, head: attempt1 })
    const result = await ws.rebase('main')
    expect(result).toMatchObject({ status: 'rebased', base })
    expect(await inRepo(ws, 'log', '--format=%s', `${base}..${result.head}`)).toBe('attempt 1')
  })

  it('deepens a shallow clone until the branch and its base share a commit', async () => {
    const old = await repo.cloneTo('old')
    await repo.git(old, 'checkout', '--quiet', '-b', 'agent/7-g')
    await repo.commit(old, { 'NOTES.md': 'from attempt 1\n' }, 'attempt 1')
    await repo.git(old, 'push', '--quiet', 'origin', 'agent/7-g')
    const base = await moveMain({ 'A.md': 'a\n' })
    // Only the agent branch's tip, without parents: no common commit with main until deepened.
    const shallow = await repo.cloneTo('shallow', { depth: 1, branch: 'agent/7-g' })
    const commands: string[] = []
    const { ws } = await openWorkspace(repo, shallow, { trace: l => commands.push(l) })
    expect((await ws.prepare('agent/7-g', 'main')).resumed).toBe(true)

    const result = await ws.rebase('main')
    expect(result).toMatchObject({ status: 'rebased', base })
    expect(commands.some(c => c.includes('--deepen=100'))).toBe(true)
    expect(await inRepo(ws, 'log', '--format=%s', `${base}..${result.head}`)).toBe('attempt 1')
  })
})
