/** Shared pieces of the emulator's own tests. */
import { getOctokit } from '@actions/github'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { git, isolatedGitEnv } from './git-exec.js'
import type { Emulator } from './server.js'

/** A plain Octokit (no retry, no throttling: failures show as they are). */
export function plainClient(emulator: Emulator, token = emulator.token) {
  return getOctokit(token, { baseUrl: emulator.apiUrl, request: { retries: 0 } })
}

/** A temporary folder with an isolated git environment; `done()` removes it. */
export async function scratch(): Promise<{ dir: string; env: NodeJS.ProcessEnv; done(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'emulator-test-'))
  return { dir, env: isolatedGitEnv(dir), done: () => rm(dir, { recursive: true, force: true }) }
}

export function basicAuth(token: string): string[] {
  return [
    '-c',
    `http.extraHeader=Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`
  ]
}

export async function cloneWith(
  emulator: Emulator,
  repository: string,
  token: string | null,
  dest: string,
  env: NodeJS.ProcessEnv
) {
  return git(
    [...(token ? basicAuth(token) : []), 'clone', '--quiet', `${emulator.serverUrl}/${repository}.git`, dest],
    { env, allowFailure: true }
  )
}
