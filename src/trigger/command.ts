/**
 * Strict parsing of comment commands. A comment is a command only when its first visible line starts
 * with the command prefix followed by a space or the line's end:
 *
 *   /nightshift run            /nightshift run --force     /nightshift retry
 *   /nightshift stop           /nightshift status          /nightshift fix-ci (on a pull request)
 *   /nightshift <free text request>
 *
 * The prefix anywhere else (mid-sentence, in a `>` quote, in a fenced or indented code block, after
 * other text) is not a command: quoting or discussing a command must never start work. Lines after
 * a keyword command are a note to humans and are ignored. A keyword followed by anything else on its
 * line (`/nightshift run now`) is refused rather than guessed at. Everything after the prefix that is
 * not a keyword is a request, which only the agent's own pull request accepts.
 */
import { stripHtmlComments, stripInvisible } from '../task/sanitize.js'

export type Command =
  | { type: 'run'; force: boolean }
  | { type: 'retry' }
  | { type: 'stop' }
  | { type: 'status' }
  | { type: 'fix-ci' }
  | { type: 'request'; text: string }

/** The parse: a command, no command at all, or the prefix with something we refuse to guess at. */
export type CommandParse =
  { kind: 'command'; command: Command } | { kind: 'none' } | { kind: 'invalid'; reason: string }

const KEYWORDS = ['run', 'retry', 'stop', 'status', 'fix-ci'] as const

export function parseCommand(body: string, prefix: string): CommandParse {
  // What a reader sees: HTML comments and invisible characters do not count (neither to hide a
  // command nor to make one).
  const visible = stripHtmlComments(stripInvisible(body.replace(/\r\n?/g, '\n')))
  const lines = visible.split('\n')
  const first = lines.findIndex(line => line.trim() !== '')
  if (first < 0) return { kind: 'none' }
  const line = lines[first]
  // Up to three spaces of indentation is still a paragraph in Markdown; four is a code block.
  const match = new RegExp(`^ {0,3}${escapeRegExp(prefix)}(?:[ \\t]+(.*))?$`).exec(line.trimEnd())
  if (!match) return { kind: 'none' }
  const rest = (match[1] ?? '').trim()
  if (rest === '') {
    return { kind: 'invalid', reason: `"${prefix}" without a command; expected ${usage(prefix)}` }
  }
  const [word, ...args] = rest.split(/\s+/)
  const keyword = KEYWORDS.find(k => k === word)
  if (keyword) {
    const extra = args.join(' ')
    if (keyword === 'run' && (extra === '' || extra === '--force')) {
      return { kind: 'command', command: { type: 'run', force: extra === '--force' } }
    }
    if (keyword !== 'run' && extra === '') return { kind: 'command', command: { type: keyword } }
    const expected =
      keyword === 'run' ? `"${prefix} run" or "${prefix} run --force"` : `"${prefix} ${keyword}"`
    return {
      kind: 'invalid',
      reason: `"${clip(line.trim())}" is not a command; expected ${expected} alone on the line`
    }
  }
  const text = [rest, ...lines.slice(first + 1)].join('\n').trim()
  return { kind: 'command', command: { type: 'request', text } }
}

export function usage(prefix: string): string {
  return `"${prefix} run", "${prefix} run --force", "${prefix} retry", "${prefix} stop", "${prefix} status", on a pull request "${prefix} fix-ci", or on the agent's pull request "${prefix} <request>"`
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}
