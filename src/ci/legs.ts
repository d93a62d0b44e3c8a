/**
 * Matrices and runs of many jobs: the same failure in several legs of a matrix is one record that
 * names the legs it failed on, and the legs of the same job that passed ("test: fails on 18 and 20,
 * passes on 22"). Legs that were cancelled (fail-fast) or skipped judged nothing: they are named
 * apart, never as passing or failing.
 * GitHub names a matrix leg `job (value, value)` and a job of a reusable workflow `caller / callee`
 * (https://docs.github.com/en/actions/how-tos/write-workflows/choose-what-workflows-do/run-job-variations).
 */
import type { Failure } from '../feedback/types.js'
import { fingerprint } from './fingerprint.js'

/** Where a failure was seen, when the run had more than one job of its kind. */
export interface Legs {
  /** The jobs (legs) it failed on. */
  failed: string[]
  /** Legs of the same job that passed. */
  passed: string[]
  /** Legs of the same job that were cancelled (fail-fast) or skipped. */
  cancelled: string[]
}

/** A failure, with the matrix legs it failed on when there were several. */
export type LegFailure = Failure & { legs?: Legs }

/** A job of the run and how it ended. */
export interface JobSummary {
  name: string
  conclusion: string | null
}

export interface JobFailures {
  job: string
  failures: Failure[]
}

/** `test (18, ubuntu-latest)` → family `test`, values `18`, `ubuntu-latest`; other names are their own family. */
export function splitJobName(name: string): { family: string; values: string[] } {
  const m = /^(.*\S) \(([^()]*)\)$/.exec(name)
  return m ? { family: m[1]!, values: m[2]!.split(', ') } : { family: name, values: [] }
}

/**
 * One record per failure across the jobs, in the order first seen. Within one job, two records with
 * the same fingerprint stay two (the same lint message on two lines); across jobs, the n-th of each
 * is the same failure.
 */
export function foldLegs(perJob: JobFailures[], jobs: JobSummary[]): LegFailure[] {
  const byKey = new Map<string, { failure: Failure; jobs: string[] }>()
  for (const { job, failures } of perJob) {
    const seen = new Map<string, number>()
    for (const f of failures) {
      const fp = fingerprint(f)
      const n = seen.get(fp) ?? 0
      seen.set(fp, n + 1)
      const key = `${fp}\u0002${n}`
      const entry = byKey.get(key)
      if (entry) {
        if (!entry.jobs.includes(job)) entry.jobs.push(job)
      } else byKey.set(key, { failure: f, jobs: [job] })
    }
  }
  // A leg that failed for other tests ran its tests: this one passed there.
  const ranTests = new Set(perJob.filter(j => j.failures.some(f => f.test !== null)).map(j => j.job))
  return [...byKey.values()].map(({ failure, jobs: failedIn }) => {
    const legs = legsOf(failedIn, jobs, failure.test !== null ? ranTests : new Set())
    return legs ? { ...failure, legs } : failure
  })
}

/**
 * The legs to name, or null for a failure of a job that has no siblings and failed alone. A sibling
 * passed when it succeeded, or when it failed for other tests (`ranTests`): its tests ran, this one
 * not among the failures. A sibling that failed otherwise (an earlier step) is not named.
 */
export function legsOf(failedIn: string[], jobs: JobSummary[], ranTests = new Set<string>()): Legs | null {
  const families = new Set(failedIn.map(j => splitJobName(j).family))
  const siblings = jobs.filter(j => !failedIn.includes(j.name) && families.has(splitJobName(j.name).family))
  if (failedIn.length < 2 && siblings.length === 0) return null
  return {
    failed: failedIn,
    passed: siblings.filter(j => j.conclusion === 'success' || ranTests.has(j.name)).map(j => j.name),
    cancelled: siblings
      .filter(j => j.conclusion === 'cancelled' || j.conclusion === 'skipped')
      .map(j => j.name)
  }
}

function and(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}

/**
 * "test: fails on 18 and 20, passes on 22" when the legs are one matrix job (the values every leg
 * shares are left out), else the job names in full.
 */
export function describeLegs(legs: Legs): string {
  const all = [...legs.failed, ...legs.passed, ...legs.cancelled].map(splitJobName)
  const family = all[0]?.family
  const matrix =
    all.length > 1 &&
    all.every(p => p.family === family && p.values.length > 0 && p.values.length === all[0]!.values.length)
  let label = (name: string) => name
  let lead = ''
  if (matrix) {
    const varying = all[0]!.values.map((_, i) => all.some(p => p.values[i] !== all[0]!.values[i]))
    label = name =>
      splitJobName(name)
        .values.filter((_, i) => varying[i])
        .join(', ')
    lead = `${family}: `
  }
  const parts = [`fails on ${and(legs.failed.map(label))}`]
  if (legs.passed.length) parts.push(`passes on ${and(legs.passed.map(label))}`)
  let text = lead + parts.join(', ')
  if (legs.cancelled.length)
    text += `; ${and(legs.cancelled.map(label))} ${legs.cancelled.length === 1 ? 'was' : 'were'} cancelled or skipped`
  return text
}
