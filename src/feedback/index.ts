/**
 * The feedback stage's entry point: job logs in, failures and the agent's feedback text out.
 * Streaming: a log is read line by line, never whole in memory.
 */
import { JobCollector } from './collect.js'
import { fold } from './fold.js'
import { Findings, toFailure, type FoundFailure } from './found.js'
import { LineSplitter } from './lines.js'
import { parsers } from './parsers/index.js'
import { resolvePaths } from './paths.js'
import { DEFAULT_BUDGET, ordered, render } from './render.js'
import type { Failure, FeedbackResult } from './types.js'

export type { Failure, FeedbackResult } from './types.js'

/** One job's raw GitHub Actions log. */
export interface LogInput {
  /** The job's name (shown in the feedback). */
  name: string
  /** The raw log bytes (a file stream, a fetch body, or strings). */
  content: AsyncIterable<Buffer | Uint8Array | string>
}

export interface FeedbackOptions {
  /** Budget of the rendered feedback in characters (default 6000). */
  budgetChars?: number
  /** Failures already known from check-run annotations; folded with what the logs show. */
  annotations?: Failure[]
  /** The failed steps of each job, when the API told us (job name → step names). */
  failedSteps?: Record<string, string[]>
  /**
   * The repository's checkout path on the runner, when the caller knows it; otherwise it is
   * taken from the log (checkout's working directory, the runner's layout, matching paths).
   */
  workspace?: string
  /**
   * Failures the caller accounts for elsewhere (already failing on the base branch): still returned,
   * but left out of the text, with the failed steps that showed nothing else.
   */
  omit?: (f: Failure) => boolean
}

export async function analyze(logs: LogInput[], options: FeedbackOptions = {}): Promise<FeedbackResult> {
  const budget = options.budgetChars ?? DEFAULT_BUDGET
  if (!Number.isInteger(budget) || budget < 200) {
    throw new RangeError(`budgetChars must be an integer of at least 200, got ${String(options.budgetChars)}`)
  }
  const findings = new Findings()
  if (options.workspace) findings.roots.add(options.workspace)
  for (const log of logs) {
    const job = new JobCollector(log.name, parsers, findings, options.failedSteps?.[log.name])
    const splitter = new LineSplitter(line => job.line(line))
    for await (const chunk of log.content) splitter.push(chunk)
    splitter.end()
    job.end()
  }
  for (const [job, steps] of Object.entries(options.failedSteps ?? {})) {
    if (!logs.some(l => l.name === job))
      for (const step of steps) findings.addStep({ job, step, exitCode: null, reason: 'failed' })
  }
  for (const a of options.annotations ?? []) {
    findings.add({ ...a, tool: a.tool || 'annotation', severity: 'error', job: '', step: '' })
  }
  // Files of failures past the cap are only listed, but listed as the agent would look for them.
  const dropped: FoundFailure[] = [...findings.droppedFiles].map(file => ({
    tool: '',
    file,
    line: null,
    column: null,
    test: null,
    message: '',
    severity: 'error',
    job: '',
    step: ''
  }))
  resolvePaths([...findings.failures, ...dropped], findings.roots)
  const failures: FoundFailure[] = ordered(fold(findings.failures))
  const droppedFiles = [...new Set(dropped.map(d => d.file!))]
  const omit = options.omit
  const isShown = (f: FoundFailure) => !omit || !omit(toFailure(f))
  const shown = failures.filter(isShown)
  // A step whose every failure is left out is left out too (judged before folding, which keeps one
  // job's name for a failure seen in several).
  const steps = findings.steps.filter(s => {
    const mine = findings.failures.filter(f => f.job === s.job && f.step === s.step)
    return mine.length === 0 || mine.some(isShown)
  })
  const feedback = render(
    {
      failures: shown,
      steps,
      totals: [...findings.totals],
      dropped: findings.dropped,
      droppedFiles
    },
    budget
  )
  return { failures: failures.map(toFailure), feedback }
}
