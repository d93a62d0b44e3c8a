/**
 * The CI gate wired to the local GitHub emulator exactly as the action wires it to GitHub: the real
 * client (retry + throttling), the Octokit adapter and `createGitHubCi`. Only time is scaled: the
 * emulator's runner works in real time, so the clock sleeps a fraction of what the gate asks for.
 */
import { writeFile, mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { createGitHubCi, type GitHubCi } from '../../src/ci/github-ci.js'
import { createClient } from '../../src/github/client.js'
import { createActionsApi, type ActionsApi } from '../../src/github/actions-api.js'
import type { Clock } from '../../src/loop/ports.js'
import { git } from '../emulator/git-exec.js'
import { basicAuth, cloneWith, scratch } from '../emulator/helpers.js'
import type { Emulator } from '../emulator/server.js'

export interface FastClock extends Clock {
  /** Every delay the gate asked for, in (virtual) ms. */
  sleeps: number[]
}

/**
 * A clock that runs `scale` times faster than real time while it sleeps: `sleep(5000)` waits 100 ms
 * at scale 50, and `now()` moves on by the full 5 s. Between sleeps it follows real time, so the
 * timestamps the gate sends (the `created` filter) stay close to the emulator's own clock.
 */
export function fastClock(scale = 50): FastClock {
  let ahead = 0
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => Date.now() + ahead,
    sleep: async ms => {
      sleeps.push(ms)
      const real = Math.max(2, Math.round(ms / scale))
      await new Promise(resolve => setTimeout(resolve, real))
      ahead += Math.max(0, ms - real)
    }
  }
}

export interface EmulatorCi {
  ci: GitHubCi
  api: ActionsApi
  clock: FastClock
  warnings: string[]
}

export function emulatorCi(
  emulator: Emulator,
  repository: string,
  options: { appearTimeoutMs?: number } = {}
): EmulatorCi {
  const [owner, repo] = repository.split('/') as [string, string]
  const clock = fastClock()
  const octokit = createClient({ token: emulator.token, baseUrl: emulator.apiUrl, retryBaseMs: 5 })
  const api = createActionsApi(octokit, { owner, repo }, { baseUrl: emulator.apiUrl })
  const warnings: string[] = []
  const ci = createGitHubCi({
    api,
    clock,
    ciWorkflow: 'ci.yml',
    appearTimeoutMs: options.appearTimeoutMs,
    warn: m => warnings.push(m)
  })
  return { ci, api, clock, warnings }
}

/** A clone of a repository in the emulator, pushing branches over smart HTTP with the token. */
export interface Pusher {
  /** Commits `files` on a new branch cut from `from` (default the default branch) and pushes it; returns the sha. */
  push(branch: string, files: Record<string, string>, message: string, from?: string): Promise<string>
  done(): Promise<void>
}

export async function clonePusher(emulator: Emulator, repository: string): Promise<Pusher> {
  const s = await scratch()
  const dir = join(s.dir, 'clone')
  try {
    const cloned = await cloneWith(emulator, repository, emulator.token, dir, s.env)
    if (cloned.code !== 0) throw new Error(`Cloning ${repository} failed: ${cloned.stderr}`)
  } catch (e) {
    await s.done()
    throw e
  }
  const run = (args: string[]) => git(args, { cwd: dir, env: s.env })
  return {
    async push(branch, files, message, from = 'origin/HEAD') {
      await run(['checkout', '--quiet', '-B', branch, from])
      for (const [path, content] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true })
        await writeFile(join(dir, path), content)
      }
      await run(['add', '--all'])
      await run(['commit', '--quiet', '--allow-empty', '-m', message])
      await git([...basicAuth(emulator.token), 'push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`], {
        cwd: dir,
        env: s.env
      })
      await run(['update-ref', `refs/remotes/origin/${branch}`, 'HEAD'])
      return (await run(['rev-parse', 'HEAD'])).stdout.trim()
    },
    done: () => s.done()
  }
}
