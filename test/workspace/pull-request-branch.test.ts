/**
 * `fix-ci-push: branch`: the workspace may push to one pull request's own branch, and never rewrites
 * it. Real repositories: a bare remote, the action's clone, and a human's clone that races it.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GuardError } from '../../src/errors.js'
import type { GitWorkspace } from '../../src/workspace/git-workspace.js'
import { createGitRepo, type GitRepo } from '../helpers/git-repo.js'
import { releaseAll } from '../helpers/sandbox.js'
import { attempt, openWorkspace } from './workspace-fixtures.js'

let repo: GitRepo
let human: string
let start: string
beforeEach(async () => {
  repo = await createGitRepo({ files: { 'README.md': '# sample\n', 'src/app.js': 'export const x = 1\n' } })
  human = await repo.cloneTo('human')
  await repo.git(human, 'checkout', '--quiet', '-b', 'feature/login')
  start = await repo.commit(human, { 'src/app.js': 'export const x = 2\n' }, 'human work')
  await repo.git(human, 'push', '--quiet', 'origin', 'feature/login')
})
afterEach(async () => {
  await releaseAll()
  await repo.cleanup()
})

async function workspace(pullRequestBranch: string | null = 'feature/login'): Promise<GitWorkspace> {
  return (await openWorkspace(repo, repo.clone, { pullRequestBranch })).ws
}

/** One attempt that changes src/app.js, committed. */
async function agentCommit(ws: GitWorkspace, content: string): Promise<string> {
  await attempt(ws, () => writeFile(join(repo.clone, 'src/app.js'), content))
  return (await ws.commit('fix', {}))!
}

describe("a pull request's own branch", () => {
  it('is pushed on top of the head it started from, a fast-forward', async () => {
    const ws = await workspace()
    expect(await ws.prepare('feature/login', 'feature/login')).toMatchObject({ resumed: true, head: start })
    const sha = await agentCommit(ws, 'export const x = 3\n')
    expect(await ws.push()).toBe(sha)
    expect(await repo.git(repo.remote, 'rev-parse', 'feature/login')).toBe(sha)
    expect(await repo.git(repo.remote, 'rev-parse', 'feature/login~1')).toBe(start)
    // The final gate's "rebase" on the branch itself finds nothing to do.
    expect((await ws.rebase('feature/login')).status).toBe('up_to_date')
  })

  it('is never overwritten: a human push in between refuses the push, and the human commit stays', async () => {
    const ws = await workspace()
    await ws.prepare('feature/login', 'feature/login')
    await agentCommit(ws, 'export const x = 3\n')
    const theirs = await repo.commit(human, { 'NOTES.md': 'mine\n' }, 'human again')
    await repo.git(human, 'push', '--quiet', 'origin', 'feature/login')
    await expect(ws.push()).rejects.toMatchObject({ name: 'PushRejectedError', reason: 'rejected' })
    expect(await repo.git(repo.remote, 'rev-parse', 'feature/login')).toBe(theirs)
  })

  it('is not pushed when the human rewound it to an older commit (a fast-forward from there would undo them)', async () => {
    const ws = await workspace()
    await ws.prepare('feature/login', 'feature/login')
    await agentCommit(ws, 'export const x = 3\n')
    await repo.git(human, 'push', '--quiet', '--force', 'origin', 'feature/login~1:refs/heads/feature/login')
    const rewound = await repo.git(repo.remote, 'rev-parse', 'feature/login')
    await expect(ws.push()).rejects.toMatchObject({ name: 'PushRejectedError', reason: 'rejected' })
    expect(await repo.git(repo.remote, 'rev-parse', 'feature/login')).toBe(rewound)
  })

  it('is never rebased: a moved branch ends the round instead of rewriting the agent commits onto it', async () => {
    const ws = await workspace()
    await ws.prepare('feature/login', 'feature/login')
    await agentCommit(ws, 'export const x = 3\n')
    await ws.push()
    await repo.commit(human, { 'NOTES.md': 'mine\n' }, 'human again')
    await repo.git(human, 'pull', '--quiet', '--rebase', 'origin', 'feature/login')
    await repo.git(human, 'push', '--quiet', 'origin', 'feature/login')
    await expect(ws.rebase('feature/login')).rejects.toMatchObject({
      name: 'PushRejectedError',
      reason: 'rejected',
      message: expect.stringContaining('never rebased')
    })
  })

  it('must exist, and no other branch outside the prefix is allowed', async () => {
    await expect((await workspace('feature/gone')).prepare('feature/gone', 'main')).rejects.toThrow(
      /does not exist/
    )
    await expect((await workspace()).prepare('main', 'main')).rejects.toThrow(GuardError)
    await expect((await workspace(null)).prepare('feature/login', 'main')).rejects.toThrow(GuardError)
  })
})
