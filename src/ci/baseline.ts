/**
 * The baseline: what CI says about the base commit before the agent changes anything. Real default
 * branches are not always green (a dependency drifts, a test breaks on main), and an agent must be
 * judged only on the failures it adds. Before attempt 1 the loop learns the base's result: the latest
 * completed run of the CI workflow on exactly that commit when there is one (one request), else a run
 * dispatched for it. Its failures, fingerprinted without line numbers (src/ci/fingerprint.ts), are
 * the baseline. A base whose CI cannot run at all (the install fails, a command is missing, every job
 * stops before its tests) is a setup problem: nothing an agent does can be judged there.
 */
import type { Failure } from '../feedback/types.js'
import type { Task } from '../task/types.js'
import { digest } from './fingerprint.js'
import { touches } from './rerun.js'
import type { CI, RunResult } from './types.js'
import type { BaselineMode, BaselineRecord } from './baseline-record.js'

export { BASELINE_MODES, type BaselineMode, type BaselineRecord } from './baseline-record.js'

/** Failures of the base kept for the report (all of them are matched, by digest). */
export const KEPT_BASELINE_FAILURES = 30
/** Digests kept: more failures than this on the base is a base nobody can judge against. */
const MAX_KNOWN = 1000

export type BaselineResult =
  | { kind: 'ready'; record: BaselineRecord }
  /** CI cannot run on the base at all; `error` quotes what it printed, `advice` says what to change. */
  | { kind: 'cannot-run'; record: BaselineRecord; error: string; advice: string | null }
  /** CI was dispatched on the base and never started: it will not start for the agent's branch either. */
  | { kind: 'never-ran'; record: BaselineRecord }

export interface BaselineRequest {
  mode: BaselineMode
  /** The branch the work is based on (CI is dispatched there when no run is found). */
  baseBranch: string
  /** The base commit, when the caller knows it (a run found must be on exactly this commit). */
  sha: string | null
  /** Epoch ms to stop waiting at. */
  deadline: number
  log: (message: string) => void
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

function emptyRecord(
  mode: BaselineMode,
  source: BaselineRecord['source'],
  sha: string | null
): BaselineRecord {
  return {
    mode,
    source,
    sha,
    runId: null,
    runUrl: null,
    outcome: null,
    failures: [],
    failureCount: 0,
    known: [],
    note: null
  }
}

export async function establishBaseline(ci: CI, req: BaselineRequest): Promise<BaselineResult> {
  if (req.mode === 'off') return { kind: 'ready', record: emptyRecord('off', 'off', req.sha) }
  let result: RunResult | null = null
  let source: BaselineRecord['source'] = 'found'
  if (req.mode === 'auto' && ci.completedRun)
    result = await ci.completedRun({ branch: req.baseBranch, sha: req.sha }, req.deadline)
  if (result)
    req.log(`Baseline: CI run ${result.run.url} on ${req.baseBranch} (${result.headSha?.slice(0, 7)})`)
  else {
    source = 'dispatched'
    const run = await ci.dispatch(req.baseBranch, 'full')
    req.log(`Baseline: CI dispatched on ${req.baseBranch}: ${run.url || '(no run found)'}`)
    result = await ci.wait(run, req.deadline)
  }
  const record: BaselineRecord = {
    ...emptyRecord(req.mode, source, result.headSha ?? req.sha),
    runId: result.run.id || null,
    runUrl: result.run.url || null,
    outcome: result.outcome
  }
  req.log(`Baseline: ${result.outcome}`)
  if (result.outcome === 'never_started') return { kind: 'never-ran', record }
  if (result.outcome === 'success') return { kind: 'ready', record }
  if (result.outcome !== 'failure' && result.outcome !== 'timed_out') {
    record.source = 'unavailable'
    record.note = `the CI run on ${req.baseBranch} ended ${result.outcome.replace('_', ' ')}`
    return { kind: 'ready', record }
  }
  const { failures, feedback } = await ci.failures(result)
  if (cannotRun(result, failures)) {
    const advice = ci.setupAdvice ? await ci.setupAdvice() : null
    return { kind: 'cannot-run', record, error: clip(feedback, 3000), advice }
  }
  record.failures = failures.slice(0, KEPT_BASELINE_FAILURES)
  record.failureCount = failures.length
  record.known = [...new Set(failures.map(digest))].slice(0, MAX_KNOWN)
  return { kind: 'ready', record }
}

/**
 * What a CI that never got to the code prints: a missing command or module, an install that failed,
 * an action or tool that is not there. Each is a tool's or shell's own words.
 */
const SETUP_SIGNS = [
  /command not found/i,
  /^(?:\/bin\/)?(?:ba|da)?sh: (?:line )?\d+: .*: not found$/m,
  /could not determine executable to run/i,
  /\bexit code 127\b/,
  /Cannot find module|ERR_MODULE_NOT_FOUND/,
  /ModuleNotFoundError|No module named/,
  /No such file or directory/i,
  /Could not find a version that satisfies the requirement/i,
  /is not available offline|Unable to resolve action/i,
  /Error: Unable to locate executable file/i
]

/**
 * True when CI could not run on the base at all: the workflow could not start, or it failed without
 * reaching any code (no failing test, no diagnostic on a line of a file) and what it printed is a
 * setup failure (an install error, a missing command or module).
 */
export function cannotRun(result: RunResult, failures: Failure[]): boolean {
  if (result.conclusion === 'startup_failure') return true
  if (failures.length === 0) return false
  if (failures.some(f => f.test !== null || (f.file !== null && f.line !== null))) return false
  return failures.some(f => f.tool === 'npm' || SETUP_SIGNS.some(sign => sign.test(f.message)))
}

/** What a task says, for telling whether a failure is what it asks to fix. */
export interface TaskText {
  /** Title and body. */
  text: string
  /** The files it names. */
  files: string[]
}

/** The parts of a task that say what it is about. */
export function taskTextOf(task: Pick<Task, 'title' | 'body' | 'files'>): TaskText {
  return { text: `${task.title}\n${task.body}`, files: task.files }
}

/** Numbers of three digits or more and identifiers with an inner capital or underscore: `parseAmount`, `1205`. */
const DISTINCTIVE = /(?<![\w.])(?:\d{3,}(?:\.\d+)?|[A-Za-z_$][\w$]*(?:[a-z0-9][A-Z]|_)[\w$]*)(?![\w])/g

function distinctive(text: string): Set<string> {
  return new Set(text.slice(0, 4000).match(DISTINCTIVE) ?? [])
}

/**
 * True when the task is about the failure: it names the test, the file, or the module the test file
 * tests (an issue naming src/money.js is about test/money.test.js), or quotes what the failure says
 * (two of its numbers or identifiers: "returns 1205, expected 1250" for `1205 !== 1250`).
 */
export function taskIsAbout(task: TaskText, f: Failure): boolean {
  const text = task.text.toLowerCase()
  const named = (s: string | null) => s !== null && s.length >= 6 && text.includes(s.toLowerCase())
  if (named(f.test) || named(f.file)) return true
  if (f.file !== null && touches({ ...f, message: '', test: null }, task.files)) return true
  const said = distinctive(task.text)
  const head = f.message.split('\n').slice(0, 6).join('\n')
  return [...distinctive(`${f.test ?? ''}\n${head}`)].filter(t => said.has(t)).length >= 2
}

/**
 * The failures already on the base, as a predicate: a failure the baseline holds, unless the task is
 * about it, in which case fixing it is the work.
 */
export function preExisting(
  baseline: BaselineRecord | null | undefined,
  task: TaskText
): (f: Failure) => boolean {
  const known = new Set(baseline?.known ?? [])
  if (known.size === 0) return () => false
  return f => known.has(digest(f)) && !taskIsAbout(task, f)
}

/** A failure in a few words: the test (and its file), or the file and the message's first line. */
export function label(f: Failure, chars = 90): string {
  const first = f.message.split('\n').find(l => l.trim() !== '') ?? ''
  const text = f.test
    ? `${f.test}${f.file ? ` (${f.file})` : ''}`
    : `${f.file ? `${f.file}: ` : ''}${first.trim()}`
  return clip(`${f.tool} ${text}`.replace(/\s+/g, ' '), chars)
}

/** The one line the agent reads about failures that are not its own, within `chars`. */
export function preExistingLine(failures: Failure[], baseBranch: string, chars: number): string {
  if (failures.length === 0) return ''
  const head = `Already failing on ${baseBranch}, not yours (leave them): `
  const parts: string[] = []
  let size = head.length
  for (const f of failures) {
    const part = label(f, 90)
    const more = failures.length - parts.length - 1
    const tail = more > 0 ? `; and ${more} more.` : '.'
    if (size + part.length + 2 + tail.length > chars) break
    parts.push(part)
    size += part.length + 2
  }
  const left = failures.length - parts.length
  if (parts.length === 0) return clip(`${head}${failures.length} failure(s).`, chars)
  return `${head}${parts.join('; ')}${left > 0 ? `; and ${left} more` : ''}.`
}
