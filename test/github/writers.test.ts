/**
 * One list of writer roles, and every guard that asks "may this user act?" answers from it: the gate
 * that lets a user start work, and `/nightshift stop` on the loop's issue. Real requests to the
 * emulator, one collaborator per role, each trying both.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createClient } from '../../src/github/client.js'
import { createGitHubForge } from '../../src/github/forge.js'
import { createTriggerApi } from '../../src/github/trigger-api.js'
import { refuseNonWriter } from '../../src/trigger/gate.js'
import { canWrite, PERMISSIONS } from '../../src/trigger/permission.js'
import { startSampleEmulator } from '../emulator/sample.js'
import type { Emulator } from '../emulator/server.js'

const REPO = 'octo/tinyledger'
const o = { owner: 'octo', repo: 'tinyledger' }
let emulator: Emulator

beforeAll(async () => {
  ;({ emulator } = await startSampleEmulator())
})
afterAll(async () => {
  await emulator?.close()
})

test('exactly admin, maintain and write count as writers; a custom or unknown role does not', () => {
  expect(PERMISSIONS.filter(canWrite)).toEqual(['admin', 'maintain', 'write'])
  expect(canWrite('security-reviewer')).toBe(false)
  expect(canWrite('')).toBe(false)
})

describe.each(PERMISSIONS.map(p => [p]))('a collaborator with %s', permission => {
  test('may stop the loop exactly when they may start work', async () => {
    const login = `user-${permission}`
    if (permission !== 'none') emulator.addCollaborator(REPO, login, permission)
    const since = Date.now() - 1000
    const issue = emulator.createIssue(REPO, { title: `Work for ${permission}`, user: 'octo' })
    emulator.comment(REPO, issue.number, '/nightshift stop', login)
    const octokit = createClient({ token: emulator.token, baseUrl: emulator.apiUrl, timeScale: 0.001 })
    const api = createTriggerApi(octokit, o)
    const forge = createGitHubForge({
      octokit,
      ...o,
      command: '/nightshift',
      permission: l => api.permission(l)
    })

    const refusal = await refuseNonWriter({ login, type: 'User', id: 1 }, api, 'comment')
    const stops = await forge.stopRequested(issue.number, since)
    expect(await api.permission(login)).toBe(permission)
    expect(stops).toBe(refusal === null)
    expect(stops).toBe(['admin', 'maintain', 'write'].includes(permission))
  })
})
