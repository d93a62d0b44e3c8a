/**
 * The compact copy of the loop's state kept in the check run's text, as a hidden HTML comment:
 * `<!-- nightshift-state:v1 <base64 of gzip JSON> -->`. It is the last-resort source for
 * `/nightshift retry` when the cache has nothing, so it is small (long texts cut, few failures kept)
 * and decoding trusts nothing: wrong version, bad base64, a broken gzip stream, oversized output or a
 * shape that is not a LoopState all give null.
 */
import { gunzipSync, gzipSync } from 'node:zlib'
import type { Failure } from '../feedback/types.js'
import type { CiRecord, LoopState } from '../loop/state.js'
import { parseState } from './schema.js'

const MARKER = 'nightshift-state:v1'
const BLOCK = /^<!-- nightshift-state:v1 ([A-Za-z0-9+/=]+) -->$/
/** Decoded JSON larger than this is refused (a gzip bomb would otherwise expand in memory). */
const MAX_JSON_BYTES = 2 * 1024 * 1024
/** Base64 longer than this cannot be ours (the check run's text is at most 65,535 characters). */
const MAX_ENCODED_CHARS = 65_535

export interface CompactLimits {
  /** Failures kept per CI record. */
  failures: number
  /** Characters kept of each failure message. */
  message: number
  /** Characters kept of long free texts (issue body, summaries, feedback). */
  text: number
}

const LEVELS: CompactLimits[] = [
  { failures: 10, message: 300, text: 4000 },
  { failures: 3, message: 120, text: 1000 },
  { failures: 0, message: 0, text: 200 }
]

function cut(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max)
}

function compactFailures(failures: Failure[], l: CompactLimits): Failure[] {
  return failures.slice(0, l.failures).map(f => ({ ...f, message: cut(f.message, l.message) }))
}

function compactCi(ci: CiRecord | null, l: CompactLimits): CiRecord | null {
  if (!ci) return null
  return {
    ...ci,
    failures: compactFailures(ci.failures, l),
    ...(ci.preExisting ? { preExisting: compactFailures(ci.preExisting, l) } : {}),
    ...(ci.flaky ? { flaky: ci.flaky.slice(0, 20).map(t => cut(t, 300)) } : {})
  }
}

/** A copy of `state` with long texts cut and failures capped; still a valid LoopState. */
export function compactState(state: LoopState, l: CompactLimits = LEVELS[0] as CompactLimits): LoopState {
  const list = (xs: string[]) => xs.slice(0, 50).map(x => cut(x, 300))
  return {
    ...state,
    task: {
      ...state.task,
      title: cut(state.task.title, 300),
      body: cut(state.task.body, l.text),
      files: list(state.task.files),
      reproduction: list(state.task.reproduction),
      acceptance: list(state.task.acceptance)
    },
    verdict: { ...state.verdict, reasons: list(state.verdict.reasons) },
    // Only the latest attempt's trail reaches a prompt; older ones are dropped.
    attempts: state.attempts.map(({ trail, ...a }, i, all) => ({
      ...a,
      ...(trail && i === all.length - 1 ? { trail } : {}),
      summary: cut(a.summary, l.text),
      changedFiles: list(a.changedFiles),
      problem: a.problem === null ? null : cut(a.problem, l.message || 200),
      guard: {
        refused: a.guard.refused
          .slice(0, 20)
          .map(g => ({ path: cut(g.path, 300), reason: cut(g.reason, 200) })),
        flagged: a.guard.flagged
          .slice(0, 20)
          .map(g => ({ path: cut(g.path, 300), reason: cut(g.reason, 200) }))
      },
      ci: compactCi(a.ci, l)
    })),
    rebase: state.rebase ? { ...state.rebase, conflicts: list(state.rebase.conflicts) } : null,
    finalCi: compactCi(state.finalCi, l),
    // Each run learns its baseline afresh, so the digests here only tell the story: a few suffice.
    ...(state.baseline
      ? {
          baseline: {
            ...state.baseline,
            failures: compactFailures(state.baseline.failures, l),
            known: state.baseline.known.slice(0, l.failures * 10)
          }
        }
      : {}),
    nextStep: state.nextStep === null ? null : cut(state.nextStep, 1000),
    ...(state.error !== undefined ? { error: state.error === null ? null : cut(state.error, 1000) } : {}),
    lastFeedback: state.lastFeedback === null ? null : cut(state.lastFeedback, l.text * 2)
  }
}

function pack(state: LoopState): string {
  return gzipSync(Buffer.from(JSON.stringify(state), 'utf8'), { level: 9 }).toString('base64')
}

/**
 * The hidden block for `state`, compacted until it fits `maxChars` (default 16,000: a quarter of the
 * check run's text). Returns '' only if even the smallest form does not fit.
 */
export function encodeState(state: LoopState, maxChars = 16_000): string {
  for (const level of LEVELS) {
    const block = `<!-- ${MARKER} ${pack(compactState(state, level))} -->`
    if (block.length <= maxChars) return block
  }
  return ''
}

/** The state in one encoded block (or a text containing one); null for anything that is not exactly that. */
export function decodeState(encoded: string): LoopState | null {
  const match = BLOCK.exec(encoded.trim())
  const payload = match?.[1]
  if (payload === undefined || payload.length > MAX_ENCODED_CHARS || payload.length % 4 !== 0) return null
  try {
    const json = gunzipSync(Buffer.from(payload, 'base64'), { maxOutputLength: MAX_JSON_BYTES }).toString(
      'utf8'
    )
    return parseState(JSON.parse(json))
  } catch {
    return null
  }
}

/**
 * `text` without the state block at its end (what a reader sees); `text` itself when it ends with none.
 * The block changes with every timestamp, so comparing texts without it tells whether anything visible
 * changed.
 */
export function withoutState(text: string): string {
  const tail = text.trimEnd()
  const start = tail.lastIndexOf(`<!-- ${MARKER} `)
  return start >= 0 && BLOCK.test(tail.slice(start)) ? tail.slice(0, start) : text
}

/**
 * The state kept in a check run's `text` (the fallback of resume when the cache has nothing). Only a
 * block at the very end counts: the report appends its own there, so a look-alike quoted from an
 * issue earlier in the text is never read.
 */
export function stateFromCheckRunText(text: string | null | undefined): LoopState | null {
  if (!text) return null
  const tail = text.trimEnd()
  const start = tail.lastIndexOf(`<!-- ${MARKER} `)
  return start >= 0 && tail.endsWith('-->') ? decodeState(tail.slice(start)) : null
}
