/**
 * What an attempt read, changed and ran, gathered from the built-in engine's tool calls and kept
 * short: the next attempt's prompt carries it so the agent does not re-read the repository from
 * nothing. Bounded in entries and characters, because it goes into every request of that attempt.
 */
import type { AttemptTrail } from './types.js'

/** At most this many files read, files changed and commands are kept (the latest commands). */
export const TRAIL_LIMITS = { files: 20, commands: 8, commandChars: 120, resultChars: 160, chars: 2000 }

interface ToolEvent {
  toolName: string
  input: unknown
}

function field(input: unknown, name: string): string | null {
  if (typeof input !== 'object' || input === null) return null
  const v = (input as Record<string, unknown>)[name]
  return typeof v === 'string' ? v : null
}

function cut(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim()
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`
}

/** `exit code 1: <last line of the output>`, from a `run_command` result. */
function commandResult(output: unknown): string {
  const text = typeof output === 'string' ? output : JSON.stringify(output ?? '')
  const lines = text.split('\n').filter(l => l.trim() !== '')
  const first = lines[0] ?? '(no output)'
  const last = lines.length > 1 ? lines[lines.length - 1]! : ''
  return cut(last ? `${first}: ${last}` : first, TRAIL_LIMITS.resultChars)
}

export class TrailRecorder {
  private readonly read: string[] = []
  private readonly commands: AttemptTrail['commands'] = []

  /** One step's tool calls and their results (matched by position in the step). */
  step(calls: ToolEvent[], results: (ToolEvent & { output: unknown })[]): void {
    for (const call of calls) {
      const path = call.toolName === 'read_file' ? field(call.input, 'path') : null
      if (path && !this.read.includes(path)) this.read.push(path)
    }
    for (const r of results) {
      if (r.toolName !== 'run_command') continue
      const command = field(r.input, 'command')
      if (command)
        this.commands.push({
          command: cut(command, TRAIL_LIMITS.commandChars),
          result: commandResult(r.output)
        })
    }
  }

  /** The bounded trail, with the files the attempt changed. */
  trail(changed: string[]): AttemptTrail {
    return {
      read: this.read.slice(0, TRAIL_LIMITS.files),
      changed: changed.slice(0, TRAIL_LIMITS.files),
      commands: this.commands.slice(-TRAIL_LIMITS.commands)
    }
  }
}

/** The trail as prompt text, never longer than `limit` characters. */
export function renderTrail(trail: AttemptTrail, limit = TRAIL_LIMITS.chars): string {
  const lines: string[] = []
  if (trail.read.length) lines.push(`Files read: ${trail.read.join(', ')}`)
  if (trail.changed.length) lines.push(`Files changed: ${trail.changed.join(', ')}`)
  if (trail.commands.length) {
    lines.push('Commands run (latest last):')
    for (const c of trail.commands) lines.push(`- \`${c.command}\` → ${c.result}`)
  }
  const text = lines.join('\n') || 'It read no file and ran no command.'
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`
}
