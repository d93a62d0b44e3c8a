import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { git } from './git-exec.js'
import { basicAuth, cloneWith, scratch } from './helpers.js'
import { SAMPLE_REPOSITORY, startSampleEmulator } from './sample.js'
import type { Emulator } from './server.js'

let emulator: Emulator
let tmp: Awaited<ReturnType<typeof scratch>>

beforeAll(async () => {
  ;({ emulator } = await startSampleEmulator())
  tmp = await scratch()
})

afterAll(async () => {
  await emulator?.close()
  await tmp?.done()
})

async function commit(dir: string, file: string, content: string) {
  await mkdir(join(dir, file, '..'), { recursive: true })
  await writeFile(join(dir, file), content)
  await git(['-C', dir, 'add', '-A'], { env: tmp.env })
  await git(['-C', dir, 'commit', '-q', '-m', `Change ${file}`], { env: tmp.env })
}

function push(dir: string, token: string | null, refspec: string) {
  return git([...(token ? basicAuth(token) : []), '-C', dir, 'push', 'origin', refspec], {
    env: tmp.env,
    allowFailure: true
  })
}

describe('git over smart HTTP', () => {
  test('clones with the token and not without it', async () => {
    const ok = await cloneWith(emulator, SAMPLE_REPOSITORY, emulator.token, join(tmp.dir, 'a'), tmp.env)
    expect(ok.code).toBe(0)
    const log = await git(['-C', join(tmp.dir, 'a'), 'log', '--format=%s'], { env: tmp.env })
    expect(log.stdout.trim()).toBe('Initial commit')
    const anonymous = await cloneWith(emulator, SAMPLE_REPOSITORY, null, join(tmp.dir, 'b'), tmp.env)
    expect(anonymous.code).not.toBe(0)
    expect(anonymous.stderr).toMatch(/could not read Username|Authentication failed|401/)
    const wrong = await cloneWith(emulator, SAMPLE_REPOSITORY, 'ghs_wrong', join(tmp.dir, 'c'), tmp.env)
    expect(wrong.code).not.toBe(0)
    const missing = await cloneWith(emulator, 'octo/missing', emulator.token, join(tmp.dir, 'd'), tmp.env)
    expect(missing.code).not.toBe(0)
  })

  test('pushes a branch with the token, refuses without it or with a read-only token', async () => {
    const dir = join(tmp.dir, 'a')
    await commit(dir, 'src/money.js', 'export const fixed = true\n')
    expect((await push(dir, null, 'HEAD:refs/heads/agent/1-fix')).code).not.toBe(0)
    const reader = emulator.addToken({ login: 'reader[bot]', scopes: { contents: 'read' } })
    const denied = await push(dir, reader, 'HEAD:refs/heads/agent/1-fix')
    expect(denied.code).not.toBe(0)
    expect(denied.stderr).toMatch(/403/)
    const ok = await push(dir, emulator.token, 'HEAD:refs/heads/agent/1-fix')
    expect(ok.stderr).toContain('agent/1-fix')
    expect(ok.code).toBe(0)
    const head = await git(['-C', dir, 'rev-parse', 'HEAD'], { env: tmp.env })
    const res = await fetch(`${emulator.apiUrl}/repos/${SAMPLE_REPOSITORY}/git/ref/heads/agent/1-fix`, {
      headers: { authorization: `token ${emulator.token}` }
    })
    expect(((await res.json()) as { object: { sha: string } }).object.sha).toBe(head.stdout.trim())
  })

  test('a push that changes .github/workflows is refused like GITHUB_TOKEN, allowed with the workflows permission', async () => {
    const dir = join(tmp.dir, 'a')
    await commit(dir, '.github/workflows/ci.yml', 'name: CI\non: workflow_dispatch\njobs: {}\n')
    const refused = await push(dir, emulator.token, 'HEAD:refs/heads/agent/2-ci')
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain(
      'refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission'
    )
    const pat = emulator.addToken({ login: 'maria-lopez', workflows: true })
    expect((await push(dir, pat, 'HEAD:refs/heads/agent/2-ci')).code).toBe(0)
  })

  test('the workflow guard cannot be dodged by reverting in a later commit or by deleting the file', async () => {
    const dir = join(tmp.dir, 'a')
    await git(['-C', dir, 'reset', '-q', '--hard', 'HEAD~1'], { env: tmp.env })
    const original = await git(['-C', dir, 'show', 'HEAD:.github/workflows/ci.yml'], { env: tmp.env })
    await commit(dir, '.github/workflows/ci.yml', 'name: Owned\n')
    await commit(dir, '.github/workflows/ci.yml', original.stdout)
    const sneaky = await push(dir, emulator.token, 'HEAD:refs/heads/agent/3-sneaky')
    expect(sneaky.code).not.toBe(0)
    expect(sneaky.stderr).toContain('without `workflows` permission')
    await git(['-C', dir, 'reset', '-q', '--hard', 'HEAD~2'], { env: tmp.env })
    await git(['-C', dir, 'rm', '-q', '.github/workflows/ci.yml'], { env: tmp.env })
    await git(['-C', dir, 'commit', '-q', '-m', 'Drop CI'], { env: tmp.env })
    const deleted = await push(dir, emulator.token, 'HEAD:refs/heads/agent/4-delete')
    expect(deleted.code).not.toBe(0)
    expect(deleted.stderr).toContain('without `workflows` permission')
    await git(['-C', dir, 'reset', '-q', '--hard', 'HEAD~1'], { env: tmp.env })
  })

  test('branch protection on the default branch: refused except for an admin', async () => {
    const dir = join(tmp.dir, 'a')
    emulator.protectDefaultBranch(SAMPLE_REPOSITORY, true)
    const refused = await push(dir, emulator.token, 'HEAD:refs/heads/main')
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain('GH006: Protected branch update failed for refs/heads/main.')
    const admin = emulator.addToken({ login: 'maria-lopez', admin: true })
    expect((await push(dir, admin, 'HEAD:refs/heads/main')).code).toBe(0)
    emulator.protectDefaultBranch(SAMPLE_REPOSITORY, false)
  })

  test('a server-side commit moves the default branch for the next fetch', async () => {
    const sha = await emulator.pushToDefault(
      SAMPLE_REPOSITORY,
      { 'CHANGELOG.md': '## 1.2.1\n' },
      'Release notes'
    )
    const dir = join(tmp.dir, 'a')
    expect(
      (
        await git([...basicAuth(emulator.token), '-C', dir, 'fetch', '-q', 'origin', 'main'], {
          env: tmp.env
        })
      ).code
    ).toBe(0)
    expect((await git(['-C', dir, 'rev-parse', 'FETCH_HEAD'], { env: tmp.env })).stdout.trim()).toBe(sha)
  })
})
