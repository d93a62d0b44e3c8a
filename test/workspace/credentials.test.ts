import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { scrubCredentials } from '../../src/workspace/credentials.js'
import { makeRepo } from './sandbox-fixtures.js'

const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a'
// What actions/checkout writes: base64("x-access-token:<token>").
const HEADER = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`

describe('scrubCredentials', () => {
  it('removes the v4/v5 extraheader from .git/config and leaves the rest', async () => {
    const repo = makeRepo()
    try {
      repo.git('remote', 'add', 'origin', 'https://github.com/octo/demo')
      repo.git('config', '--local', 'http.https://github.com/.extraheader', HEADER)
      repo.git('config', '--local', 'core.sshCommand', 'ssh -o BatchMode=yes')
      const removed = await scrubCredentials(repo.dir)
      expect(removed).toEqual(['.git/config: http.https://github.com/.extraheader'])
      const config = readFileSync(path.join(repo.dir, '.git/config'), 'utf8')
      expect(config).not.toContain('basic')
      expect(config).not.toContain(TOKEN)
      expect(config).toContain('https://github.com/octo/demo')
      expect(config).toContain('sshCommand')
      expect(await scrubCredentials(repo.dir)).toEqual([])
    } finally {
      repo.cleanup()
    }
  })

  it('deletes the v6 git-credentials file and its includeIf, keeping other includes', async () => {
    const repo = makeRepo()
    try {
      const runnerTemp = path.join(repo.home, '_temp')
      mkdirSync(runnerTemp)
      const credFile = path.join(runnerTemp, 'git-credentials-2b7c9a52-5d0f-4a8e-9c11-3f5e8f1d0b6a.config')
      writeFileSync(credFile, `[http "https://github.com/"]\n\textraheader = ${HEADER}\n`)
      const otherInclude = path.join(runnerTemp, 'harmless.config')
      writeFileSync(otherInclude, '[core]\n\tautocrlf = false\n')
      const gitDir = path.join(repo.dir, '.git')
      repo.git('config', '--local', '--add', `includeIf.gitdir:${gitDir}.path`, credFile)
      repo.git('config', '--local', '--add', `includeIf.gitdir:/github/workspace/.git.path`, credFile)
      repo.git('config', '--local', '--add', `includeIf.gitdir:${gitDir}.path`, otherInclude)
      // Before: git really sees the header through the include.
      expect(repo.git('config', '--get-all', 'http.https://github.com/.extraheader')).toContain('basic')

      const removed = await scrubCredentials(repo.dir)
      expect(removed).toContain(credFile)
      expect(removed).toContain(`.git/config: includeif.gitdir:${gitDir}.path`)
      expect(removed.join('\n')).not.toContain(TOKEN)
      expect(existsSync(credFile)).toBe(false)
      expect(existsSync(otherInclude)).toBe(true)

      const printed = execFileSync(
        'bash',
        [
          '-c',
          `cat .git/config; cat "${credFile}" 2>/dev/null || echo "credentials file: gone"; git config --list`
        ],
        {
          cwd: repo.dir,
          env: { PATH: process.env.PATH, HOME: repo.home, GIT_CONFIG_NOSYSTEM: '1' },
          encoding: 'utf8'
        }
      )
      expect(printed).not.toMatch(/extraheader|basic |git-credentials-/i)
      expect(printed).toContain('credentials file: gone')
      expect(printed).toContain('harmless.config')
    } finally {
      repo.cleanup()
    }
  })

  it('removes token-bearing insteadOf, remote URLs, credential helpers and submodule headers', async () => {
    const repo = makeRepo()
    try {
      repo.git(
        'config',
        '--local',
        `url.https://x-access-token:${TOKEN}@github.com/.insteadOf`,
        'https://github.com/'
      )
      repo.git('config', '--local', 'url.git@github.com:.insteadOf', 'gh:')
      repo.git('remote', 'add', 'origin', `https://x-access-token:${TOKEN}@github.com/octo/demo.git`)
      repo.git('config', '--local', 'credential.helper', 'store')
      const subConfig = path.join(repo.dir, '.git/modules/vendor/lib/config')
      mkdirSync(path.dirname(subConfig), { recursive: true })
      writeFileSync(
        subConfig,
        `[core]\n\tbare = false\n[http "https://github.com/"]\n\textraheader = ${HEADER}\n`
      )

      const removed = await scrubCredentials(repo.dir)
      expect(removed.join('\n')).not.toContain(TOKEN)
      expect(removed).toEqual(
        expect.arrayContaining([
          '.git/config: credential.helper',
          '.git/config: url.https://***@github.com/',
          '.git/config: remote.origin.url (credentials in the URL)',
          '.git/modules/vendor/lib/config: http.https://github.com/.extraheader'
        ])
      )
      const all = readFileSync(path.join(repo.dir, '.git/config'), 'utf8') + readFileSync(subConfig, 'utf8')
      expect(all).not.toContain(TOKEN)
      expect(all).not.toContain('basic')
      expect(all).toContain('url = https://github.com/octo/demo.git')
      expect(all).toContain('git@github.com:')
    } finally {
      repo.cleanup()
    }
  })
})
