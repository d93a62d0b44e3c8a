/**
 * A failure's identity across runs: the same failure on the base commit and on the agent's branch, or
 * in two legs of a matrix, must compare equal although line numbers shift with every edit, timings
 * change, and each leg runs in its own tool-cache folder. So the fingerprint keeps the tool, the file,
 * the test name and the message's first line, with the parts that vary between runs of the same code
 * taken out.
 */
import { createHash } from 'node:crypto'
import type { Failure } from '../feedback/types.js'

/** What changes between two runs of the same failing code, with what it becomes. */
const VARIES: [RegExp, string][] = [
  // file:line:col, (line 12), line 12, :12
  [/:\d+(?::\d+)?\b/g, ':_'],
  [/\bline \d+\b/gi, 'line _'],
  // Durations and timings: (12ms), 1.5s, 300 ms, duration_ms 12.3
  [/\b\d+(?:\.\d+)?\s?(?:ms|s|sec|seconds|milliseconds)\b/gi, '_t'],
  [/\bduration_ms\s+[\d.]+/gi, 'duration_ms _'],
  // Memory addresses, hashes printed by runtimes, process ids
  [/\b0x[0-9a-f]+\b/gi, '0x_'],
  [/\bpid[ =:]\s?\d+\b/gi, 'pid _'],
  // The runner's and the tool cache's folders differ per leg and per machine
  [/\/opt\/hostedtoolcache\/[^/\s]+\/[^/\s]+\//g, '<toolcache>/'],
  [/(?:\/home\/runner\/work|\/__w|[A-Z]:\\a)\/[^/\s]+\/[^/\s]+\//g, ''],
  [/\/tmp\/[\w.-]+\//g, '<tmp>/'],
  [/\s+/g, ' ']
]

/** The message's first line, without what varies from run to run. */
export function normaliseMessage(message: string, allLines = false): string {
  const text = allLines
    ? message
    : (message
        .split('\n')
        .map(l => l.trim())
        .find(l => l !== '') ?? '')
  let out = text
  for (const [pattern, replacement] of VARIES) out = out.replace(pattern, replacement)
  return out.trim()
}

/**
 * tool, file, test and normalised message. The fallback's records (`log`) are a failed step's last
 * lines, whose first line is often a generic banner: all of their lines count.
 */
export function fingerprint(f: Failure): string {
  const message = normaliseMessage(f.message, f.tool === 'log')
  return [f.tool, f.file ?? '', f.test ?? '', message].join('\u0001')
}

/**
 * A short stable digest of a fingerprint, for the saved state (a baseline can hold hundreds of
 * failures; their digests stay small enough for the check run's copy of the state).
 */
export function digest(f: Failure): string {
  return createHash('sha256').update(fingerprint(f)).digest('hex').slice(0, 16)
}
