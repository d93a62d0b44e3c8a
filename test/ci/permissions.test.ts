/**
 * Preflight reads the dispatched workflow's `permissions:`: each dangerous write a job on the dispatch
 * path gets makes it refuse, with the YAML that fixes it, unless `allow-ci-permissions` is set.
 */
import { parse } from 'yaml'
import { SetupError } from '../../src/errors.js'
import type { Emulator } from '../emulator/server.js'
import { backend, emulatorForFile, harness, type Backend } from './scenarios.js'

const HEAD = `name: CI
run-name: 'CI \${{ inputs.nightshift-id }}'
on:
  push:
  workflow_dispatch:
    inputs:
      nightshift-id:
        required: false
`
const STEPS = `    runs-on: ubuntu-latest
    steps:
      - run: npm test
`

async function refusal(gh: Backend, options: { allowCiPermissions?: boolean } = {}): Promise<string> {
  const err = await harness(gh, options)
    .ci.preflight()
    .then(() => null)
    .catch((e: unknown) => e)
  expect(err).toBeInstanceOf(SetupError)
  return (err as Error).message
}

/** The fenced YAML of a message, parsed: it must be valid YAML. */
function fix(message: string): string {
  const yaml = /```yaml\n([\s\S]*?)\n```/.exec(message)?.[1] ?? ''
  expect(() => parse(yaml)).not.toThrow()
  return yaml
}

describe('preflight: the dispatched workflow’s token permissions', () => {
  let emulator: Emulator
  let gh: Backend
  emulatorForFile(e => (emulator = e))

  it('refuses id-token: write on a job, with the job’s block to change', async () => {
    gh = await backend(emulator, {
      workflows: {
        'ci.yml': `${HEAD}permissions:\n  contents: read\njobs:\n  test:\n${STEPS}  deploy:\n    permissions:\n      id-token: write\n      contents: read\n${STEPS}`
      }
    })
    const message = await refusal(gh)
    expect(message).toContain(
      'gives GITHUB_TOKEN `id-token: write` in job `deploy` on the workflow_dispatch path'
    )
    expect(message).toContain('mint OIDC tokens that cloud providers exchange for credentials')
    expect(fix(message)).toBe(
      '# .github/workflows/ci.yml\njobs:\n  deploy:\n    permissions:\n      id-token: none\n      contents: read'
    )
    expect(message).toContain("`if: github.event_name != 'workflow_dispatch'`")
    expect(message).toContain('`allow-ci-permissions: true`')
  })

  it('refuses contents: write at the workflow level, with the top-level block to change', async () => {
    gh = await backend(emulator, {
      workflows: {
        'ci.yml': `${HEAD}permissions:\n  contents: write\n  issues: write\njobs:\n  test:\n${STEPS}`
      }
    })
    const message = await refusal(gh)
    expect(message).toContain('`contents: write` in job `test`')
    expect(message).toContain('push commits and tags')
    expect(fix(message)).toBe(
      '# .github/workflows/ci.yml, at the top level\npermissions:\n  contents: read\n  issues: write'
    )
  })

  it('refuses packages: write on a job', async () => {
    gh = await backend(emulator, {
      workflows: { 'ci.yml': `${HEAD}jobs:\n  image:\n    permissions:\n      packages: write\n${STEPS}` }
    })
    const message = await refusal(gh)
    expect(message).toContain('`packages: write` in job `image`')
    expect(message).toContain('publish packages')
    expect(fix(message)).toBe(
      '# .github/workflows/ci.yml\njobs:\n  image:\n    permissions:\n      packages: read'
    )
  })

  it('refuses actions: write, here through write-all', async () => {
    gh = await backend(emulator, {
      workflows: { 'ci.yml': `${HEAD}permissions: write-all\njobs:\n  test:\n${STEPS}` }
    })
    const message = await refusal(gh)
    expect(message).toContain('`actions: write` in job `test`')
    expect(message).toContain('`id-token: write` in job `test`')
    expect(message).toContain('dispatch, re-run and cancel workflows')
    expect(fix(message)).toBe('# .github/workflows/ci.yml, at the top level\npermissions:\n  contents: read')
  })

  it('refuses a workflow without permissions when the repository default is read and write', async () => {
    gh = await backend(emulator, {
      defaultPermissions: 'write',
      workflows: { 'ci.yml': `${HEAD}jobs:\n  test:\n${STEPS}` }
    })
    const message = await refusal(gh)
    expect(message).toContain(
      '`contents: write` in job `test`, `packages: write` in job `test`, `actions: write` in job `test`'
    )
    expect(message).not.toContain('id-token')
    expect(fix(message)).toBe(
      "# .github/workflows/ci.yml, at the top level (the repository's default token can write)\npermissions:\n  contents: read"
    )
  })

  it('accepts the same workflow when the default is read, and only warns when nobody can tell', async () => {
    gh = await backend(emulator, {
      defaultPermissions: 'read',
      workflows: { 'ci.yml': `${HEAD}jobs:\n  test:\n${STEPS}` }
    })
    const ok = harness(gh)
    await ok.ci.preflight()
    expect(ok.ci.warnings.join('\n')).not.toContain('permissions')
    // GITHUB_TOKEN cannot read the repository's settings (403), so nobody can tell what the default is.
    gh = await backend(emulator, {
      token: emulator.token,
      workflows: { 'ci.yml': `${HEAD}jobs:\n  test:\n${STEPS}` }
    })
    const unknown = harness(gh)
    await unknown.ci.preflight()
    expect(unknown.ci.warnings.join('\n')).toContain(
      '".github/workflows/ci.yml" has no `permissions:` block, so the token gets the repository\'s default'
    )
  })

  it('follows reusable workflows in the repository: a called job inherits its caller’s write', async () => {
    gh = await backend(emulator)
    await gh.setWorkflow(
      'ci.yml',
      `${HEAD}permissions: {}\njobs:\n  test:\n${STEPS}  release:\n    permissions:\n      packages: write\n      contents: read\n    uses: ./.github/workflows/release.yml\n  lint:\n    uses: ${gh.owner}/${gh.repo}/.github/workflows/lint.yml@main\n`
    )
    await gh.setWorkflow(
      'release.yml',
      `on: workflow_call\njobs:\n  publish:\n${STEPS}  notes:\n    permissions:\n      contents: read\n${STEPS}`
    )
    await gh.setWorkflow(
      'lint.yml',
      `on: workflow_call\npermissions:\n  actions: write\njobs:\n  eslint:\n${STEPS}`
    )
    const message = await refusal(gh)
    // The called job without a block inherits packages: write; the one with a block is lowered to read.
    expect(message).toContain('`packages: write` in job `release → publish`')
    expect(message).not.toContain('notes')
    // lint.yml asks for actions: write, but its caller grants nothing: a called workflow cannot raise it.
    expect(message).not.toContain('eslint')
    expect(fix(message)).toBe(
      '# .github/workflows/release.yml\njobs:\n  publish:\n    permissions:\n      contents: read'
    )
  })

  it('ignores jobs that never run on dispatch', async () => {
    gh = await backend(emulator, {
      workflows: {
        'ci.yml': `${HEAD}permissions:\n  contents: read\njobs:\n  test:\n${STEPS}  publish:\n    if: github.event_name == 'push'\n    permissions:\n      contents: write\n      id-token: write\n${STEPS}`
      }
    })
    await harness(gh).ci.preflight()
  })

  it('dispatches anyway with allow-ci-permissions, and says so', async () => {
    gh = await backend(emulator, {
      workflows: { 'ci.yml': `${HEAD}permissions:\n  id-token: write\njobs:\n  test:\n${STEPS}` }
    })
    const h = harness(gh, { allowCiPermissions: true })
    await h.ci.preflight()
    expect(h.ci.warnings.join('\n')).toContain('`id-token: write` in job `test`')
    expect(h.ci.warnings.join('\n')).toContain('(allowed by allow-ci-permissions)')
  })
})
