/**
 * Removes what a reader of the rendered issue cannot see, so hidden text cannot smuggle instructions
 * to the agent (DESIGN.md, security model: "hidden markdown and HTML comments stripped"):
 * HTML comments (terminated or not), link reference definitions (never rendered; `[//]: # (...)` is
 * the common "markdown comment"), HTML elements hidden by the `hidden` attribute or an inline style,
 * and invisible or direction-changing characters.
 *
 * It strips everywhere, code blocks included: a renderer that disagrees with us about where a code
 * block ends must not let a hidden comment through, and losing a literal `<!-- -->` from a code sample
 * costs little.
 */

/**
 * Zero-width characters, bidi controls (the "Trojan Source" set, CVE-2021-42574) and Unicode tag
 * characters U+E0000–U+E007F, which render as nothing yet spell ASCII text a model reads
 * ("ASCII smuggling"). Also the soft hyphen, the Arabic letter mark and the Mongolian vowel separator.
 */
const INVISIBLE =
  /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u{E0000}-\u{E007F}]/gu

/** Removes invisible and bidi control characters. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '')
}

/** Removes HTML comments; an unterminated `<!--` hides the rest of the text, so the rest goes too. */
export function stripHtmlComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(?:-->|$)/g, '')
}

/**
 * Link reference definitions (CommonMark §4.7): `[label]: destination "optional title"`, where the
 * title may use "", '' or () and continue on the next line. They never render, so the whole line goes.
 */
const LINK_REFERENCE =
  /^ {0,3}\[[^\]\n]{1,999}\]:[ \t]*(?:\n[ \t]*)?(?:<[^>\n]*>|\S+)(?:[ \t]*(?:\n[ \t]*)?(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*(?:\n|$)/gm

export function stripLinkReferences(text: string): string {
  return text.replace(LINK_REFERENCE, '')
}

const OPEN_TAG = /<([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g

/** True when a tag's attributes hide it: `hidden`, or a style with display:none / visibility:hidden etc. */
function hides(attributes: string): boolean {
  if (/(?:^|\s)hidden(?=[\s=/]|$)/i.test(attributes)) return true
  const style = /(?:^|\s)style\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes)
  if (!style) return false
  const css = (style[1] ?? style[2] ?? style[3] ?? '').replace(/\s+/g, '').toLowerCase()
  return /display:none|visibility:hidden|font-size:0(?![.\d]*[1-9])|opacity:0(?![.\d]*[1-9])/.test(css)
}

/**
 * Removes HTML elements hidden by attribute or style, with everything inside them (nested tags of the
 * same name included). An unclosed hidden element hides the rest of the text.
 */
export function stripHiddenElements(text: string): string {
  let out = text
  for (;;) {
    OPEN_TAG.lastIndex = 0
    let match: RegExpExecArray | null
    let removed = false
    while ((match = OPEN_TAG.exec(out))) {
      const [tag, name, attributes] = match
      if (!hides(attributes)) continue
      const start = match.index
      const afterOpen = start + tag.length
      const end =
        attributes.trimEnd().endsWith('/') || VOID.has(name.toLowerCase())
          ? afterOpen
          : closeOf(out, name, afterOpen)
      out = out.slice(0, start) + out.slice(end)
      removed = true
      break
    }
    if (!removed) return out
  }
}

const VOID = new Set([
  'area',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr'
])

/** Index just past the `</name>` that closes an element opened before `from`, or the text's end. */
function closeOf(text: string, name: string, from: number): number {
  const tags = new RegExp(`<(/?)${name}(?=[\\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>`, 'gi')
  tags.lastIndex = from
  let depth = 1
  let m: RegExpExecArray | null
  while ((m = tags.exec(text))) {
    depth += m[1] ? -1 : m[0].endsWith('/>') ? 0 : 1
    if (depth === 0) return m.index + m[0].length
  }
  return text.length
}

/**
 * The text a reader sees, as markdown: line endings normalised, hidden content removed, runs of blank
 * lines left by the removals collapsed, and the ends trimmed.
 */
export function sanitizeMarkdown(text: string): string {
  let out = text.replace(/\r\n?/g, '\n')
  out = stripInvisible(out)
  out = stripHtmlComments(out)
  out = stripHiddenElements(out)
  out = stripLinkReferences(out)
  return out
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** A one-line text (a title): sanitised, with whitespace runs collapsed. */
export function sanitizeLine(text: string): string {
  return sanitizeMarkdown(text).replace(/\s+/g, ' ').trim()
}
