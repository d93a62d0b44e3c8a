import { existsSync, lstatSync } from 'node:fs'
import { appendFile, link, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GuardError } from '../../src/errors.js'
import { createGitRepo, type GitRepo } from '../helpers/git-repo.js'
import { releaseAll } from '../helpers/sandbox.js'
import { attempt, openWorkspace, TOKEN } from './workspace-fixtures.js'

let repo: GitRepo
beforeEach(async () => {
  repo = await createGitRepo({
    files: {
      'README.md': '# sample\n',
      'src/app.js': 'export const x = 1\n',
      '.github/workflows/ci.yml': 'on: push\n',
      '.gitignore': 'build/\n'
    }
  })
})
afterEach(async () => {
  await releaseAll()
  await repo.cleanup()
})

const w = (p: string) => join(repo.clone, p)
const sorted = <T extends { path: string }>(xs: T[]) => [...xs].sort((a, b) => (a.path < b.path ? -1 : 1))

describe('prepare and hand over', () => {
  it('creates the branch from the newest base, keeps the real .git out of the tree and gives the agent a one-commit copy', async () => {
    const other = await repo.cloneTo('other')
    const newest = await repo.commit(other, { 'NEWS.md': 'moved\n' }, 'base moves')
    await repo.git(other, 'push', '--quiet', 'origin', 'main')

    const { ws, lines, sandbox } = await openWorkspace(repo, repo.clone)
    const result = await ws.prepare('agent/7-fix', 'main')
    expect(result).toEqual({ resumed: false, head: newest, sandbox: sandbox.report })
    expect(lines).toContain(`Created branch agent/7-fix at ${newest.slice(0, 12)}`)
    // The repository lives in the private folder now; the checkout has no .git until the hand-over.
    expect(existsSync(w('.git'))).toBe(false)
    expect(ws.repository).toMatch(/private-\d+\/repo\.git$/)

    await ws.handOver()
    // The agent's tree is the branch head (the new file from main is written into it).
    expect(await readFile(w('NEWS.md'), 'utf8')).toBe('moved\n')
    expect(await repo.git(repo.clone, 'rev-parse', 'HEAD')).toBe(newest)
    expect(await repo.git(repo.clone, 'rev-list', '--count', 'HEAD')).toBe('1')
    expect(await repo.git(repo.clone, 'status', '--porcelain')).toBe('')
    expect(await repo.git(repo.clone, 'symbolic-ref', '--short', 'HEAD')).toBe('agent/7-fix')
    expect(await repo.git(repo.clone, 'rev-parse', 'origin/main')).toBe(newest)
    const config = await readFile(w('.git/config'), 'utf8')
    expect(config).toContain(repo.remoteUrl)
    expect(config).not.toMatch(/extraheader|secretToken/i)
  })

  it('resumes a branch that already exists on the remote, bringing its files into the tree', async () => {
    const other = await repo.cloneTo('other')
    await repo.git(other, 'checkout', '--quiet', '-b', 'agent/7-fix')
    const earlier = await repo.commit(other, { 'src/app.js': 'export const x = 2\n' }, 'attempt 1')
    await repo.git(other, 'push', '--quiet', 'origin', 'agent/7-fix')

    const { ws } = await openWorkspace(repo, repo.clone)
    expect(await ws.prepare('agent/7-fix', 'main')).toMatchObject({ resumed: true, head: earlier })
    await attempt(ws, () => writeFile(w('src/app.js'), 'export const x = 3\n'))
    expect(await readFile(w('src/app.js'), 'utf8')).toBe('export const x = 3\n')
    const sha = await ws.commit('attempt 2', {})
    expect(await ws.push()).toBe(sha)
    expect(await repo.git(repo.remote, 'rev-parse', 'agent/7-fix~1')).toBe(earlier)
  })

  it('refuses a branch outside the agent prefix before any git command runs', async () => {
    const { ws, calls } = await openWorkspace(repo, repo.clone)
    await expect(ws.prepare('main', 'main')).rejects.toThrow(GuardError)
    await expect(ws.prepare('agent/x:refs/heads/main', 'main')).rejects.toThrow(/special/)
    expect(calls).toEqual([])
    expect(existsSync(w('.git'))).toBe(true)
  })

  it('gives the checkout back at the end: the real .git in place, on the branch, the tree at its head', async () => {
    const { ws } = await openWorkspace(repo, repo.clone)
    await ws.prepare('agent/8-end', 'main')
    await attempt(ws, async () => {
      await writeFile(w('src/app.js'), 'export const x = 8\n')
      await writeFile(w('.github/workflows/ci.yml'), 'on: push\njobs: {}\n')
    })
    const sha = await ws.commit('attempt', {})
    await ws.close()
    expect(await repo.git(repo.clone, 'rev-parse', 'HEAD')).toBe(sha)
    expect(await repo.git(repo.clone, 'rev-list', '--count', 'HEAD')).toBe('2')
    expect(await repo.git(repo.clone, 'status', '--porcelain')).toBe('')
    expect(await readFile(w('.github/workflows/ci.yml'), 'utf8')).toBe('on: push\n')
  })
})

describe('snapshot: the tree in the action’s own index, judged', () => {
  it('lists added, modified, deleted and renamed files, untracked included and ignored excluded', async () => {
    await repo.commit(repo.clone, { 'docs/old name.md': 'a\nb\nc\nd\n' }, 'more')
    await repo.git(repo.clone, 'push', '--quiet', 'origin', 'main')
    const { ws } = await openWorkspace(repo, repo.clone)
    await ws.prepare('agent/1-x', 'main')
    const snap = await attempt(ws, async () => {
      await writeFile(w('README.md'), '# changed\n')
      await writeFile(w('new file.txt'), 'new\n')
      await mkdir(w('build'))
      await writeFile(w('build/out.js'), 'ignored\n')
      await repo.git(repo.clone, 'mv', 'docs/old name.md', 'docs/new name.md')
      await rm(w('src/app.js'))
    })
    expect(sorted(snap.changes)).toEqual([
      { path: 'README.md', status: 'modified' },
      { path: 'docs/new name.md', status: 'renamed', from: 'docs/old name.md' },
      { path: 'new file.txt', status: 'added' },
      { path: 'src/app.js', status: 'deleted' }
    ])
    expect(snap.guard).toEqual({ refused: [], flagged: [] })
  })

  it('refuses a workflow edit and a new workflow, commits the rest, and puts the tree back before the next attempt', async () => {
    const { ws } = await openWorkspace(repo, repo.clone)
    await ws.prepare('agent/2-y', 'main')
    const snap = await attempt(ws, async () => {
      await writeFile(w('.github/workflows/ci.yml'), 'on: push\njobs: {}\n')
      await writeFile(w('.github/workflows/evil.yml'), 'on: push\n')
      await writeFile(w('src/app.js'), 'export const x = 5\n')
    })
    expect(snap.guard.refused.map(r => r.path).sort()).toEqual([
      '.github/workflows/ci.yml',
      '.github/workflows/evil.yml'
    ])
    expect(snap.changes).toEqual([{ path: 'src/app.js', status: 'modified' }])
    const sha = await ws.commit('attempt', {})
    expect(await repo.git(repo.remote, 'cat-file', '-t', 'main')).toBe('commit')
    await ws.push()
    expect(await repo.git(repo.remote, 'diff', '--name-only', 'main', sha!)).toBe('src/app.js')
    await ws.handOver()
    expect(await readFile(w('.github/workflows/ci.yml'), 'utf8')).toBe('on: push\n')
    expect(existsSync(w('.github/workflows/evil.yml'))).toBe(false)
    expect(await readFile(w('src/app.js'), 'utf8')).toBe('export const x = 5\n')
  })

  it('refuses both sides of a rename out of a protected path', async () => {
    await repo.commit(
      repo.clone,
      {
        '.github/workflows/ci.yml':
          'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n'
      },
      'a real workflow'
    )
    await repo.git(repo.clone, 'push', '--quiet', 'origin', 'main')
    const original = await readFile(w('.github/workflows/ci.yml'), 'utf8')
    const { ws } = await openWorkspace(repo, repo.clone)
    await ws.prepare('agent/3-mv', 'main')
    const snap = await attempt(ws, async () => {
      await mkdir(w('docs'))
      await writeFile(w('docs/ci.yml'), original.replace('npm test', 'npm test || true'))
      await rm(w('.github/workflows/ci.yml'))
    })
    expect(snap.guard.refused.map(r => r.path).sort()).toEqual(['.github/workflows/ci.yml', 'docs/ci.yml'])
    expect(snap.changes).toEqual([])
    expect(await ws.commit('attempt', {})).toBeNull()
    await ws.handOver()
    expect(await readFile(w('.github/workflows/ci.yml'), 'utf8')).toBe(original)
    expect(existsSync(w('docs/ci.yml'))).toBe(false)
  })

  it('refuses case-folded protected paths, links out of the tree or into protected paths, hard links and nested repositories', async () => {
    const { ws } = await openWorkspace(repo, repo.clone)
    await ws.prepare('agent/4-odd', 'main')
    const outside = join(repo.root, 'outside.txt')
    await writeFile(outside, 'not the agent’s\n')
    const snap = await attempt(ws, async () => {
      await mkdir(w('.GitHub/Workflows'), { recursive: true })
      await writeFile(w('.GitHub/Workflows/ci.yml'), 'on: push\n')
      await symlink('/etc/passwd', w('passwd'))
      await symlink('../.github/workflows/ci.yml', w('src/ci.yml'))
      await symlink('app.js', w('src/alias.js'))
      await link(outside, w('hard.txt'))
      await mkdir(w('vendor/lib'), { recursive: true })
      await repo.git(w('vendor/lib'), 'init', '--quiet')
      await repo.commit(w('vendor/lib'), { 'x.txt': 'x\n' }, 'nested')
    })
    expect(snap.guard.refused.map(r => r.path).sort()).toEqual([
      '.GitHub/Workflows/ci.yml',
      'hard.txt',
      'passwd',
      'src/ci.yml',
      'vendor/lib'
    ])
    // A link inside the tree to an ordinary file is fine.
    expect(snap.changes).toEqual([{ path: 'src/alias.js', status: 'added' }])
    const sha = await ws.commit('attempt', {})
    expect(
      await repo.git(
        repo.root,
        `--git-dir=${ws.repository!}`,
        'ls-tree',
        '-r',
        '--name-only',
        sha!,
        '--',
        'src'
      )
    ).toBe('src/alias.js\nsrc/app.js')
  })

  it('never reads the agent’s .git: its fsmonitor, hooks, filters, commondir and alternates do nothing', async () => {
    const { ws } = await openWorkspace(repo, repo.clone)
    await ws.prepare('agent/5-git', 'main')
    const marker = join(repo.root, 'ran')
    const program = `#!/bin/sh\necho "$@" >> ${marker}\ncat\n`
    const snap = await attempt(ws, async () => {
      await writeFile(join(repo.root, 'evil.sh'), program, { mode: 0o755 })
      const cfg = w('.git/config')
      await appendFile(
        cfg,
        `[core]\n\tfsmonitor = ${join(repo.root, 'evil.sh')}\n\thooksPath = ${repo.root}\n[filter "evil"]\n\tclean = ${join(repo.root, 'evil.sh')}\n[push]\n\tfollowTags = true\n`
      )
      await writeFile(w('.gitattributes'), '* filter=evil\n')
      await writeFile(w('.git/commondir'), join(repo.root, 'decoy.git'))
      await writeFile(w('src/app.js'), 'export const x = 6\n')
    })
    expect(sorted(snap.changes).map(c => c.path)).toEqual(['.gitattributes', 'src/app.js'])
    await ws.commit('attempt', {})
    await ws.push()
    expect(existsSync(marker)).toBe(false)
  })

  it('judges a large file by its numbers without reading its diff', async () => {
    const { ws, calls } = await openWorkspace(repo, repo.clone)
    await ws.prepare('agent/6-big', 'main')
    const line = `${'x'.repeat(99)}\n`
    const snap = await attempt(ws, () => writeFile(w('data.txt'), line.repeat(200_000)))
    expect(snap.changes).toEqual([{ path: 'data.txt', status: 'added' }])
    // 200,000 lines: counted by --numstat, never asked for as a patch.
    expect(calls.some(args => args.includes('-p') && args.includes('data.txt'))).toBe(false)
    expect(calls.some(args => args.includes('--numstat'))).toBe(true)
  })
})

describe('commit and push', () => {
  it('commits exactly the snapshot, with trailers readable by git, and returns null when nothing changed', async () => {
    const { ws } = await openWorkspace(repo, repo.clone, { coAuthor: 'Octo Cat <octocat@example.com>' })
    await ws.prepare('agent/4-t', 'main')
    await attempt(ws, async () => undefined)
    expect(await ws.commit('nothing', { 'Nightshift-Attempt': '1' })).toBeNull()
    await attempt(ws, () => writeFile(w('src/app.js'), 'export const x = 9\n'))
    // Written after the snapshot: not part of this commit.
    await writeFile(w('late.txt'), 'after the freeze\n')
    const sha = await ws.commit('Fix #4: make x nine\n\n# not a comment', { 'Nightshift-Attempt': '2' })
    const git = (...args: string[]) => repo.git(repo.root, `--git-dir=${ws.repository!}`, ...args)
    expect(await git('show', '--name-only', '--format=', sha!)).toBe('src/app.js')
    expect(await git('log', '-1', '--format=%(trailers:unfold)', sha!)).toBe(
      'Nightshift-Attempt: 2\nCo-authored-by: Octo Cat <octocat@example.com>'
    )
    expect(await git('log', '-1', '--format=%an <%ae>|%cn', sha!)).toBe(
      'nightshift[bot] <nightshift@example.com>|nightshift[bot]'
    )
    expect(await git('log', '-1', '--format=%B', sha!)).toContain('# not a comment')
    expect(await readFile(join(ws.repository!, 'config'), 'utf8')).not.toMatch(/nightshift@example.com/)
    await expect(ws.commit('again', {})).rejects.toThrow(/call snapshot\(\)/)
  })

  it('pushes one commit to the agent branch only: not the agent’s own commits or tags, never the token in argv', async () => {
    const { ws, calls } = await openWorkspace(repo, repo.clone)
    await ws.prepare('agent/5-p', 'main')
    await attempt(ws, async () => {
      await writeFile(w('src/app.js'), 'export const x = 10\n')
      await repo.git(repo.clone, 'commit', '--quiet', '-am', 'the agent commits itself')
      await repo.git(repo.clone, 'tag', 'v9.9.9')
      await repo.git(repo.clone, 'config', 'push.followTags', 'true')
      await repo.git(repo.clone, 'checkout', '--quiet', '-b', 'agent/other')
    })
    const sha = await ws.commit('attempt', {})
    expect(await ws.push()).toBe(sha)
    const refs = await repo.git(repo.remote, 'for-each-ref', '--format=%(refname)')
    expect(refs.split('\n').sort()).toEqual(['refs/heads/agent/5-p', 'refs/heads/main'])
    expect(await repo.git(repo.remote, 'log', '--format=%s', 'main..agent/5-p')).toBe('attempt')
    for (const args of calls) expect(args.join(' ')).not.toMatch(/ghs_secretTokenValue123|eC1hY2Nlc3M/)
    expect(await readFile(join(ws.repository!, 'config'), 'utf8')).not.toMatch(/secretToken|extraheader/i)
  })

  it('refuses to push before a branch was prepared, without running git push', async () => {
    const { ws, calls } = await openWorkspace(repo, repo.clone)
    await expect(ws.push()).rejects.toThrow(/no task branch was prepared/)
    expect(calls).toEqual([])
  })

  it('rejects a push when someone else moved the branch, and does not overwrite it', async () => {
    const { ws } = await openWorkspace(repo, repo.clone)
    await ws.prepare('agent/6-r', 'main')
    await attempt(ws, () => writeFile(w('src/app.js'), 'export const x = 11\n'))
    await ws.commit('attempt 1', {})
    await ws.push()
    const other = await repo.cloneTo('other', { branch: 'agent/6-r' })
    const theirs = await repo.commit(other, { 'THEIRS.md': 'x\n' }, 'human fix')
    await repo.git(other, 'push', '--quiet', 'origin', 'agent/6-r')

    await attempt(ws, () => writeFile(w('src/app.js'), 'export const x = 12\n'))
    await ws.commit('attempt 2', {})
    await expect(ws.push()).rejects.toMatchObject({ name: 'PushRejectedError', reason: 'rejected' })
    expect(await repo.git(repo.remote, 'rev-parse', 'agent/6-r')).toBe(theirs)
  })

  it('ignores the remote URL and pushurl the agent wrote into its own .git', async () => {
    const { ws } = await openWorkspace(repo, repo.clone)
    await ws.prepare('agent/8-u', 'main')
    const decoy = join(repo.root, 'decoy.git')
    await repo.git(repo.root, 'init', '--quiet', '--bare', decoy)
    await attempt(ws, async () => {
      await repo.git(repo.clone, 'remote', 'set-url', '--push', 'origin', `file://${decoy}`)
      await repo.git(repo.clone, 'remote', 'set-url', 'origin', `file://${decoy}`)
      await writeFile(w('src/app.js'), 'export const x = 13\n')
    })
    const sha = await ws.commit('attempt', {})
    await ws.push()
    expect(await repo.git(repo.remote, 'rev-parse', 'agent/8-u')).toBe(sha)
    await expect(repo.git(decoy, 'rev-parse', '--verify', 'agent/8-u')).rejects.toThrow()
  })

  it('scrubs persisted credentials from the action’s repository', async () => {
    const header = `AUTHORIZATION: basic ${Buffer.from('x-access-token:ghs_persistedByCheckout').toString('base64')}`
    await appendFile(w('.git/config'), `[http "https://github.com/"]\n\textraheader = ${header}\n`)
    const { ws, lines } = await openWorkspace(repo, repo.clone)
    await ws.prepare('agent/12-scrub', 'main')
    await ws.scrubCredentials()
    expect(await readFile(join(ws.repository!, 'config'), 'utf8')).not.toContain('extraheader')
    expect(lines.some(l => l.startsWith('Removed persisted credentials:'))).toBe(true)
    await ws.handOver()
    expect(await readFile(w('.git/config'), 'utf8')).not.toContain('extraheader')
    expect(lstatSync(w('.git')).isDirectory()).toBe(true)
    expect(TOKEN).not.toBe('')
  })
})
