/**
 * Markdown helpers for text that reaches GitHub. Anything that came from an issue, a comment or the
 * agent is untrusted: it must render as data, never as markup of ours, and must not notify anyone.
 */

/** U+200B: invisible, and it breaks GitHub's @-mention, #reference and closing-keyword parsing. */
const ZWSP = '\u200b'

/** GitHub's closing keywords (https://docs.github.com/en/issues/tracking-your-work-with-issues/linking-a-pull-request-to-an-issue). */
const CLOSING_KEYWORD = /\b(clos(?:e|es|ed)|fix(?:es|ed)?|resolv(?:e|es|ed))\b/gi

/**
 * Stops GitHub from acting on text: `@user`/`@org/team` would notify, `#12`/`GH-12` would add a
 * cross-reference, and `fixes …` in a pull-request body would close an issue on merge.
 */
export function neutralise(text: string): string {
  return text
    .replace(/@(?=[A-Za-z0-9])/g, `@${ZWSP}`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/\bGH-(?=\d)/gi, m => `${m}${ZWSP}`)
    .replace(CLOSING_KEYWORD, m => `${m[0]}${ZWSP}${m.slice(1)}`)
}

/** `<`, `>` and `&` as entities, so no HTML tag (`</details>`, `<img onerror>`) can open or close. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** One line of untrusted text as inline markdown: no markup, no HTML, no pings, no line breaks. */
export function inline(text: string, maxChars = 300): string {
  // Cut before flattening: a 1 MB input must not cost a 1 MB regex pass per call.
  const flat = clip(
    text
      .slice(0, maxChars * 2 + 64)
      .replace(/\s+/g, ' ')
      .trim(),
    maxChars,
    text.length
  )
  return neutralise(escapeHtml(flat).replace(/[\\`*_[\]()!|~#+]/g, c => `\\${c}`))
}

/** Untrusted text inside a table cell (same as `inline`; `|` is already escaped). */
export function cell(text: string, maxChars = 120): string {
  return inline(text, maxChars)
}

/**
 * A code span that survives any content: the fence is longer than any backtick run inside, `|` is
 * escaped for tables (GFM unescapes it inside code spans too), line breaks are flattened.
 */
export function code(text: string, maxChars = 200): string {
  const flat = clip(text.slice(0, maxChars * 2 + 64).replace(/\s+/g, ' '), maxChars, text.length).replace(
    /\|/g,
    '\\|'
  )
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${flat}${pad}${fence}`
}

/**
 * Multi-line untrusted text as a fenced code block: nothing inside is markdown or HTML, so it cannot
 * close a `<details>`, start a table or mention anyone. The fence is longer than any backtick run.
 */
export function fenced(text: string, maxChars = 4000): string {
  // `<!--` is broken so quoted text can never pass for the report's hidden state block.
  const body = clip(text.slice(0, maxChars * 2).replace(/\r\n?/g, '\n'), maxChars, text.length).replace(
    /<!--/g,
    `<!${ZWSP}--`
  )
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}text\n${body}\n${fence}`
}

/**
 * Untrusted prose (the agent's summary) as a blockquote that still reads as markdown: every line is
 * quoted, HTML is escaped, images are disarmed and nothing pings or closes issues.
 */
export function quote(text: string, maxChars = 2000): string {
  const body = clip(
    text
      .slice(0, maxChars * 2)
      .replace(/\r\n?/g, '\n')
      .trim(),
    maxChars,
    text.length
  )
  if (body === '') return '> _(empty)_'
  return body
    .split('\n')
    .map(line => `> ${neutralise(escapeHtml(line).replace(/!\[/g, '!\\['))}`.trimEnd())
    .join('\n')
}

/** Cuts `text` to at most `max` characters (marker included), never inside a surrogate pair. */
export function clip(text: string, max: number, totalLength = text.length): string {
  if (text.length <= max && totalLength <= text.length) return text
  let end = Math.max(0, max - ` … (${totalLength} more characters)`.length)
  const marker = ` … (${totalLength - end} more characters)`
  if (end > 0 && /[\uD800-\uDBFF]/.test(text[end - 1] ?? '')) end--
  return marker.length >= max ? text.slice(0, max) : `${text.slice(0, end)}${marker}`
}

/** The first non-blank line of `text` (looking at its start only, so huge texts stay cheap). */
export function firstLine(text: string): string {
  return (
    text
      .slice(0, 4096)
      .split('\n')
      .find(l => l.trim() !== '') ?? ''
  )
}

/** Lines that state values: `1700 !== 1250`, `Expected: 4`, `Received: 0`, `left: 1`, `+ actual`. */
const VALUE_LINE =
  /!==|===|!=|==|\b(?:expected|received|actual|got|want(?:ed)?|left|right)\b\s*[:=]|^[-+] \S/i

/**
 * A failure message in one line: its first line, then up to `extra` later lines that state the
 * values (a reviewer wants `1700 !== 1250`, not only "Expected values to be strictly equal:").
 */
export function keyLines(text: string, extra = 2): string {
  const lines = text
    .slice(0, 4096)
    .split('\n')
    .map(l => l.trim())
    .filter(l => l !== '')
  const [first = '', ...rest] = lines
  const values = rest
    .filter(l => VALUE_LINE.test(l) && !/^[-+] (?:expected|received)\b/i.test(l))
    .slice(0, extra)
  return [first, ...values].join(' · ')
}

/** A table row; cells must already be escaped. */
export function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`
}

export function table(header: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const rule = header.map((_, i) => (align?.[i] === 'r' ? '--:' : '---'))
  return [row(header), row(rule), ...rows.map(row)].join('\n')
}

/** A link whose label is untrusted: the label is escaped, the URL must be one we built. */
export function link(label: string, url: string | null | undefined): string {
  return url ? `[${label}](${url.replace(/[()\s]/g, c => encodeURIComponent(c))})` : label
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—'
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${s % 60}s`
  return `${Math.floor(m / 60)}h ${m % 60}m`
}

export function formatCount(n: number): string {
  if (n < 1000) return String(n)
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`
  return `${(n / 1_000_000).toFixed(1)}M`
}

/** A token count; when an attempt's tokens were unknown, "unknown" (none counted) or a lower bound. */
export function formatTokens(n: number, known = true): string {
  if (known) return `${formatCount(n)} tokens`
  return n === 0 ? 'tokens unknown' : `≥ ${formatCount(n)} tokens`
}

export function formatCost(usd: number | null, known = true): string {
  if (usd === null || !known) return usd === null ? 'unknown' : `≥ $${usd.toFixed(2)}`
  return `$${usd.toFixed(usd < 0.1 && usd > 0 ? 3 : 2)}`
}

/**
 * A count with its noun in the right number: `plural(1, 'attempt')` → `1 attempt`, `plural(2, 'file')`
 * → `2 files`; with `{ count: false }` the noun alone (`steps`).
 */
export function plural(n: number, noun: string, options: { count?: boolean } = {}): string {
  const word = n === 1 ? noun : `${noun}s`
  return options.count === false ? word : `${n} ${word}`
}
