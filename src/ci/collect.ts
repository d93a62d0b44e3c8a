/**
 * Collect what a finished run says is wrong: the failed jobs' annotations and their logs, streamed
 * into the feedback stage. Logs of passing jobs are never downloaded.
 * Annotations are capped (10 per step, 50 per job: https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md), so the logs are
 * the full record; annotations still help when a log cannot be fetched.
 */
import type { CheckAnnotation, ActionsApi } from './actions-port.js'
import type { FeedbackOptions, FeedbackResult, LogInput } from '../feedback/index.js'
import { toolNames } from '../feedback/parsers/index.js'
import type { Failure } from '../feedback/types.js'
import type { RunResult } from './types.js'

/** The feedback stage's entry point (`analyze` from src/feedback/index.ts). */
export type Analyzer = (logs: LogInput[], options?: FeedbackOptions) => Promise<FeedbackResult>

/** GitHub's own summary annotation of a failed step: it says nothing the failed-steps list does not. */
const EXIT_CODE_NOTE = /^Process completed with exit code \d+\.?$/

/**
 * The tools an annotation's title may name, longest first ("go vet" before "go"): the parsers'
 * own names, and the names problem matchers and reporters use for the same tools.
 */
const KNOWN_TOOLS = [...new Set([...toolNames, 'typescript', 'cargo', 'go'])].sort(
  (a, b) => b.length - a.length
)
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
    tool: tool === 'typescript' ? 'tsc' : (tool ?? 'annotation'),
    file,
    line: file ? a.startLine : null,
    column: file ? a.startColumn : null,
    test: null,
    message: a.message
  }
}

export async function collectFailures(
  api: ActionsApi,
  analyze: Analyzer,
  result: RunResult,
  budgetChars: number
): Promise<FeedbackResult> {
  if (result.outcome === 'success') return { failures: [], feedback: '' }
  const notes: string[] = []
  const annotations: Failure[] = []
  const failedSteps: Record<string, string[]> = {}
  const logs: LogInput[] = []
  for (const job of result.failedJobs) {
    failedSteps[job.name] = job.failedSteps
    for (const a of await api.listAnnotations(job.checkRunId ?? job.id)) {
      const f = annotationToFailure(a)
      if (f) annotations.push(f)
    }
    // Opened one at a time, right before use: the signed log URL lasts one minute.
    const log = await api.openJobLog(job.id)
    if (log.ok) logs.push({ name: job.name, content: log.content })
    else
      notes.push(
        `The log of job "${job.name}" could not be read (${log.reason}); its annotations are used instead.`
      )
  }
  if (result.failedJobs.length === 0) {
    return { failures: [], feedback: describeWithoutJobs(result) }
  }
  const header = notes.join('\n')
  // The notes share the budget: the agent gets one text of at most `budgetChars`.
  const budget = header ? Math.max(500, budgetChars - header.length - 1) : budgetChars
  let analyzed: FeedbackResult
  try {
    analyzed = await analyze(logs, { annotations, failedSteps, budgetChars: budget })
  } finally {
    // Release any download the analyzer did not read to the end (it threw, or stopped early).
    for (const log of logs) (log.content as { destroy?: () => void }).destroy?.()
  }
  const { failures, feedback } = analyzed
  return { failures, feedback: header ? `${header}\n${feedback}` : feedback }
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
