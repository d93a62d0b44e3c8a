/**
 * Collect what a finished run says is wrong: the failed jobs' annotations and their logs, streamed
 * into the feedback stage. Logs of passing jobs are never downloaded.
 * Annotations are capped (10 per step, 50 per job: https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md), so the logs are
 * the full record; annotations still help when a log cannot be fetched.
 */
import type { CheckAnnotation, ActionsApi } from './actions-port.js'
import type { FeedbackOptions, FeedbackResult, LogInput } from '../feedback/index.js'
import { toolAliases, toolNames } from '../feedback/parsers/index.js'
import type { Failure } from '../feedback/types.js'
import { foldLegs, type JobFailures, type LegFailure } from './legs.js'
import { LogSpool } from './log-spool.js'
import type { RunResult } from './types.js'

/** The feedback stage's entry point (`analyze` from src/feedback/index.ts). */
export type Analyzer = (logs: LogInput[], options?: FeedbackOptions) => Promise<FeedbackResult>

/** GitHub's own summary annotation of a failed step: it says nothing the failed-steps list does not. */
const EXIT_CODE_NOTE = /^Process completed with exit code \d+\.?$/

/**
 * The tools an annotation's title may name, longest first ("go vet" before "go test"): the names the
 * parsers report under and the aliases they declare, so an annotation and the log's record of the
 * same failure name the same tool. A title naming anything else stays an 'annotation'.
 */
const KNOWN_TOOLS = [...new Set([...toolNames, ...toolAliases.keys()])].sort((a, b) => b.length - a.length)
const TITLE_PATTERNS = KNOWN_TOOLS.map(t => ({
  tool: t,
  re: new RegExp(`(?:^|[^\\w-])${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^\\w-])`)
}))

export function annotationToFailure(a: CheckAnnotation): Failure | null {
  if (a.level !== 'failure' || EXIT_CODE_NOTE.test(a.message.trim())) return null
  const title = (a.title ?? '').toLowerCase()
  const tool = TITLE_PATTERNS.find(p => p.re.test(title))?.tool
  // System annotations (no source file) use the path `.github`.
  const file = a.path && a.path !== '.github' ? a.path.replace(/^\.\//, '') : null
  return {
    tool: tool === undefined ? 'annotation' : (toolAliases.get(tool) ?? tool),
    file,
    line: file ? a.startLine : null,
    column: file ? a.startColumn : null,
    test: null,
    message: a.message
  }
}

/** A job's log: the download itself, or the file it was saved to. */
type Log = LogInput['content'] | string

export interface CollectOptions {
  /** Budget of the text in characters. */
  budgetChars: number
  /** Failures left out of the text (already failing on the base branch); still returned. */
  omit?: (f: Failure) => boolean
}

/**
 * The failures of every failed job, each once, with the matrix legs it failed on (src/ci/legs.ts),
 * and the text the agent receives. With several failed jobs, each log is saved to a private temporary
 * file as it downloads (the signed URL lasts one minute and memory stays flat), read once per job to
 * tell which legs a failure came from, and once more, all together, for the text.
 */
export async function collectFailures(
  api: ActionsApi,
  analyze: Analyzer,
  result: RunResult,
  options: CollectOptions
): Promise<{ failures: LegFailure[]; feedback: string }> {
  if (result.outcome === 'success') return { failures: [], feedback: '' }
  if (result.failedJobs.length === 0) return { failures: [], feedback: describeWithoutJobs(result) }
  const notes: string[] = []
  const jobs: { name: string; annotations: Failure[]; steps: string[]; log: Log | null }[] = []
  const spool = result.failedJobs.length > 1 ? await LogSpool.create() : null
  try {
    for (const job of result.failedJobs) {
      const annotations: Failure[] = []
      for (const a of await api.listAnnotations(job.checkRunId ?? job.id)) {
        const f = annotationToFailure(a)
        if (f) annotations.push(f)
      }
      // Opened one at a time, right before use: the signed log URL lasts one minute.
      const log = await api.openJobLog(job.id)
      if (!log.ok)
        notes.push(
          `The log of job "${job.name}" could not be read (${log.reason}); its annotations are used instead.`
        )
      const saved: Log | null = !log.ok ? null : spool ? await spool.save(log.content) : log.content
      jobs.push({ name: job.name, annotations, steps: job.failedSteps, log: saved })
    }
    const all = {
      annotations: jobs.flatMap(j => j.annotations),
      failedSteps: Object.fromEntries(jobs.map(j => [j.name, j.steps]))
    }
    const perJob: JobFailures[] = []
    if (spool) {
      for (const j of jobs) {
        const one = await analyze(j.log ? [{ name: j.name, content: spool.open(j.log as string) }] : [], {
          annotations: j.annotations,
          failedSteps: { [j.name]: j.steps },
          budgetChars: 200
        })
        perJob.push({ job: j.name, failures: one.failures })
      }
    }
    const header = notes.join('\n')
    // The notes share the budget: the agent gets one text of at most `budgetChars`.
    const budget = header ? Math.max(500, options.budgetChars - header.length - 1) : options.budgetChars
    const logs = jobs.flatMap(j =>
      j.log
        ? [{ name: j.name, content: spool ? spool.open(j.log as string) : (j.log as LogInput['content']) }]
        : []
    )
    let analyzed: FeedbackResult
    try {
      analyzed = await analyze(logs, {
        ...all,
        budgetChars: budget,
        ...(options.omit ? { omit: options.omit } : {})
      })
    } finally {
      // Release any download the analyzer did not read to the end (it threw, or stopped early).
      for (const log of logs) (log.content as { destroy?: () => void }).destroy?.()
    }
    if (!spool) perJob.push({ job: jobs[0]!.name, failures: analyzed.failures })
    const failures = foldLegs(perJob, result.jobs ?? result.failedJobs)
    const { feedback } = analyzed
    return { failures, feedback: header ? `${header}\n${feedback}` : feedback }
  } finally {
    await spool?.remove()
  }
}

function describeWithoutJobs(result: RunResult): string {
  const what = result.conclusion ?? result.outcome
  switch (result.outcome) {
    case 'never_started':
      return `CI did not start: no run of "${result.run.workflow}" appeared for the dispatch on "${result.run.ref}".`
    case 'watch_timeout':
      return `CI run ${result.run.url} did not finish before the time limit; nothing was evaluated.`
    default:
      return `CI run ${result.run.url} ended "${what}" without a failed job to read; nothing in the code was evaluated.`
  }
}
