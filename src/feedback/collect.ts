/**
 * Runs the normaliser and the tool parsers over one job's log lines. A parser starts when its
 * signature line shows up in a step (the few lines before are replayed to it), runs until the
 * step ends, and several may run at once. Workflow commands and `##[error]` lines become failures
 * themselves; a failed step nobody explained gets the fallback.
 */
import { StepAnnotations } from './annotations.js'
import { StepTail } from './fallback.js'
import type { Findings, FoundFailure } from './found.js'
import { LogNormalizer } from './normalize.js'
import type { ParsedFailure, ParserSpec, ParserState } from './parsers/index.js'
import type { WorkflowCommand } from './workflow-command.js'

const LOOKBACK = 12
/**
 * Parsers see at most this much of a line. Diagnostics are short; the agent's code controls the log,
 * and some of the parsers' patterns are quadratic in the line's length on crafted input
 * (`a:1:1: a:1:1: …`), so a long line must not reach them whole.
 */
export const MAX_PARSE_CHARS = 1024
const SETUP_STEP = 'Set up job'

export class JobCollector {
  private readonly normalizer = new LogNormalizer()
  private readonly anyDetect: RegExp
  private step = SETUP_STEP
  private active = new Map<ParserSpec, ParserState>()
  private recent: string[] = []
  private tail = new StepTail()
  private errorsInStep = 0
  /** What the parsers reported in this step, to tell which `##[error]` lines they explained. */
  private parsedInStep: FoundFailure[] = []
  private annotations = new StepAnnotations()
  private stepFailed: { exitCode: number | null; reason: string } | null = null

  constructor(
    private readonly job: string,
    private readonly specs: readonly ParserSpec[],
    private readonly findings: Findings,
    /** Steps the API reported as failed for this job, by name. */
    private readonly apiFailedSteps: readonly string[] = []
  ) {
    // One combined test per line; the individual signatures run only when it matches.
    this.anyDetect = new RegExp(specs.map(s => `(?:${s.detect.source})`).join('|'))
  }

  line(raw: string): void {
    const e = this.normalizer.push(raw)
    switch (e.kind) {
      case 'output':
        if (e.annotation) this.annotations.add(e.text, e.annotation)
        return this.output(e.text)
      case 'step':
        this.endStep()
        this.step = e.name
        return
      case 'command':
        return this.command(e.command)
      case 'step-failed':
        this.stepFailed = { exitCode: e.exitCode, reason: e.reason }
        return
      case 'skip':
        return
    }
  }

  end(): void {
    this.endStep()
  }

  private output(text: string): void {
    if (text.length > MAX_PARSE_CHARS) text = text.slice(0, MAX_PARSE_CHARS)
    if (
      this.step === SETUP_STEP ||
      text.charCodeAt(0) === 91 /* [command] */ ||
      text.startsWith('rootdir: ') ||
      // actions/checkout prints it inside its own step; self-hosted workspaces match no known layout.
      text.startsWith("Working directory is '")
    ) {
      this.rootHint(text)
    }
    for (const state of this.active.values()) state.line(text)
    if (this.active.size < this.specs.length && this.anyDetect.test(text)) {
      for (const spec of this.specs) {
        if (this.active.has(spec) || !spec.detect.test(text)) continue
        const state = spec.create({
          step: this.step,
          emit: f => this.emit(f, true),
          total: line => this.findings.addTotal(spec.tool, line.trim())
        })
        for (const r of this.recent) state.line(r)
        state.line(text)
        this.active.set(spec, state)
      }
    }
    this.recent.push(text)
    if (this.recent.length > LOOKBACK) this.recent.shift()
    this.tail.line(text)
  }

  private rootHint(text: string): void {
    const m =
      /^Working directory is '(.+)'$/.exec(text) ??
      /^\[command\]\S*git(?:\.exe)? init (.+)$/.exec(text) ??
      /^rootdir: (.+?)(?:, (?:configfile|inifile|testpaths|plugins): .*)?$/.exec(text)
    if (m) this.findings.roots.add(m[1].trim())
  }

  private emit(f: ParsedFailure, parsed = false): void {
    const found: FoundFailure = {
      tool: f.tool,
      file: f.file,
      line: f.line,
      column: f.column,
      test: f.test,
      message: f.message,
      severity: f.severity ?? 'error',
      job: this.job,
      step: this.step
    }
    if (f.goPackage) found.goPackage = f.goPackage
    if (found.severity === 'error') this.errorsInStep++
    if (parsed && this.parsedInStep.length < 1000) this.parsedInStep.push(found)
    this.findings.add(found)
  }

  private command(c: WorkflowCommand): void {
    const p = c.properties
    const line = Number(p.line ?? p.startLine)
    const column = Number(p.col ?? p.column ?? p.startColumn)
    const title = p.title?.trim()
    const text = c.message.trim()
    this.emit({
      tool: 'annotation',
      file: p.file?.trim() || null,
      line: Number.isInteger(line) && line > 0 ? line : null,
      column: Number.isInteger(column) && column > 0 ? column : null,
      test: null,
      message: title && !text.includes(title) ? `${title}: ${text}` : text,
      severity: c.name === 'warning' ? 'warning' : 'error'
    })
  }

  private endStep(): void {
    for (const state of this.active.values()) state.end()
    for (const a of this.annotations.unexplained(this.parsedInStep)) {
      this.command({ name: a.severity, properties: {}, message: a.text })
    }
    const failed =
      this.stepFailed ??
      (this.apiFailedSteps.includes(this.step) ? { exitCode: null, reason: 'failed' } : null)
    if (failed) {
      this.findings.addStep({ job: this.job, step: this.step, ...failed })
      if (this.errorsInStep === 0) {
        const summary = this.tail.summary()
        if (summary)
          this.emit({ tool: 'log', file: null, line: null, column: null, test: null, message: summary })
      }
    }
    this.active = new Map()
    this.recent = []
    this.tail = new StepTail()
    this.errorsInStep = 0
    this.parsedInStep = []
    this.annotations = new StepAnnotations()
    this.stepFailed = null
  }
}
