/**
 * The shape of the base commit's CI result as the loop's state keeps it, and the modes of the
 * `baseline` input. Apart from src/ci/baseline.ts, which computes it, so that reading the settings (on
 * the start path of every event) and matching failures against it load none of that code.
 */
import type { LegFailure } from './legs.js'
import type { CiOutcome } from './types.js'

/** `baseline` input: `auto` (a run found on the base commit, else one dispatched), `dispatch` (always one), `off`. */
export type BaselineMode = 'auto' | 'dispatch' | 'off'
export const BASELINE_MODES: readonly BaselineMode[] = ['auto', 'dispatch', 'off']

/** The base commit's CI result as the loop's state keeps it. */
export interface BaselineRecord {
  mode: BaselineMode
  /** A completed run found on the commit, one dispatched for it, none asked for, or none to be had. */
  source: 'found' | 'dispatched' | 'off' | 'unavailable'
  /** The commit CI tested, when known. */
  sha: string | null
  runId: number | null
  runUrl: string | null
  outcome: CiOutcome | null
  /** The failures already there (the first few), with their matrix legs. */
  failures: LegFailure[]
  failureCount: number
  /** Digests of every failure's fingerprint. */
  known: string[]
  /** Why there is no baseline, when `source` is `unavailable`. */
  note: string | null
  /** API requests spent learning it (counted ones, and 304s that are free), when they were counted. */
  api?: { requests: number; notModified: number }
}
