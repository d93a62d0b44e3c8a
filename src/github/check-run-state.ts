/**
 * What a branch says about the work on it, read from GitHub alone (no cache needed, as on runners
 * without the cache service): the compact state copy every nightshift check run carries, found on the
 * newest commit that has one — not only the head, so an outside commit or a check run that could not
 * be updated does not reset the history — the check runs left in progress on the head, and the
 * attempts the commits themselves record in their `Nightshift-Attempt` trailers.
 */
import type { LoopState } from '../loop/state.js'
import { stateFromCheckRunText } from '../state/codec.js'
import { apiError, statusOf, type Octokit } from './client.js'

export interface BranchRecord {
  /** The newest state copy on the branch's recent commits. */
  state: LoopState | null
  /** `nightshift` check runs on the head that are not completed (a job that could not close them). */
  open: { id: number; url: string; headSha: string }[]
  /** Attempts the branch's recent commits carry, newest first. */
  attempts: { attempt: number; sha: string }[]
}

const EMPTY: BranchRecord = { state: null, open: [], attempts: [] }
/** Commits read from the branch head, and commits whose check runs are searched for a state copy. */
const COMMITS = 30
const SEARCHED = 8

const TRAILER = /^Nightshift-Attempt:\s*(\d+)\s*$/m

export async function readBranchRecord(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  branch: string,
  checkName = 'nightshift'
): Promise<BranchRecord> {
  let commits: { sha: string; message: string }[]
  try {
    const { data } = await octokit.rest.repos.listCommits({ ...repo, sha: branch, per_page: COMMITS })
    commits = data.map(c => ({ sha: c.sha, message: c.commit.message }))
  } catch (e) {
    // 404: no such branch yet; 409: an empty repository.
    if (statusOf(e) === 404 || statusOf(e) === 409 || statusOf(e) === 422) return EMPTY
    throw apiError(`list the commits of ${branch}`, e)
  }
  const attempts = commits.flatMap(c => {
    const n = TRAILER.exec(c.message)?.[1]
    return n ? [{ attempt: Number(n), sha: c.sha }] : []
  })
  const open: BranchRecord['open'] = []
  for (const [i, commit] of commits.slice(0, SEARCHED).entries()) {
    let runs
    try {
      const { data } = await octokit.rest.checks.listForRef({
        ...repo,
        ref: commit.sha,
        check_name: checkName,
        filter: 'all',
        per_page: 20
      })
      runs = [...data.check_runs].sort((a, b) => b.id - a.id)
    } catch (e) {
      throw apiError(`list the check runs of ${commit.sha}`, e)
    }
    if (i === 0)
      for (const r of runs)
        if (r.status !== 'completed') open.push({ id: r.id, url: r.html_url ?? '', headSha: commit.sha })
    for (const run of runs) {
      const state = stateFromCheckRunText(run.output?.text)
      if (state) return { state, open, attempts }
    }
  }
  return { state: null, open, attempts }
}

/** The newer of two states (by last update); either may be missing. */
export function newest(a: LoopState | null, b: LoopState | null): LoopState | null {
  if (!a) return b
  if (!b) return a
  return b.updatedAt > a.updatedAt ? b : a
}
