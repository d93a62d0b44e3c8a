import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { GitError } from '../../src/errors.js'
import { pushRejection } from '../../src/workspace/branch.js'
import { authEnv, basicAuth, Git, GIT_MESSAGES, redact, tokenSecrets } from '../../src/workspace/git.js'
import { createGitRepo, type GitRepo } from '../helpers/git-repo.js'
import { releaseAll } from '../helpers/sandbox.js'
import { attempt, openWorkspace } from './workspace-fixtures.js'
import { startGitHttpServer, type GitHttpServer } from './git-http-server.js'

const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a'

describe('credentials per command', () => {
  it('scopes the header to the remote origin and leaves non-HTTP remotes without one', () => {
    expect(authEnv('https://github.com/octo/repo.git', TOKEN)).toEqual({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.https://github.com/.extraheader',
      GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`
    })
    expect(authEnv('http://127.0.0.1:8080/o/r.git', TOKEN).GIT_CONFIG_KEY_0).toBe(
      'http.http://127.0.0.1:8080/.extraheader'
    )
    expect(authEnv('file:///tmp/remote.git', TOKEN)).toEqual({})
    expect(authEnv('https://github.com/o/r.git', null)).toEqual({})
  })

  it('redacts the token and its encoding from text', () => {
    const secrets = tokenSecrets(TOKEN)
    expect(secrets).toEqual([TOKEN, basicAuth(TOKEN)])
    expect(redact(`a ${TOKEN} b ${basicAuth(TOKEN)} c ${TOKEN}`, secrets)).toBe('a *** b *** c ***')
  })

  it('keeps the token out of error messages, stderr and args of a failing command', async () => {
    const repo = await createGitRepo()
    try {
      const git = new Git({ dir: repo.clone, secrets: tokenSecrets(TOKEN), env: repo.env })
      const error = await git.exec(['rev-parse', '--verify', TOKEN]).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(GitError)
      const e = error as GitError
      expect(e.message).toMatch(/^"git rev-parse --verify \*\*\*" failed with exit code 128/)
      expect(`${e.message}${e.stderr}${e.args.join(' ')}`).not.toContain(TOKEN)
      const allowed = await git.exec(['rev-parse', '--verify', TOKEN], { allowFailure: true })
      expect(allowed.exitCode).toBe(128)
    } finally {
      await repo.cleanup()
    }
  })
})

describe('push rejections', () => {
  const fail = (stderr: string) => new GitError('push failed', ['push'], 1, stderr)

  it('names a refused workflow change and what to do', () => {
    const stderr =
      ' ! [remote rejected] HEAD -> agent/1-x (refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission)\nerror: failed to push some refs'
    const e = pushRejection(fail(stderr), 'agent/1-x')
    expect(e.reason).toBe('workflow')
    expect(e.message).toContain('the agent changed a workflow file (.github/workflows/ci.yml)')
    expect(e.message).toContain('protected-paths')
    expect(
      GIT_MESSAGES.workflowRefused.test('refusing to allow an OAuth App to create or update workflow `x`')
    ).toBe(true)
  })

  it('tells a moved branch and missing permission apart', () => {
    expect(pushRejection(fail(' ! [rejected] HEAD -> agent/1-x (fetch first)'), 'agent/1-x').reason).toBe(
      'rejected'
    )
    expect(pushRejection(fail(' ! [rejected] HEAD -> agent/1-x (stale info)'), 'agent/1-x').reason).toBe(
      'rejected'
    )
    expect(
      pushRejection(
        fail("fatal: could not read Username for 'https://github.com': terminal prompts disabled"),
        'b'
      ).reason
    ).toBe('auth')
    expect(pushRejection(fail('fatal: the remote end hung up unexpectedly'), 'b').reason).toBe('other')
  })
})

describe('over HTTP with a token', () => {
  let repo: GitRepo
  let server: GitHttpServer
  beforeEach(async () => {
    repo = await createGitRepo()
    server = await startGitHttpServer(repo.root, TOKEN, repo.env)
    await repo.git(repo.clone, 'remote', 'set-url', 'origin', `${server.url}/remote.git`)
  })
  afterEach(async () => {
    await server.close()
    await releaseAll()
    await repo.cleanup()
  })

  async function open(token: string) {
    const { ws, calls } = await openWorkspace(repo, repo.clone, { token })
    return { ws, argv: calls }
  }

  it('fetches and pushes with the token passed to each command and stored nowhere', async () => {
    const { ws, argv } = await open(TOKEN)
    await ws.prepare('agent/9-http', 'main')
    await attempt(ws, () => writeFile(join(repo.clone, 'change.txt'), 'x\n'))
    const sha = await ws.commit('attempt', { 'Nightshift-Attempt': '1' })
    expect(await ws.push()).toBe(sha)
    expect(await repo.git(repo.remote, 'rev-parse', 'agent/9-http')).toBe(sha)
    expect(server.seenAuth).toContain(`basic ${basicAuth(TOKEN)}`)

    for (const args of argv) expect(args.join('\0')).not.toMatch(new RegExp(`${TOKEN}|${basicAuth(TOKEN)}`))
    // Nothing in either repository holds the token or a header (config, logs, FETCH_HEAD, packed refs ...).
    for (const gitDir of [ws.repository!, join(repo.clone, '.git')]) {
      for (const file of await readdir(gitDir, { recursive: true, withFileTypes: true })) {
        if (!file.isFile() || file.parentPath.includes('objects')) continue
        const text = await readFile(join(file.parentPath, file.name), 'latin1')
        expect(text).not.toContain(TOKEN)
        expect(text).not.toContain(basicAuth(TOKEN))
      }
      expect(await readFile(join(gitDir, 'config'), 'utf8')).not.toMatch(/extraheader|x-access-token/i)
    }
  })

  it('fails without prompting when the token is wrong, and never prints it', async () => {
    const wrong = 'ghs_wrongTokenWrongToken0000'
    const { ws } = await open(wrong)
    const error = await ws.prepare('agent/9-http', 'main').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GitError)
    const message = (error as GitError).message
    expect(message).toMatch(/ls-remote/)
    expect(GIT_MESSAGES.authFailed.test(message)).toBe(true)
    expect(message).not.toContain(wrong)
    expect(message).not.toContain(basicAuth(wrong))
  })

  it('turns GitHub refusing a workflow change into a typed error that says so', async () => {
    // The remote's pre-receive hook answers as GitHub does for a token without the workflow scope.
    await mkdir(join(repo.remote, 'hooks'), { recursive: true })
    await writeFile(
      join(repo.remote, 'hooks/pre-receive'),
      '#!/bin/sh\necho "refusing to allow a GitHub App to create or update workflow \\`.github/workflows/ci.yml\\` without \\`workflows\\` permission" >&2\nexit 1\n',
      { mode: 0o755 }
    )
    const { ws } = await open(TOKEN)
    await ws.prepare('agent/10-wf', 'main')
    await attempt(ws, async () => {
      await mkdir(join(repo.clone, '.github/workflows'), { recursive: true })
      await writeFile(join(repo.clone, '.github/workflows/ci.yml'), 'on: push\n')
    }, ['nothing-protected/**'])
    await ws.commit('attempt', {})
    const error = await ws.push().catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'PushRejectedError', reason: 'workflow' })
    expect((error as Error).message).toMatch(/agent changed a workflow file \(\.github\/workflows\/ci\.yml\)/)
    expect((error as Error).message).not.toContain(TOKEN)
  })

  it('strips a token written into the remote URL and passes it per command instead', async () => {
    await repo.git(
      repo.clone,
      'remote',
      'set-url',
      'origin',
      server.url.replace('//', `//x-access-token:${TOKEN}@`) + '/remote.git'
    )
    const { ws, argv } = await open(TOKEN)
    await ws.prepare('agent/11-userinfo', 'main')
    await attempt(ws, () => writeFile(join(repo.clone, 'change.txt'), 'y\n'))
    await ws.commit('attempt', {})
    await ws.push()
    expect(await repo.git(repo.remote, 'rev-parse', 'agent/11-userinfo')).toBe(await ws.head())
    for (const args of argv) expect(args.join(' ')).not.toContain(TOKEN)
    expect(argv.some(args => args.includes(`${server.url}/remote.git`))).toBe(true)
  })
})
