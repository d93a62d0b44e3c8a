import { SetupError } from '../../src/errors.js'
import type { Emulator } from '../emulator/server.js'
import { workflowFixture } from './helpers.js'
import { backend, emulatorForFile, dispatchBodies, harness, type Backend } from './scenarios.js'

describe('preflight', () => {
  let emulator: Emulator
  let gh: Backend
  emulatorForFile(e => (emulator = e))
  beforeEach(async () => {
    gh = await backend(emulator)
  })

  it('refuses a workflow without workflow_dispatch and shows the YAML to add', async () => {
    await gh.setWorkflow('ci.yml', workflowFixture('push-only.yml'))
    const err = await harness(gh)
      .ci.preflight()
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SetupError)
    const message = (err as Error).message
    expect(message).toContain('The CI workflow ".github/workflows/ci.yml" has only `push`')
    expect(message).toContain(
      `run-name: "\${{ inputs.nightshift-id && format('Build {0}', inputs.nightshift-id) || '' }}"\non:\n  push:\n  workflow_dispatch:\n    inputs:`
    )
  })

  it('refuses a workflow missing from the default branch, and a numeric id it cannot resolve', async () => {
    await expect(harness(gh).ci.preflight()).rejects.toThrow(
      'The CI workflow ".github/workflows/ci.yml" was not found on the default branch "main"'
    )
    await expect(harness(gh, { ciWorkflow: '4242' }).ci.preflight()).rejects.toThrow(
      'The CI workflow id 4242 is unknown'
    )
  })

  it('refuses secrets on the dispatch path unless allowed, then only warns', async () => {
    await gh.setWorkflow('ci.yml', workflowFixture('secrets.yml'))
    await expect(harness(gh).ci.preflight()).rejects.toThrow(
      /uses CODECOV_TOKEN, NPM_TOKEN on the workflow_dispatch path/
    )
    const allowed = harness(gh, { allowCiSecrets: true })
    await allowed.ci.preflight()
    expect(allowed.ci.warnings.join('\n')).toContain('allowed by allow-ci-secrets')
    await gh.setWorkflow('ci.yml', workflowFixture('inherit.yml'))
    await expect(harness(gh).ci.preflight()).rejects.toThrow(
      'all secrets (secrets: inherit / toJSON(secrets))'
    )
  })

  it('accepts a numeric workflow id and the list form, with a warning about correlation', async () => {
    await gh.setWorkflow('ci.yml', workflowFixture('list-form.yml'))
    const h = harness(gh, { ciWorkflow: String(await gh.workflowId('ci.yml')) })
    await h.ci.preflight()
    expect(h.ci.warnings).toHaveLength(1)
    expect(h.ci.warnings[0]).toContain('does not show the `nightshift-id` input in its run-name')
  })

  it('sends scope only when declared, and uses a separate fast workflow when set', async () => {
    await gh.setWorkflow('ci.yml', workflowFixture('ready.yml'))
    await gh.setWorkflow('fast.yml', workflowFixture('secrets.yml'))
    await gh.branch('agent/1-x')
    const h = harness(gh, { fastCiWorkflow: 'fast.yml' })
    const fast = await h.ci.dispatch('agent/1-x', 'fast').catch((e: unknown) => e)
    // fast.yml uses secrets: refused before anything is dispatched.
    expect(fast).toBeInstanceOf(SetupError)
    expect(dispatchBodies(gh)).toEqual([])
    await gh.setWorkflow('fast.yml', workflowFixture('map-null.yml'))
    await gh.branch('agent/1-x')
    gh.scriptNextRun({ states: ['completed:success'] })
    gh.scriptNextRun({ states: ['completed:success'] })
    const h2 = harness(gh, { fastCiWorkflow: 'fast.yml' })
    const run = await h2.ci.dispatch('agent/1-x', 'fast')
    expect(run.workflow).toBe('fast.yml')
    expect((dispatchBodies(gh)[0] as { inputs: object }).inputs).toEqual({})
    const full = await h2.ci.dispatch('agent/1-x', 'full')
    expect(full.workflow).toBe('ci.yml')
    expect((dispatchBodies(gh)[1] as { inputs: Record<string, string> }).inputs.scope).toBe('full')
  })
})
