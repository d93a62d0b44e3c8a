/**
 * A repository config that names programs (fsmonitor, hooks, an external diff, filter and diff drivers
 * picked by .gitattributes, a pager) never gets one started through the action's git runner: not by the
 * agent's status or search on its own `.git`, not by the credential scrub, not by the action's own git.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { scrubCredentials } from '../../src/workspace/credentials.js'
import { agentGit, changedFiles, grep } from '../../src/workspace/agent-git.js'
import { Git } from '../../src/workspace/git.js'
import { programOverrides } from '../../src/workspace/git-hardening.js'
import { releaseAll, testSandbox } from '../helpers/sandbox.js'
import { gitEnv, makeRepo, type TempRepo } from './sandbox-fixtures.js'

let repo: TempRepo | null = null
afterEach(async () => {
  await releaseAll()
  repo?.cleanup()
  repo = null
})

/** A repository whose config and attributes name `evil` everywhere git would start a program. */
function plantedRepo(): { repo: TempRepo; ran: () => string[] } {
  const r = makeRepo({ 'src/a.js': 'const a = 1\n', 'notes.txt': 'needle in a haystack\n' })
  const drop = path.join(path.dirname(r.dir), 'drop')
  mkdirSync(drop)
  const evil = path.join(drop, 'evil.sh')
  writeFileSync(evil, `#!/bin/bash\necho "$(basename "$0") $*" >> "${drop}/ran"\ncat\n`)
  chmodSync(evil, 0o755)
  const hooks = path.join(drop, 'hooks')
  mkdirSync(hooks)
  for (const h of ['post-index-change', 'pre-commit', 'reference-transaction', 'post-checkout']) {
    writeFileSync(path.join(hooks, h), `#!/bin/bash\necho "hook ${h}" >> "${drop}/ran"\n`)
    chmodSync(path.join(hooks, h), 0o755)
  }
  r.git('config', 'core.fsmonitor', evil)
  r.git('config', 'core.hooksPath', hooks)
  r.git('config', 'diff.external', evil)
  r.git('config', 'core.pager', evil)
  // A subsection with "=" in it: `-c key=value` could not even name it.
  for (const name of ['x', 'a=b']) {
    r.git('config', `filter.${name}.clean`, evil)
    r.git('config', `filter.${name}.smudge`, evil)
    r.git('config', `filter.${name}.process`, evil)
    r.git('config', `filter.${name}.required`, 'true')
  }
  r.git('config', 'diff.x.textconv', evil)
  r.git('config', 'diff.x.command', evil)
  r.write('.gitattributes', '*.js filter=x diff=x\n*.txt filter=a=b diff=x\n')
  r.write('src/a.js', 'const a = 2\n')
  r.write('src/new.js', 'const needle = 3\n')
  const ran = () =>
    existsSync(path.join(drop, 'ran'))
      ? readFileSync(path.join(drop, 'ran'), 'utf8').split('\n').filter(Boolean)
      : []
  return { repo: r, ran }
}

describe('a config that names programs', () => {
  it('starts none of them through the agent’s status, in its sandbox, and the status is still right', async () => {
    const planted = plantedRepo()
    repo = planted.repo
    const sandbox = await testSandbox()
    const git = agentGit(repo.dir, sandbox, { PATH: process.env.PATH!, HOME: repo.home })
    expect(await changedFiles(git)).toEqual(['.gitattributes', 'src/a.js', 'src/new.js'])
    expect(planted.ran()).toEqual([])
  })

  it('starts none of them through the agent’s search, tracked and untracked files found', async () => {
    const planted = plantedRepo()
    repo = planted.repo
    const sandbox = await testSandbox()
    const git = agentGit(repo.dir, sandbox, { PATH: process.env.PATH!, HOME: repo.home })
    const found = await grep(git, 'needle', '.', { regex: false, timeoutMs: 30_000, maxOutputBytes: 100_000 })
    expect(found).toEqual({
      lines: ['notes.txt:1:needle in a haystack', 'src/new.js:1:const needle = 3'],
      error: null,
      truncated: false
    })
    expect(planted.ran()).toEqual([])
  })

  it('starts none of them through the credential scrub', async () => {
    const planted = plantedRepo()
    repo = planted.repo
    repo.git(
      'config',
      'http.https://github.com/.extraheader',
      'AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hz'
    )
    expect(await scrubCredentials(repo.dir)).toEqual(['.git/config: http.https://github.com/.extraheader'])
    expect(planted.ran()).toEqual([])
  })

  it('starts none of the fixed ones (fsmonitor, hooks, external diff) through the action’s own git', async () => {
    const planted = plantedRepo()
    repo = planted.repo
    // The action's own repository keeps its filters: they are the checkout's (git-lfs), set before any
    // agent ran, and the repository is out of the agent's reach. Here none is assigned by attributes.
    repo.write('.gitattributes', '')
    const git = new Git({ dir: repo.dir, env: gitEnv(repo.home) })
    await git.exec(['status', '--porcelain'])
    // An empty diff.external makes git refuse to diff rather than start the configured one.
    await git.exec(['diff', 'HEAD'], { allowFailure: true })
    await git.exec(['add', '-A'])
    await git.exec(['commit', '-q', '-m', 'through the runner'])
    expect(planted.ran()).toEqual([])
  })

  it('without the overrides, the same status would have started them (the planted repository works)', () => {
    const planted = plantedRepo()
    repo = planted.repo
    // It fails too: the planted process filter does not speak git's filter protocol.
    expect(() => repo!.git('status', '--porcelain')).toThrow(/clean filter '(x|a=b)' failed/)
    expect(planted.ran().length).toBeGreaterThan(0)
  })

  it('names every program key it finds, and lets a filter take files as they are', () => {
    expect(
      programOverrides(
        ['core.bare', 'filter.a=b.process', 'diff.x.textconv', 'core.sshcommand', 'user.name', ''].join('\0')
      )
    ).toEqual([
      ['filter.a=b.process', ''],
      ['filter.a=b.required', 'false'],
      ['diff.x.textconv', ''],
      ['core.sshcommand', '']
    ])
  })
})
