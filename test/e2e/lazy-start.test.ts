/**
 * An ignored event runs dist/index.js alone: the Octokit client, the agent, the AI SDK and the cache
 * client live in chunk files that load only once there is work. Shown by running index.js copied
 * without its chunks: it answers a comment that is no command, and fails on one that is.
 */
// First: fails at once when dist/ is older than the sources.
import './fresh-dist.js'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { payload } from '../trigger/helpers.js'
import { parseEnvFile } from '../emulator/file-commands.js'

let dir = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lazy-start-'))
  for (const file of ['index.js', 'package.json']) copyFileSync(join('dist', file), join(dir, file))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function runAlone(body: string) {
  const event = join(dir, 'event.json')
  const output = join(dir, 'output')
  writeFileSync(event, JSON.stringify(payload('issue_comment', 'created', { 'comment.body': body })))
  writeFileSync(output, '')
  const r = spawnSync(process.execPath, [join(dir, 'index.js')], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      GITHUB_EVENT_NAME: 'issue_comment',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'Codertocat/Hello-World',
      GITHUB_API_URL: 'http://127.0.0.1:9',
      'INPUT_GITHUB-TOKEN': 'ghs_unused',
      GITHUB_OUTPUT: output
    }
  })
  return { ...r, outputs: parseEnvFile(readFileSync(output, 'utf8')) }
}

it('dist/ holds the heavy parts in chunks beside index.js', () => {
  expect(readdirSync('dist').filter(f => /^\d+\.index\.js$/.test(f)).length).toBeGreaterThan(0)
})

it('ignores a comment that is no command with index.js alone', () => {
  const r = runAlone('Thanks, this looks good!')
  expect([r.status, r.stderr]).toEqual([0, ''])
  expect(r.stdout).toContain('Ignored (not-a-command)')
  expect(r.outputs).toEqual([['outcome', 'ignored']])
})

it('needs the chunks as soon as a comment is a command', () => {
  const r = runAlone('/nightshift retry')
  expect(r.status).not.toBe(0)
  expect(r.stderr).toMatch(/Cannot find module .*\d+\.index\.js/)
})
