/**
 * Normalises one GitHub Actions job log line at a time: strips the timestamp prefix
 * (`2026-11-23T22:52:11.1234567Z `), ANSI colours and `\r` progress redraws, and tracks the step
 * each line belongs to. The runner opens each step with `##[group]Run <command>` … `##[endgroup]`
 * and writes the step's output after the group, so the current step lasts until the next
 * `##[group]Run`; other groups (a tool's own `::group::`) are nested inside the step.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 *
 * A line a problem matcher matched is written as `##[error]` (or `##[warning]`, `##[notice]`) and
 * the tool's line, unchanged (actions/runner, src/Runner.Worker/Handlers/OutputManager.cs); an
 * `::error::` command's message is written the same way. Both stay output for the parsers (an
 * eslint row needs the file line before it), marked as an annotation the runner made.
 */
import { parseWorkflowCommand, type WorkflowCommand } from './workflow-command.js'

/** What one raw log line turned out to be. */
export type LogEvent =
  /** A line of output; `annotation` when the runner wrote it as `##[error]`/`##[warning]`. */
  | { kind: 'output'; text: string; annotation?: 'error' | 'warning' }
  | { kind: 'step'; name: string }
  /** `::error`/`::warning` workflow commands as a tool printed them (logs no runner processed). */
  | { kind: 'command'; command: WorkflowCommand }
  /** `##[error]Process completed with exit code N.` and other runner verdicts on the step. */
  | { kind: 'step-failed'; reason: string; exitCode: number | null }
  | { kind: 'skip' }

// Colours and cursor movement: CSI sequences and OSC hyperlinks (ECMA-48).
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>()][0-9A-Za-z]?/g
const EXIT = /^Process completed with exit code (\d+)\.?$/
const SKIP = { kind: 'skip' } as const
/** The runner's own tags and the legacy `##[command]` spellings of workflow commands. */
const RUNNER_TAGS = new Set([
  'debug',
  'command',
  'section',
  'add-matcher',
  'remove-matcher',
  'add-mask',
  'add-path',
  'set-env',
  'set-output',
  'save-state',
  'echo',
  'stop-commands',
  'internal-set-repo-path'
])

/** Strips the runner's timestamp prefix, if the line has one. */
export function stripTimestamp(line: string): string {
  // Checked by character codes, not a regular expression: this runs on every line of the log.
  // Shape: "2026-11-23T22:52:11.1234567Z " (the fraction is optional and of any length).
  if (
    line.length < 20 ||
    line.charCodeAt(4) !== 45 ||
    line.charCodeAt(7) !== 45 ||
    line.charCodeAt(10) !== 84
  )
    return line
  if (line.charCodeAt(13) !== 58 || line.charCodeAt(16) !== 58) return line
  for (const i of DIGITS) {
    const c = line.charCodeAt(i)
    if (c < 48 || c > 57) return line
  }
  let z = 19
  if (line.charCodeAt(19) === 46) {
    z = 20
    while (z < line.length && z < 40) {
      const c = line.charCodeAt(z)
      if (c < 48 || c > 57) break
      z++
    }
  }
  if (line.charCodeAt(z) !== 90) return line
  return line.charCodeAt(z + 1) === 32 ? line.slice(z + 2) : line.slice(z + 1)
}

const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]

/** Removes ANSI escapes and keeps only what a terminal would show last on a `\r`-redrawn line. */
export function cleanText(text: string): string {
  if (text.indexOf('\x1b') !== -1) text = text.replace(ANSI, '')
  if (text.indexOf('\r') !== -1) {
    const parts = text.split('\r')
    let last = ''
    for (let i = parts.length - 1; i >= 0; i--) {
      if (parts[i] !== '') {
        last = parts[i]
        break
      }
    }
    text = last
  }
  return text
}

export class LogNormalizer {
  private first = true
  /** Inside the `##[group]Run …` header, which echoes the script, shell and env, not output. */
  private inStepHeader = false

  /** Turns one raw line (without its newline) into an event. */
  push(raw: string): LogEvent {
    let line = raw
    if (this.first) {
      this.first = false
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1)
    }
    line = cleanText(stripTimestamp(line))
    const c0 = line.charCodeAt(0)
    if (c0 === 35 && line.startsWith('##[')) return this.runnerLine(line)
    if (this.inStepHeader) return SKIP
    // The runner's closing lines belong to no step's output.
    if (c0 === 80 && line === 'Post job cleanup.') return { kind: 'step', name: line }
    if (c0 === 67 && line === 'Cleaning up orphan processes') return SKIP
    if (c0 === 58 && line.charCodeAt(1) === 58) {
      const command = parseWorkflowCommand(line)
      if (command) {
        if (command.name === 'error' || command.name === 'warning') return { kind: 'command', command }
        return SKIP // ::group::, ::add-mask:: and friends are not output
      }
    }
    return { kind: 'output', text: line }
  }

  private runnerLine(line: string): LogEvent {
    const close = line.indexOf(']')
    const tag = line.slice(3, close)
    const rest = line.slice(close + 1)
    switch (tag) {
      case 'group':
        if (rest.startsWith('Run ')) {
          this.inStepHeader = true
          return { kind: 'step', name: rest }
        }
        return SKIP
      case 'endgroup':
        this.inStepHeader = false
        return SKIP
      case 'error': {
        const exit = EXIT.exec(rest)
        if (exit) return { kind: 'step-failed', reason: rest, exitCode: Number(exit[1]) }
        if (/^The (operation was canceled|job running on runner .* has exceeded)/.test(rest)) {
          return { kind: 'step-failed', reason: rest, exitCode: null }
        }
        return { kind: 'output', text: rest, annotation: 'error' }
      }
      case 'warning':
        return { kind: 'output', text: rest, annotation: 'warning' }
      case 'notice':
        return { kind: 'output', text: rest }
      default:
        // `##[debug]`, `##[command]`, `##[section]` and commands echoed under step debug
        // (`##[add-matcher]…`, `##[set-output]…`) are the runner's, never a tool's output.
        return RUNNER_TAGS.has(tag) ? SKIP : { kind: 'output', text: line }
    }
  }
}
