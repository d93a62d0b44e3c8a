/**
 * The compact copy of the loop's state that every nightshift check run carries: read back for
 * `/nightshift status`, and for `/nightshift retry` when the Actions cache has nothing (no cache
 * service, an evicted entry).
 */
import type { LoopState } from '../loop/state.js'
import type { Store } from '../loop/ports.js'
import { stateFromCheckRunText } from '../state/codec.js'
import { statusOf, type Octokit } from './client.js'

export async function latestCheckRunState(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  branch: string,
  checkName = 'nightshift'
): Promise<LoopState | null> {
  try {
    const { data } = await octokit.rest.checks.listForRef({
      ...repo,
      ref: `heads/${branch}`,
      check_name: checkName,
      per_page: 10
    })
    const runs = [...data.check_runs].sort((a, b) => b.id - a.id)
    for (const run of runs) {
      const state = stateFromCheckRunText(run.output?.text)
      if (state) return state
    }
    return null
  } catch (e) {
    if (statusOf(e) === 404 || statusOf(e) === 422) return null // no such branch yet
    throw e
  }
}

/** A read-only Store over the check runs of a branch (saving is the reporter's job). */
export function checkRunStore(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  branch: string
): Store {
  return {
    load: () => latestCheckRunState(octokit, repo, branch),
    save: async () => {}
  }
}
