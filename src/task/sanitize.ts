/**
 * Removes what a reader of the rendered issue cannot see, so hidden text cannot smuggle instructions
 * to the agent. Two layers:
 *
 * 1. On the raw text, everywhere (code included, so a renderer that disagrees with us about where a
 *    code block ends cannot let hidden text through): invisible characters and the character
 *    references that decode to them, HTML comments, hidden elements (hidden-chars.ts, hidden-html.ts);
 *    after the parse, lines still shaped like link reference definitions.
 * 2. On a real Markdown parse (GitHub Flavored Markdown and math, the way GitHub renders issues):
 *    markup whose text never renders — link reference definitions (`[//]: # (…)` is the common
 *    "markdown comment"), link titles (tooltips), image alt text, reference labels, HTML attributes,
 *    a code fence's info words after the language, and math that colours, hides or overlays its text
 *    (`$$\color{white}…$$`). Everything else is kept byte for byte from the source. This layer
 *    (markdown-rewrite.ts) is loaded on first use.
 */
import { stripHiddenReferences, stripInvisible } from './hidden-chars.js'
import { stripHiddenElements, stripHtmlComments, stripLinkReferences } from './hidden-html.js'

export { sanitizeLog, stripInvisible } from './hidden-chars.js'
export { stripHiddenElements, stripHtmlComments } from './hidden-html.js'

let markdown: Promise<typeof import('./markdown-rewrite.js')> | null = null

/** The raw-text layer: line endings, hidden characters and references, comments, hidden elements. */
function stripRaw(text: string): string {
  const out = stripHiddenReferences(stripInvisible(text.replace(/\r\n?/g, '\n')))
  return stripHiddenElements(stripHtmlComments(out))
}

/**
 * The text a reader sees, as markdown: line endings normalised, hidden content removed, runs of blank
 * lines left by the removals collapsed, and the ends trimmed.
 */
export async function sanitizeMarkdown(text: string): Promise<string> {
  const { rewriteMarkdown } = await (markdown ??= import('./markdown-rewrite.js'))
  const out = stripLinkReferences(rewriteMarkdown(stripRaw(text)))
  return out
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/**
 * A one-line text (a title, a label): GitHub shows titles as plain text (inline code aside), so only
 * the raw-text layer applies; whitespace runs collapsed.
 */
export function sanitizeLine(text: string): string {
  return stripRaw(text).replace(/\s+/g, ' ').trim()
}
