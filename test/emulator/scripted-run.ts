/**
 * Scripted runs: under the `script-run` fault the next dispatch creates a run that does not execute its
 * workflow. Its k-th read (`actions/get-workflow-run`) sees `states[k]` (the last one repeats), so a test
 * holds a run queued or in progress for an exact number of polls, or ends it with a conclusion no real
 * job here produces (`startup_failure`, `action_required`, `neutral`); its jobs, steps, annotations and
 * logs are given. `hiddenFromListings` makes the first listings miss the run, as GitHub's listings lag
 * behind a dispatch.
 */
import { isoNow, type Conclusion, type Ids, type RepoStore, type Run, type RunConclusion } from './model.js'

/** A run's state as one read sees it: a status, or `completed:<conclusion>`. */
export type ScriptedState = 'queued' | 'in_progress' | `completed:${RunConclusion}`

export interface ScriptedJob {
  name: string
  conclusion: Exclude<Conclusion, 'neutral'>
  steps: { name: string; conclusion: 'success' | 'failure' | 'skipped' | 'timed_out' }[]
  annotations?: {
    path: string
    start_line: number
    annotation_level: 'notice' | 'warning' | 'failure'
    title: string | null
    message: string
  }[]
  /** The job's log as the runner writes it; `{lines: n}` writes n timestamped lines of 100 bytes or so. */
  log?: string | { lines: number }
}

export interface RunScript {
  states: ScriptedState[]
  jobs?: ScriptedJob[]
  /** How many listings of runs miss the run before it shows (default 0). */
  hiddenFromListings?: number
}

/** Gives a dispatched run its script: its jobs (completed, with their check runs) exist from the start. */
export function startScriptedRun(repo: RepoStore, run: Run, script: RunScript, ids: Ids): void {
  run.script = { states: [...script.states], reads: 0, hiddenListings: script.hiddenFromListings ?? 0 }
  const now = isoNow()
  for (const j of script.jobs ?? []) {
    const id = ids.next('check')
    repo.jobs.set(id, {
      id,
      runId: run.id,
      name: j.name,
      status: 'completed',
      conclusion: j.conclusion,
      createdAt: now,
      startedAt: now,
      completedAt: now,
      steps: j.steps.map((s, i) => ({
        name: s.name,
        number: i + 1,
        status: 'completed',
        conclusion: s.conclusion,
        startedAt: now,
        completedAt: now
      })),
      log: typeof j.log === 'object' ? generatedLog(j.log.lines) : (j.log ?? '')
    })
    run.jobIds.push(id)
    repo.checkRuns.set(id, {
      id,
      name: j.name,
      headSha: run.headSha,
      status: 'completed',
      conclusion: j.conclusion,
      startedAt: now,
      completedAt: now,
      externalId: null,
      detailsUrl: null,
      output: { title: null, summary: null, text: null },
      annotations: (j.annotations ?? []).map(a => ({
        ...a,
        end_line: a.start_line,
        start_column: null,
        end_column: null,
        raw_details: null
      })),
      checkSuiteId: run.checkSuiteId,
      app: 'github-actions'
    })
  }
  read(run, 0)
}

/** One read of a scripted run: it takes the state of that read (a run without a script is left alone). */
export function readScriptedRun(run: Run): void {
  if (run.script) read(run, run.script.reads++)
}

/** Whether a listing shows the run now; a listing that misses a scripted run counts down its delay. */
export function listedNow(run: Run): boolean {
  if (!run.script || run.script.hiddenListings <= 0) return true
  run.script.hiddenListings--
  return false
}

function read(run: Run, k: number): void {
  const states = run.script!.states
  const state = states[Math.min(k, states.length - 1)] ?? 'queued'
  const [status, conclusion] = state.split(':') as [Run['status'], RunConclusion | undefined]
  if (status === run.status && (conclusion ?? null) === run.conclusion) return
  run.status = status
  run.conclusion = conclusion ?? null
  // Only a change moves updated_at, so an unchanged run keeps its ETag and answers 304.
  run.updatedAt = isoNow()
}

function generatedLog(lines: number): string {
  const parts: string[] = []
  for (let i = 0; i < lines; i++) parts.push(`2026-03-01T10:00:00.0000000Z line ${i} ${'x'.repeat(80)}\n`)
  return parts.join('')
}
