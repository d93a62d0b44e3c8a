/** Internal types shared by the collector, the path resolver, the folding and the renderer. */
import type { Failure, ParsedFailure } from './types.js'

/**
 * A failure as the feedback stage found it: its severity settled, and the job and step it came from
 * (empty for the check run's annotations). Reduced to the public `Failure` on the way out.
 */
export interface FoundFailure extends ParsedFailure {
  severity: 'error' | 'warning'
  job: string
  step: string
}

/** A step the runner (or the API) marked as failed. */
export interface FailedStep {
  job: string
  step: string
  exitCode: number | null
  reason: string
}

/** Everything found in the logs, bounded so that memory stays flat in the log's size. */
export class Findings {
  static readonly MAX_FAILURES = 1000
  static readonly MAX_MESSAGE_CHARS = 2000
  readonly failures: FoundFailure[] = []
  readonly steps: FailedStep[] = []
  /** Workspace roots the log revealed (checkout's working directory, pytest's rootdir, …). */
  readonly roots = new Set<string>()
  dropped = 0
  readonly droppedFiles = new Set<string>()
  /** Each tool's own count line, last one wins ("Tests: 31 failed, 2 passed"). */
  readonly totals = new Map<string, string>()

  addTotal(tool: string, line: string): void {
    if (this.totals.size < 20 || this.totals.has(tool)) this.totals.set(tool, own(line.slice(0, 200)))
  }

  add(f: FoundFailure): void {
    if (f.message.length > Findings.MAX_MESSAGE_CHARS)
      f.message = f.message.slice(0, Findings.MAX_MESSAGE_CHARS) + '…'
    // Parsers hand over slices of the decoded chunk; copying them lets each chunk be collected.
    f.message = own(f.message)
    f.file = f.file === null ? null : own(f.file)
    f.test = f.test === null ? null : own(f.test)
    if (this.failures.length < Findings.MAX_FAILURES) {
      this.failures.push(f)
      return
    }
    this.dropped++
    if (f.file && this.droppedFiles.size < 200) this.droppedFiles.add(f.file)
  }

  addStep(s: FailedStep): void {
    if (this.steps.length < 100 && !this.steps.some(o => o.job === s.job && o.step === s.step))
      this.steps.push(s)
  }
}

/** A copy of `s` that does not keep the (much larger) string it was sliced from alive. */
export function own(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8')
}

export function toFailure(f: FoundFailure): Failure {
  return { tool: f.tool, file: f.file, line: f.line, column: f.column, test: f.test, message: f.message }
}
