import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type { Emulator } from '../emulator/server.js'
import { workflowFixture } from './helpers.js'
import { backend, emulatorForFile, MAINTAINER_SCOPES, type Backend } from './scenarios.js'

const complete = readFileSync(new URL('../../examples/nightshift.yml', import.meta.url), 'utf8')

const root = new URL('../../', import.meta.url).pathname

function doctor(
  gh: Backend,
  extra: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const args = [
    '--import',
    'tsx',
    'src/cli.ts',
    'doctor',
    '--repo',
    `${gh.owner}/${gh.repo}`,
    '--api-url',
    gh.apiUrl,
    ...extra
  ]
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    GITHUB_TOKEN: gh.token,
    NO_PROXY: '127.0.0.1'
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', d => (stdout += String(d)))
    child.stderr.on('data', d => (stderr += String(d)))
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout, stderr }))
  })
}

describe('nightshift doctor', () => {
  let emulator: Emulator
  let gh: Backend
  emulatorForFile(e => (emulator = e))

  it('passes a repository that is set up, and says so', async () => {
    gh = await backend(emulator, {
      workflows: { 'ci.yml': workflowFixture('ready.yml'), 'nightshift.yml': complete }
    })
    const { code, stdout } = await doctor(gh, [])
    expect(stdout).not.toContain('✗')
    expect(stdout).toContain('✓ ci.yml workflow_dispatch: has a workflow_dispatch trigger')
    expect(stdout).toContain(
      '✓ nightshift.yml review rounds: reviews start rounds, one loop per pull request'
    )
    expect(stdout).toContain(
      '✓ nightshift.yml fix-ci on failed runs: failed "CI" runs on labelled pull requests start fix-ci'
    )
    expect(stdout).toContain('✓ label agent-ok: exists')
    expect(stdout).toContain('All checks passed.')
    expect(code).toBe(0)
  })

  it('fails each broken check with its fix, in JSON', async () => {
    // A token that can read but not push, on a repository without the trigger label.
    const reader = emulator.addToken({ login: 'reader', scopes: { ...MAINTAINER_SCOPES, contents: 'read' } })
    gh = await backend(emulator, {
      labels: [],
      token: reader,
      workflows: { 'ci.yml': workflowFixture('push-only.yml'), 'fast.yml': workflowFixture('secrets.yml') }
    })
    const { code, stdout } = await doctor(gh, ['--json', '--fast-ci-workflow', 'fast.yml'])
    expect(code).toBe(1)
    const out = JSON.parse(stdout) as {
      ok: boolean
      checks: { name: string; ok: boolean; fix: string | null }[]
    }
    expect(out.ok).toBe(false)
    const failed = Object.fromEntries(out.checks.filter(c => !c.ok).map(c => [c.name, c.fix ?? '']))
    expect(Object.keys(failed).sort()).toEqual(
      [
        'ci.yml run-name',
        'ci.yml workflow_dispatch',
        'fast.yml secrets',
        'label agent-ok',
        'token permission',
        'workflow nightshift.yml'
      ].sort()
    )
    expect(failed['ci.yml workflow_dispatch']).toContain(
      '  workflow_dispatch:\n    inputs:\n      nightshift-id:'
    )
    expect(failed['fast.yml secrets']).toContain('CODECOV_TOKEN, NPM_TOKEN')
    expect(failed['fast.yml secrets']).toContain('allow-ci-secrets: true')
    expect(failed['label agent-ok']).toContain('gh label create agent-ok')
  })

  it('reports pull request events wired so they never fire or start a loop per event', async () => {
    gh = await backend(emulator, {
      workflows: {
        'ci.yml': workflowFixture('ready.yml'),
        'nightshift.yml': complete
          .replace('workflows: [CI]', 'workflows: [ci.yml]')
          .replace('github.event.pull_request.number ||', '')
          .replace('cancel-in-progress: false', 'cancel-in-progress: true')
      }
    })
    const { code, stdout } = await doctor(gh, [])
    expect(code).toBe(1)
    expect(stdout).toContain(
      '✗ nightshift.yml fix-ci on failed runs: workflow_run lists "ci.yml", but the CI workflow is named "CI"'
    )
    expect(stdout).toContain(
      '✗ nightshift.yml review rounds: the concurrency group does not use `github.event.pull_request.number`'
    )
    expect(stdout).toContain(
      '✗ nightshift.yml concurrency: `cancel-in-progress: true` cancels a running loop'
    )
  })

  it('reports a token that can write on the dispatch path, with the YAML to change', async () => {
    gh = await backend(emulator, {
      defaultPermissions: 'write',
      workflows: {
        'ci.yml': workflowFixture('ready.yml').replace('contents: read', 'contents: read\n  id-token: write')
      }
    })
    const { code, stdout } = await doctor(gh, [])
    expect(code).toBe(1)
    expect(stdout).toContain(
      '✗ ci.yml token permissions: a job on the dispatch path gets a token that can write or mint OIDC tokens'
    )
    expect(stdout).toContain('`id-token: write` in job `test`')
    expect(stdout).toContain('    permissions:\n      contents: read\n      id-token: none')
  })

  it('reports a missing workflow and a rejected token', async () => {
    gh = await backend(emulator)
    const missing = await doctor(gh, ['--ci-workflow', 'tests.yml'])
    expect(missing.code).toBe(1)
    expect(missing.stdout).toContain(
      '✗ workflow tests.yml: The CI workflow ".github/workflows/tests.yml" was not found'
    )
    const rejected = await doctor(gh, ['--token', 'wrong'])
    expect(rejected.code).toBe(1)
    expect(rejected.stdout).toMatch(/✗ repository: .*Bad credentials.*HTTP 401/)
  })
})
