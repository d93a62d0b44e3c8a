/**
 * A job's annotations as the runner records them (actions/runner src/Runner.Worker/ExecutionContext.cs
 * AddIssue): the message masked and cut to 4096 characters, at most 10 errors, 10 warnings and 10
 * notices a step, and at most 50 a job (https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md).
 * An annotation without a file is shown on `.github`, as GitHub does for check-run annotations.
 */
import type { CheckAnnotation } from './model.js'
import type { SecretMasker } from './secret-masker.js'

export const PER_STEP = 10
export const PER_JOB = 50
const MAX_MESSAGE = 4096

export type IssueLevel = 'error' | 'warning' | 'notice'

const LEVEL: Record<IssueLevel, CheckAnnotation['annotation_level']> = {
  error: 'failure',
  warning: 'warning',
  notice: 'notice'
}

export interface IssueLocation {
  file?: string
  line?: number
  endLine?: number
  column?: number
  endColumn?: number
  title?: string
}

export class AnnotationCollector {
  readonly annotations: CheckAnnotation[] = []
  private perStep = new Map<IssueLevel, number>()

  constructor(private readonly masker: SecretMasker) {}

  startStep(): void {
    this.perStep.clear()
  }

  add(level: IssueLevel, message: string, at: IssueLocation): void {
    const n = this.perStep.get(level) ?? 0
    if (n >= PER_STEP || this.annotations.length >= PER_JOB) return
    this.perStep.set(level, n + 1)
    const line = at.line ?? 1
    const endLine = at.endLine !== undefined && at.endLine >= line ? at.endLine : line
    this.annotations.push({
      path: at.file || '.github',
      start_line: line,
      end_line: endLine,
      start_column: at.column ?? null,
      end_column: at.endColumn ?? at.column ?? null,
      annotation_level: LEVEL[level],
      title: at.title ?? null,
      message: this.masker.mask(message).slice(0, MAX_MESSAGE),
      raw_details: null
    })
  }
}
