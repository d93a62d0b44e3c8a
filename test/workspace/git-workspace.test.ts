import { spawn, type SpawnOptions } from 'node:child_process'
import { existsSync } from 'node:fs'
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GuardError } from '../../src/errors.js'
import { createGitWorkspace, type GitWorkspaceOptions } from '../../src/workspace/git-workspace.js'
import { createGitRepo, type GitRepo } from '../helpers/git-repo.js'

const identity = { name: 'nightshift[bot]', email: 'nightshift@example.com' }

let repo: GitRepo
beforeEach(async () => {
  repo = await createGitRepo({ files: { 'README.md': '# sample\n', 'src/app.js': 'export const x = 1\n' } })
})
afterEach(async () => {
  await repo.cleanup()
})

function workspace(extra: Partial<GitWorkspaceOptions> = {}) {
  const calls: string[][] = []
  const lines: string[] = []
  const ws = createGitWorkspace({
    dir: repo.clone,
    token: 'ghs_secretTokenValue123',
    identity,
    branchPrefix: 'agent/',
    env: repo.env,
    log: l => lines.push(l),
    spawn: (cmd: string, args: string[], options: SpawnOptions) => {
      calls.push(args)
      return spawn(cmd, args, options)
    },
    ...extra
  })
  return { ws, calls, lines }
}

describe('prepare', () => {
  it('creates the branch from the newest base when the remote has no such branch', async () => {
    const other = await repo.cloneTo('other')
    const newest = await repo.commit(other, { 'NEWS.md': 'moved\n' }, 'base moves')
    await repo.git(other, 'push', '--quiet', 'origin', 'main')

    const { ws, lines } = workspace()
    const result = await ws.prepare('agent/7-fix', 'main')
    expect(result).toEqual({ resumed: false, head: newest })
    expect(await repo.git(repo.clone, 'symbolic-ref', 'HEAD')).toBe('refs/heads/agent/7-fix')
    expect(lines).toContain(`Created branch agent/7-fix at ${newest.slice(0, 12)}`)
  })

  it('resumes a branch that already exists on the remote, keeping its commits', async () => {
    const other = await repo.cloneTo('other')
    await repo.git(other, 'checkout', '--quiet', '-b', 'agent/7-fix')
    const earlier = await repo.commit(other, { 'src/app.js': 'export const x = 2\n' }, 'attempt 1')
    await repo.git(other, 'push', '--quiet', 'origin', 'agent/7-fix')

    const { ws } = workspace()
    expect(await ws.prepare('agent/7-fix', 'main')).toEqual({ resumed: true, head: earlier })
    expect(await readFile(join(repo.clone, 'src/app.js'), 'utf8')).toBe('export const x = 2\n')
    // The next push is a fast-forward of the resumed branch.
    await writeFile(join(repo.clone, 'src/app.js'), 'export const x = 3\n')
    const sha = await ws.commit('attempt 2', {})
    expect(await ws.push()).toBe(sha)
    expect(await repo.git(repo.remote, 'rev-parse', 'agent/7-fix')).toBe(sha)
    expect(await repo.git(repo.remote, 'rev-parse', 'agent/7-fix~1')).toBe(earlier)
  })

  it('refuses a branch outside the agent prefix before any git command runs', async () => {
    const { ws, calls } = workspace()
    await expect(ws.prepare('main', 'main')).rejects.toThrow(GuardError)
    await expect(ws.prepare('agent/x:refs/heads/main', 'main')).rejects.toThrow(/special/)
    expect(calls).toEqual([])
  })
})

describe('changes, guard and discard', () => {
  it('lists added, modified, deleted and renamed files, untracked included and ignored excluded', async () => {
    await repo.commit(repo.clone, { '.gitignore': 'build/\n', 'docs/old name.md': 'a\nb\nc\nd\n' }, 'more')
    await repo.git(repo.clone, 'push', '--quiet', 'origin', 'main')
    const { ws } = workspace()
    await ws.prepare('agent/1-x', 'main')
    await writeFile(join(repo.clone, 'README.md'), '# changed\n')
    await writeFile(join(repo.clone, 'new file.txt'), 'new\n')
    await mkdir(join(repo.clone, 'build'))
    await writeFile(join(repo.clone, 'build/out.js'), 'ignored\n')
    await repo.git(repo.clone, 'mv', 'docs/old name.md', 'docs/new name.md')
    await repo.git(repo.clone, 'rm', '--quiet', 'src/app.js')
    const indexBefore = await repo.git(repo.clone, 'diff', '--cached', '--name-status')

    const changes = await ws.changes()
    expect(changes.sort((a, b) => (a.path < b.path ? -1 : 1))).toEqual([
      { path: 'README.md', status: 'modified' },
      { path: 'docs/new name.md', status: 'renamed', from: 'docs/old name.md' },
      { path: 'new file.txt', status: 'added' },
      { path: 'src/app.js', status: 'deleted' }
    ])
    // The real index is as the agent left it.
    expect(await repo.git(repo.clone, 'diff', '--cached', '--name-status')).toBe(indexBefore)
  })

  it('refuses a workflow edit through the guard and discards it, keeping the other changes', async () => {
    await repo.commit(repo.clone, { '.github/workflows/ci.yml': 'on: push\n' }, 'ci')
    await repo.git(repo.clone, 'push', '--quiet', 'origin', 'main')
    const { ws } = workspace()
    await ws.prepare('agent/2-y', 'main')
    await writeFile(join(repo.clone, '.github/workflows/ci.yml'), 'on: push\njobs: {}\n')
    await writeFile(join(repo.clone, '.github/workflows/evil.yml'), 'on: push\n')
    await writeFile(join(repo.clone, 'src/app.js'), 'export const x = 5\n')

    const report = await ws.guard(['.github/workflows/**'])
    expect(report.refused.map(r => r.path).sort()).toEqual([
      '.github/workflows/ci.yml',
      '.github/workflows/evil.yml'
    ])
    await ws.discard(report.refused.map(r => r.path))
    expect(await ws.changes()).toEqual([{ path: 'src/app.js', status: 'modified' }])
    expect(await readFile(join(repo.clone, '.github/workflows/ci.yml'), 'utf8')).toBe('on: push\n')
    expect(existsSync(join(repo.clone, '.github/workflows/evil.yml'))).toBe(false)
    expect((await ws.guard(['.github/workflows/**'])).refused).toEqual([])
  })

  it('restores a tracked folder named as one path instead of deleting it', async () => {
    const { ws } = workspace()
    await ws.prepare('agent/3-dir', 'main')
    await writeFile(join(repo.clone, 'src/app.js'), 'export const x = 6\n')
    await writeFile(join(repo.clone, 'src/extra.js'), 'new\n')
    await writeFile(join(repo.clone, '*'), 'a file named star\n')
    await ws.discard(['src', '*'])
    expect(await readFile(join(repo.clone, 'src/app.js'), 'utf8')).toBe('export const x = 1\n')
    expect(existsSync(join(repo.clone, '*'))).toBe(false)
    expect(await ws.changes()).toEqual([{ path: 'src/extra.js', status: 'added' }])
  })

  it('refuses to discard paths outside the checkout', async () => {
    const { ws } = workspace()
    await ws.prepare('agent/3-z', 'main')
    await expect(ws.discard(['../outside'])).rejects.toThrow(GuardError)
    await expect(ws.discard(['/etc/passwd'])).rejects.toThrow(GuardError)
    await expect(ws.discard(['.git/config'])).rejects.toThrow(GuardError)
  })
})

describe('commit and push', () => {
  it('commits with trailers readable by git and returns null when nothing changed', async () => {
    const { ws } = workspace({ coAuthor: 'Octo Cat <octocat@example.com>' })
    await ws.prepare('agent/4-t', 'main')
    expect(await ws.commit('nothing', { 'Nightshift-Attempt': '1' })).toBeNull()
    await writeFile(join(repo.clone, 'src/app.js'), 'export const x = 9\n')
    const sha = await ws.commit('Fix #4: make x nine\n\n# not a comment', { 'Nightshift-Attempt': '2' })
    expect(sha).toMatch(/^[0-9a-f]{40}$/)
    const trailers = await repo.git(repo.clone, 'log', '-1', '--format=%(trailers:unfold)')
    expect(trailers).toBe('Nightshift-Attempt: 2\nCo-authored-by: Octo Cat <octocat@example.com>')
    expect(await repo.git(repo.clone, 'log', '-1', '--format=%an <%ae>|%cn')).toBe(
      'nightshift[bot] <nightshift@example.com>|nightshift[bot]'
    )
    expect(await repo.git(repo.clone, 'log', '-1', '--format=%B')).toContain('# not a comment')
    // The identity was passed per command, never written to config.
    expect(await readFile(join(repo.clone, '.git/config'), 'utf8')).not.toMatch(/nightshift@example.com/)
  })

  it('pushes to the agent branch only, with hooks disabled and the token never in argv', async () => {
    const { ws, calls } = workspace()
    await ws.prepare('agent/5-p', 'main')
    // A hook the agent planted would run with the push's environment (and its token).
    const marker = join(repo.root, 'hook-ran')
    await writeFile(join(repo.clone, '.git/hooks/pre-push'), `#!/bin/sh\nenv > ${marker}\n`, { mode: 0o755 })
    await writeFile(join(repo.clone, '.git/hooks/pre-commit'), `#!/bin/sh\nenv > ${marker}\n`, {
      mode: 0o755
    })
    await writeFile(join(repo.clone, 'src/app.js'), 'export const x = 10\n')
    const sha = await ws.commit('attempt', {})
    expect(await ws.push()).toBe(sha)
    expect(await repo.git(repo.remote, 'rev-parse', 'refs/heads/agent/5-p')).toBe(sha)
    expect(await repo.git(repo.remote, 'rev-parse', 'refs/heads/main')).not.toBe(sha)
    expect(existsSync(marker)).toBe(false)
    expect(calls.some(args => args.includes('push'))).toBe(true)
    for (const args of calls) expect(args.join(' ')).not.toMatch(/ghs_secretTokenValue123|eC1hY2Nlc3M/)
    expect(await readFile(join(repo.clone, '.git/config'), 'utf8')).not.toMatch(/secretToken|extraheader/i)
  })

  it('refuses to push before a branch was prepared, without running git push', async () => {
    const { ws, calls } = workspace()
    await expect(ws.push()).rejects.toThrow(/no task branch was prepared/)
    expect(calls).toEqual([])
  })

  it('rejects a push when someone else moved the branch, and does not overwrite it', async () => {
    const { ws } = workspace()
    await ws.prepare('agent/6-r', 'main')
    await writeFile(join(repo.clone, 'src/app.js'), 'export const x = 11\n')
    await ws.commit('attempt 1', {})
    await ws.push()
    const other = await repo.cloneTo('other', { branch: 'agent/6-r' })
    const theirs = await repo.commit(other, { 'THEIRS.md': 'x\n' }, 'human fix')
    await repo.git(other, 'push', '--quiet', 'origin', 'agent/6-r')

    await writeFile(join(repo.clone, 'src/app.js'), 'export const x = 12\n')
    await ws.commit('attempt 2', {})
    await expect(ws.push()).rejects.toMatchObject({ name: 'PushRejectedError', reason: 'rejected' })
    expect(await repo.git(repo.remote, 'rev-parse', 'agent/6-r')).toBe(theirs)
  })

  it('ignores a pushurl the agent wrote into .git/config after prepare', async () => {
    const { ws } = workspace()
    await ws.prepare('agent/8-u', 'main')
    const decoy = join(repo.root, 'decoy.git')
    await repo.git(repo.root, 'init', '--quiet', '--bare', decoy)
    await repo.git(repo.clone, 'remote', 'set-url', '--push', 'origin', `file://${decoy}`)
    await repo.git(repo.clone, 'remote', 'set-url', 'origin', `file://${decoy}`)
    await writeFile(join(repo.clone, 'src/app.js'), 'export const x = 13\n')
    const sha = await ws.commit('attempt', {})
    await ws.push()
    expect(await repo.git(repo.remote, 'rev-parse', 'agent/8-u')).toBe(sha)
    await expect(repo.git(decoy, 'rev-parse', '--verify', 'agent/8-u')).rejects.toThrow()
  })
})

describe('the agent cannot turn .git into a way to run code in the action', () => {
  it('puts back a .git/config the agent changed, so its clean filter never runs', async () => {
    const { ws, lines } = workspace()
    await ws.prepare('agent/11-cfg', 'main')
    const config = join(repo.clone, '.git/config')
    const before = await readFile(config, 'utf8')
    const marker = join(repo.root, 'filter-ran')
    await writeFile(join(repo.clone, '.gitattributes'), '* filter=evil\n')
    await appendFile(config, `[filter "evil"]\n\tclean = "env > ${marker} && cat"\n`)
    // Control: a plain git command in this state does run the agent's program.
    await repo.git(repo.clone, 'add', '--all')
    expect(existsSync(marker)).toBe(true)
    await repo.git(repo.clone, 'reset', '--quiet')
    // (reset may re-run the filter on racily clean files: remove the marker only now)
    await rm(marker, { force: true })

    await writeFile(join(repo.clone, 'src/app.js'), 'export const x = 14\n')
    expect(await ws.commit('attempt', {})).toMatch(/^[0-9a-f]{40}$/)
    expect(existsSync(marker)).toBe(false)
    expect(await readFile(config, 'utf8')).toBe(before)
    expect(lines.some(l => l.startsWith('Restored ') && l.includes('.git/config'))).toBe(true)
  })

  it('scrubs persisted credentials and keeps the scrubbed config from then on', async () => {
    const config = join(repo.clone, '.git/config')
    const header = `AUTHORIZATION: basic ${Buffer.from('x-access-token:ghs_persistedByCheckout').toString('base64')}`
    await appendFile(config, `[http "https://github.com/"]\n\textraheader = ${header}\n`)
    const { ws, lines } = workspace()
    await ws.prepare('agent/12-scrub', 'main')
    await ws.scrubCredentials()
    expect(await readFile(config, 'utf8')).not.toContain('extraheader')
    expect(lines.some(l => l.startsWith('Removed persisted credentials:'))).toBe(true)
    await writeFile(join(repo.clone, 'src/app.js'), 'export const x = 15\n')
    await ws.commit('attempt', {})
    expect(await readFile(config, 'utf8')).not.toContain('extraheader')
  })
})
