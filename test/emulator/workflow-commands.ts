/**
 * Workflow commands in step output (`::error file=…,line=…,col=…,title=…::message`) and the annotations
 * they make, with GitHub's caps: 10 errors, 10 warnings and 10 notices a step, 50 a job
 * (actions/toolkit docs/problem-matchers.md).
 */
import type { CheckAnnotation } from './model.js'

export const PER_STEP = 10
export const PER_JOB = 50

export interface ParsedCommand {
  command: string
  properties: Record<string, string>
  message: string
}

const COMMAND = /^::([a-z-]+)(?:\s+([^:]*))?::(.*)$/

/** GitHub's escaping: %25 → %, %0D → CR, %0A → LF; properties also %3A → : and %2C → ,. */
function unescape(v: string, property: boolean): string {
  let out = v.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n')
  if (property) out = out.replace(/%3A/gi, ':').replace(/%2C/gi, ',')
  return out.replace(/%25/g, '%')
}

export function parseCommand(line: string): ParsedCommand | null {
  const m = COMMAND.exec(line.trim())
  if (!m) return null
  const properties: Record<string, string> = {}
  for (const part of (m[2] ?? '').split(',')) {
    const eq = part.indexOf('=')
    if (eq > 0) properties[part.slice(0, eq).trim()] = unescape(part.slice(eq + 1), true)
  }
  return { command: m[1]!, properties, message: unescape(m[3]!, false) }
}

const LEVEL: Record<string, CheckAnnotation['annotation_level']> = {
  error: 'failure',
  warning: 'warning',
  notice: 'notice'
}

/** Collects a job's annotations, dropping those over the caps as GitHub does. */
export class AnnotationCollector {
  readonly annotations: CheckAnnotation[] = []
  private perStep = new Map<string, number>()

  startStep(): void {
    this.perStep.clear()
  }

  /** Adds the annotation a command makes; returns the log line the runner prints in its place. */
  fromCommand(cmd: ParsedCommand): string | null {
    const level = LEVEL[cmd.command]
    if (!level) return null
    const n = this.perStep.get(level) ?? 0
    if (n < PER_STEP && this.annotations.length < PER_JOB) {
      this.perStep.set(level, n + 1)
      const line = Number(cmd.properties.line ?? 1) || 1
      const col = cmd.properties.col ?? cmd.properties.column
      this.annotations.push({
        path: cmd.properties.file ?? '.github',
        start_line: line,
        end_line: Number(cmd.properties.endLine ?? line) || line,
        start_column: col ? Number(col) : null,
        end_column: cmd.properties.endColumn ? Number(cmd.properties.endColumn) : col ? Number(col) : null,
        annotation_level: level,
        title: cmd.properties.title ?? null,
        message: cmd.message,
        raw_details: null
      })
    }
    return `##[${cmd.command}]${cmd.message}`
  }

  /** The runner's own failure annotation (e.g. "Process completed with exit code 1."), also capped per job. */
  system(message: string): void {
    if (this.annotations.length >= PER_JOB) return
    this.annotations.push({
      path: '.github',
      start_line: 1,
      end_line: 1,
      start_column: null,
      end_column: null,
      annotation_level: 'failure',
      title: null,
      message,
      raw_details: null
    })
  }
}
