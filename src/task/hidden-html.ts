/**
 * HTML a reader of the rendered issue does not see: comments, elements hidden by an attribute or a
 * style, elements whose content never renders, and attributes (`title=` is a tooltip, `alt=` shows only
 * when an image fails to load, the rest never shows).
 */

/** Removes HTML comments; an unterminated `<!--` hides the rest of the text, so the rest goes too. */
export function stripHtmlComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(?:-->|$)/g, '')
}

const OPEN_TAG = /<([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g

/** Elements whose content a browser never draws as text (GitHub's sanitiser drops them too). */
const NEVER_RENDERED = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'frame',
  'frameset',
  'head',
  'title',
  'svg'
])

/** True when a tag hides itself: `hidden`, or a style with display:none / visibility:hidden etc. */
function hides(name: string, attributes: string): boolean {
  if (NEVER_RENDERED.has(name.toLowerCase())) return true
  if (/(?:^|\s)hidden(?=[\s=/]|$)/i.test(attributes)) return true
  const style = /(?:^|\s)style\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes)
  if (!style) return false
  const css = (style[1] ?? style[2] ?? style[3] ?? '').replace(/\s+/g, '').toLowerCase()
  return /display:none|visibility:hidden|font-size:0(?![.\d]*[1-9])|opacity:0(?![.\d]*[1-9])/.test(css)
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
 * Removes hidden elements with everything inside them (nested tags of the same name included). An
 * unclosed hidden element hides the rest of the text. Runs on the whole text, code included: a
 * renderer that disagrees with us about where a code block ends must not let hidden text through.
 */
export function stripHiddenElements(text: string): string {
  let out = text
  for (;;) {
    OPEN_TAG.lastIndex = 0
    let match: RegExpExecArray | null
    let removed = false
    while ((match = OPEN_TAG.exec(out))) {
      const [tag, name, attributes] = match
      if (!hides(name, attributes)) continue
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

/**
 * Lines shaped like link reference definitions (CommonMark §4.7): `[label]: destination "title"`, the
 * title in "", '' or () and possibly on the next line. The parse removes real definitions; this also
 * removes the ones a stricter or looser renderer might read differently, at the cost of a rare line.
 */
const LINK_REFERENCE =
  /^ {0,3}\[[^\]\n]{1,999}\]:[ \t]*(?:\n[ \t]*)?(?:<[^>\n]*>|\S+)(?:[ \t]*(?:\n[ \t]*)?(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*(?:\n|$)/gm

export function stripLinkReferences(text: string): string {
  return text.replace(LINK_REFERENCE, '')
}

/** Attributes that carry what a reader sees or follows; every other attribute's text is never shown. */
const SHOWN_ATTRIBUTES = new Set([
  'href',
  'src',
  'width',
  'height',
  'align',
  'open',
  'start',
  'colspan',
  'rowspan'
])

/** An open tag as CommonMark defines it (https://spec.commonmark.org/0.31.2/#open-tag). */
const TAG =
  /<([A-Za-z][A-Za-z0-9-]*)((?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*)(\s*\/?)>/g
const ATTRIBUTE = /\s+([A-Za-z_:][A-Za-z0-9_.:-]*)(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?/g

/** Drops every attribute but the shown ones from each open tag in raw HTML. */
export function stripHiddenAttributes(html: string): string {
  return html.replace(TAG, (_tag, name: string, attributes: string, close: string) => {
    const kept = [...attributes.matchAll(ATTRIBUTE)]
      .filter(a => SHOWN_ATTRIBUTES.has((a[1] ?? '').toLowerCase()))
      .map(a => a[0])
      .join('')
    return `<${name}${kept}${close}>`
  })
}
