import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import { git } from './git-exec.js'
import { basicAuth, scratch } from './helpers.js'
import { runAction } from './run-action.js'
import { SAMPLE_REPOSITORY, startSampleEmulator } from './sample.js'
import type { Emulator } from './server.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
let tmp: Awaited<ReturnType<typeof scratch>>

beforeAll(async () => {
  tmp = await scratch()
})
afterAll(async () => {
  await tmp?.done()
})

describe('runAction', () => {
  let emulator: Emulator
  beforeAll(async () => {
    ;({ emulator } = await startSampleEmulator())
  })
  afterAll(async () => {
    await emulator?.close()
  })

  test('gives the script the runner environment and reads back outputs, summary and state', async () => {
    // A stand-in for dist/index.js: reads what an action reads and writes what it writes.
    const script = join(tmp.dir, 'action.mjs')
    await writeFile(
      script,
      `import { appendFileSync, readFileSync, existsSync } from 'node:fs'
const e = process.env
const payload = JSON.parse(readFileSync(e.GITHUB_EVENT_PATH, 'utf8'))
const res = await fetch(e.GITHUB_API_URL + '/repos/' + e.GITHUB_REPOSITORY + '/issues/' + payload.issue.number, { headers: { authorization: 'token ' + e['INPUT_GITHUB-TOKEN'] } })
const issue = await res.json()
appendFileSync(e.GITHUB_OUTPUT, 'title<<EOF_1\\n' + issue.title + '\\nEOF_1\\n')
appendFileSync(e.GITHUB_OUTPUT, 'workspace-has-repo=' + existsSync(e.GITHUB_WORKSPACE + '/package.json') + '\\n')
appendFileSync(e.GITHUB_STEP_SUMMARY, '## ' + e.GITHUB_EVENT_NAME + ' ' + e.NO_PROXY + '\\n')
appendFileSync(e.GITHUB_STATE, 'started=yes\\n')
console.log('cwd', process.cwd() === e.GITHUB_WORKSPACE, e.RUNNER_TEMP !== undefined, e.GITHUB_SERVER_URL === e.GITHUB_API_URL)
process.exitCode = 3
`
    )
    const result = await runAction(emulator, {
      event: 'issues',
      payload: { action: 'labeled', issue: { number: 1 } },
      inputs: { 'github-token': emulator.token },
      repository: SAMPLE_REPOSITORY,
      script
    })
    expect(result).toMatchObject({
      code: 3,
      outputs: { title: expect.stringContaining('one decimal digit'), 'workspace-has-repo': 'true' },
      summary: '## issues 127.0.0.1\n',
      state: { started: 'yes' }
    })
    expect(result.stdout).toBe('cwd true true true\n')
  })
})

describe('npm run emulator -- --json', () => {
  test('prints the connection line, serves the sample repository, and cleans up on SIGTERM', async () => {
    const started = Date.now()
    const child = spawn(process.execPath, ['scripts/emulator.mjs', '--json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve)
      child.once('exit', code => reject(new Error(`cli exited with ${code}`)))
    })
    const ready = Date.now() - started
    const info = JSON.parse(line) as { apiUrl: string; serverUrl: string; token: string; repository: string }
    expect(Object.keys(info)).toEqual(['apiUrl', 'serverUrl', 'token', 'repository'])
    expect(info.repository).toBe(SAMPLE_REPOSITORY)
    const remote = await git(
      [...basicAuth(info.token), 'ls-remote', `${info.serverUrl}/${info.repository}.git`, 'refs/heads/main'],
      { env: tmp.env }
    )
    expect(remote.stdout).toMatch(/^[0-9a-f]{40}\trefs\/heads\/main$/m)
    const issues = await fetch(`${info.apiUrl}/repos/${info.repository}/issues?labels=bug`, {
      headers: { authorization: `token ${info.token}` }
    })
    expect(((await issues.json()) as Array<{ title: string }>).map(i => i.title)).toEqual([
      expect.stringContaining('one decimal digit')
    ])
    const exited = new Promise<number | null>(resolve => child.once('exit', resolve))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    process.stdout.write(
      `emulator: CLI ready (process start, bundle check, sample repo and issue) in ${ready} ms\n`
    )
  })
})

describe('startup', () => {
  test('an emulator with the sample repository starts and closes, leaving nothing behind', async () => {
    const started = Date.now()
    const { emulator } = await startSampleEmulator()
    const ready = Date.now() - started
    const repoDir = emulator.repo(SAMPLE_REPOSITORY).bareDir
    expect(existsSync(repoDir)).toBe(true)
    await emulator.close()
    expect(existsSync(repoDir)).toBe(false)
    process.stdout.write(`emulator: startEmulator + sample repository in ${ready} ms\n`)
    expect(ready).toBeLessThan(5000)
  })
})
