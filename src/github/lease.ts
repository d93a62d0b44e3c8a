/**
 * One loop per issue: a lease kept in the ref `refs/nightshift/lock/<issue>`, which points at a small
 * commit whose message records the holder (run id and attempt), when it started, when the lease
 * expires, and, once released, how the run ended.
 *
 * Every change of the ref is a compare-and-set GitHub does for us: creating a ref that exists answers
 * 422 ("Reference already exists"), and an update without `force` must be a fast-forward, so each new
 * lease commit is a child of the one it replaces and two runs racing for the same old lease cannot
 * both win. https://docs.github.com/en/rest/git/refs
 *
 * The ref stays after release: it is also the issue's record of its last run, found by issue number
 * without a branch, a check run or the cache (a duplicate event arriving after that run is known).
 */
import { errorMessage } from '../errors.js'
import { apiError, statusOf, type Octokit } from './client.js'

/** Who holds, or last held, the lease. */
export interface LeaseRecord {
  /** `<run id>/<run attempt>` of the workflow run. */
  run: string
  /** The workflow run's web page, when known. */
  url: string | null
  /** Epoch ms. */
  startedAt: number
  /** Epoch ms after which the lease no longer counts (a holder that crashed without releasing). */
  expiresAt: number
  /** Epoch ms of the release; null while held. */
  releasedAt: number | null
  /** The released run's outcome, when it said. */
  outcome: string | null
}

export interface HeldLease {
  issue: number
  ref: string
  /** The lease commit this run wrote (releasing is a compare-and-set from it). */
  sha: string
  tree: string
  record: LeaseRecord
}

export type Acquired =
  | { kind: 'acquired'; lease: HeldLease; previous: LeaseRecord | null }
  /** Another run holds a live lease. */
  | { kind: 'held'; holder: LeaseRecord; ref: string }
  /** A run that started after `eventTime` already served this event (a duplicate delivery). */
  | { kind: 'served'; by: LeaseRecord; ref: string }

export interface LeaseApi {
  acquire(request: {
    issue: number
    run: string
    url: string | null
    ttlMs: number
    now: number
    /** When the triggering event happened: a run started after it already served it (null: no check). */
    eventTime: number | null
  }): Promise<Acquired>
  /** Marks the lease released with the outcome; false when it was no longer ours (it expired and was taken). */
  release(lease: HeldLease, outcome: string, now: number): Promise<boolean>
}

const KEYS = {
  run: 'Nightshift-Lease-Run',
  url: 'Nightshift-Lease-Url',
  started: 'Nightshift-Lease-Started',
  expires: 'Nightshift-Lease-Expires',
  released: 'Nightshift-Lease-Released',
  outcome: 'Nightshift-Lease-Outcome'
} as const

export function leaseRef(issue: number): string {
  return `refs/nightshift/lock/${issue}`
}

export function formatLease(issue: number, r: LeaseRecord): string {
  const lines = [
    `nightshift lease on #${issue}`,
    '',
    `${KEYS.run}: ${r.run}`,
    ...(r.url ? [`${KEYS.url}: ${r.url}`] : []),
    `${KEYS.started}: ${new Date(r.startedAt).toISOString()}`,
    `${KEYS.expires}: ${new Date(r.expiresAt).toISOString()}`,
    ...(r.releasedAt !== null ? [`${KEYS.released}: ${new Date(r.releasedAt).toISOString()}`] : []),
    ...(r.outcome ? [`${KEYS.outcome}: ${r.outcome}`] : [])
  ]
  return `${lines.join('\n')}\n`
}

/** The record in a lease commit's message, or null when it is not one (a ref someone made by hand). */
export function parseLease(message: string): LeaseRecord | null {
  const field = (key: string) => new RegExp(`^${key}: *(.+?) *$`, 'm').exec(message)?.[1] ?? null
  const time = (key: string) => {
    const v = field(key)
    const t = v === null ? NaN : Date.parse(v)
    return Number.isFinite(t) ? t : null
  }
  const run = field(KEYS.run)
  const startedAt = time(KEYS.started)
  const expiresAt = time(KEYS.expires)
  if (run === null || startedAt === null || expiresAt === null) return null
  return {
    run,
    url: field(KEYS.url),
    startedAt,
    expiresAt,
    releasedAt: time(KEYS.released),
    outcome: field(KEYS.outcome)
  }
}

/**
 * Whether `record` still keeps `run` out at `now`: not once released or expired, and not for a re-run of
 * the same workflow run (GitHub re-runs only a finished run, so its earlier attempt is over).
 */
export function blocks(record: LeaseRecord, run: string, now: number): boolean {
  if (record.releasedAt !== null || record.expiresAt <= now || record.run === run) return false
  const [id, attempt] = run.split('/')
  const [heldId, heldAttempt] = record.run.split('/')
  return !(heldId === id && Number(heldAttempt) < Number(attempt))
}

export function createLeaseApi(octokit: Octokit, repo: { owner: string; repo: string }): LeaseApi {
  const fail = (what: string, e: unknown) => apiError(what, e)
  const short = (ref: string) => ref.replace(/^refs\//, '')

  async function read(
    ref: string
  ): Promise<{ sha: string; tree: string; record: LeaseRecord | null } | null> {
    let sha: string
    try {
      sha = (await octokit.rest.git.getRef({ ...repo, ref: short(ref) })).data.object.sha
    } catch (e) {
      if (statusOf(e) === 404) return null
      throw fail(`read the lease ${ref}`, e)
    }
    try {
      const { data } = await octokit.rest.git.getCommit({ ...repo, commit_sha: sha })
      return { sha, tree: data.tree.sha, record: parseLease(data.message) }
    } catch (e) {
      throw fail(`read the lease commit ${sha} of ${ref}`, e)
    }
  }

  async function write(issue: number, record: LeaseRecord, tree: string | null, parent: string | null) {
    try {
      // A constant one-file tree: git stores it once, and every lease commit reuses it.
      const treeSha =
        tree ??
        (
          await octokit.rest.git.createTree({
            ...repo,
            tree: [{ path: 'LEASE', mode: '100644', type: 'blob', content: 'nightshift lease\n' }]
          })
        ).data.sha
      const { data } = await octokit.rest.git.createCommit({
        ...repo,
        message: formatLease(issue, record),
        tree: treeSha,
        parents: parent ? [parent] : []
      })
      return { sha: data.sha, tree: treeSha }
    } catch (e) {
      throw fail(`write the lease for #${issue}`, e)
    }
  }

  /** Points the ref at `sha`: created when absent, else fast-forwarded from `from`. False: someone else moved it first. */
  async function swap(ref: string, sha: string, from: string | null): Promise<boolean> {
    try {
      if (from === null) await octokit.rest.git.createRef({ ...repo, ref, sha })
      else await octokit.rest.git.updateRef({ ...repo, ref: short(ref), sha, force: false })
      return true
    } catch (e) {
      // 422: the ref exists already (create), or moved so this is no fast-forward (update). Any
      // other 422 (a server that refuses the ref name) is an error, not a lost race.
      if (statusOf(e) === 422 && /already exists|fast.?forward/i.test(errorMessage(e))) return false
      throw fail(`take the lease ${ref}`, e)
    }
  }

  return {
    async acquire(q) {
      const ref = leaseRef(q.issue)
      for (let tries = 0; ; tries++) {
        const current = await read(ref)
        const previous = current?.record ?? null
        if (previous && blocks(previous, q.run, q.now)) return { kind: 'held', holder: previous, ref }
        if (previous && q.eventTime !== null && previous.startedAt > q.eventTime && previous.run !== q.run)
          return { kind: 'served', by: previous, ref }
        const record: LeaseRecord = {
          run: q.run,
          url: q.url,
          startedAt: q.now,
          expiresAt: q.now + q.ttlMs,
          releasedAt: null,
          outcome: null
        }
        const written = await write(q.issue, record, current?.tree ?? null, current?.sha ?? null)
        if (await swap(ref, written.sha, current?.sha ?? null))
          return { kind: 'acquired', lease: { issue: q.issue, ref, ...written, record }, previous }
        // Another run moved the ref between our read and our write: read again and judge its lease.
        if (tries >= 2)
          throw fail(`take the lease ${ref}`, new Error('the ref kept moving while it was being taken'))
      }
    },

    async release(lease, outcome, now) {
      const record = { ...lease.record, releasedAt: now, outcome }
      const written = await write(lease.issue, record, lease.tree, lease.sha)
      return swap(lease.ref, written.sha, lease.sha)
    }
  }
}
