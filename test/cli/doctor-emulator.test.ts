/**
 * `doctor`, bundled, against the project's own emulator with the sample repository: what the README's
 * quick start sets up passes every check, and a repository without the trigger label does not.
 */
import { spawn } from 'node:child_process'
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { SAMPLE_REPOSITORY, startSampleEmulator } from '../emulator/sample.js'
import type { Emulator } from '../emulator/server.js'

jest.setTimeout(60_000)

let emulator: Emulator | null = null
afterEach(async () => {
  await emulator?.close()
  emulator = null
})

function doctor(e: Emulator, label: string): Promise<{ code: number | null; stdout: string }> {
  const args = ['dist/cli.js', 'doctor', '--repo', SAMPLE_REPOSITORY, '--api-url', e.apiUrl, '--label', label]
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', GITHUB_TOKEN: e.token }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env })
    let stdout = ''
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()))
    child.on('error', reject)
    child.on('close', code => resolve({ code, stdout }))
  })
}

describe('doctor against the emulator', () => {
  it('passes the sample repository, label included', async () => {
    emulator = (await startSampleEmulator()).emulator
    const r = await doctor(emulator, 'agent-ok')
    expect(r.stdout).toContain('✓ label agent-ok: exists')
    expect(r.stdout).not.toContain('✗')
    expect(r.stdout).toContain('All checks passed.')
    expect(r.code).toBe(0)
  })

  it('fails a label the repository does not have, with the command that creates it', async () => {
    emulator = (await startSampleEmulator()).emulator
    const r = await doctor(emulator, 'agent-ready')
    expect(r.stdout).toContain('✗ label agent-ready')
    expect(r.stdout).toContain(`gh label create agent-ready --repo ${SAMPLE_REPOSITORY}`)
    expect(r.code).toBe(1)
  })
})
