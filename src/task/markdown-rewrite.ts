/**
 * The Markdown layer of the sanitiser (see sanitize.ts): a GitHub Flavored Markdown parse with math,
 * and the source rewritten without the markup whose text never renders. Loaded on first use, so an
 * event the action ignores does not pay for the parser.
 */
import type { Nodes, Parents, Root } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFromMarkdown } from 'mdast-util-gfm'
import { mathFromMarkdown } from 'mdast-util-math'
import { gfm } from 'micromark-extension-gfm'
import { math } from 'micromark-extension-math'
import { stripHiddenAttributes } from './hidden-html.js'

/**
 * TeX commands that change colour (`\color{white}` is invisible on a light page, `\color{black}` on a
 * dark one), make text take no room or no ink (`\phantom`, `\smash`, the `lap`s), move it over other
 * text (`\kern`, `\raise`) or style it with CSS. Math using any of them is removed whole.
 */
const HIDING_TEX =
  /\\(?:color|textcolor|colorbox|fcolorbox|pagecolor|mathcolor|phantom|hphantom|vphantom|smash|llap|rlap|clap|mathllap|mathrlap|mathclap|kern|mkern|hspace|hskip|mskip|moveleft|moveright|raise|lower|raisebox|style|class|cssId|bbox|href|unicode|require|tiny|scriptsize)(?![A-Za-z])/

const position = (node: Nodes): [number, number] | null => {
  const start = node.position?.start.offset
  const end = node.position?.end.offset
  return start === undefined || end === undefined ? null : [start, end]
}

/** A link destination that parses back as the same URL. */
function destination(url: string): string {
  return /^[^\s<>()\\]*$/.test(url) ? url : `<${url.replace(/[<>\n]/g, c => encodeURIComponent(c))}>`
}

class Rewriter {
  private readonly definitions = new Map<string, string>()

  constructor(private readonly source: string) {}

  run(tree: Root): string {
    this.collectDefinitions(tree)
    const span = position(tree) ?? [0, this.source.length]
    return this.source.slice(0, span[0]) + this.children(tree, span[0], span[1]) + this.source.slice(span[1])
  }

  private collectDefinitions(node: Nodes): void {
    if (node.type === 'definition') this.definitions.set(node.identifier, node.url)
    if ('children' in node) for (const child of node.children) this.collectDefinitions(child)
  }

  /** The source from `start` to `end` with each child replaced by its rewrite. */
  private children(node: Parents, start: number, end: number): string {
    let out = ''
    let at = start
    for (const child of node.children) {
      const span = position(child)
      if (!span) continue
      out += this.source.slice(at, span[0]) + this.node(child)
      at = span[1]
    }
    return out + this.source.slice(at, end)
  }

  /** A link's or image's visible text: its children, rewritten. */
  private inner(node: Parents): string {
    const first = node.children[0]
    const last = node.children[node.children.length - 1]
    const a = first && position(first)
    const b = last && position(last)
    return a && b ? this.children(node, a[0], b[1]) : ''
  }

  private node(node: Nodes): string {
    const span = position(node)
    if (!span) return ''
    const raw = this.source.slice(span[0], span[1])
    switch (node.type) {
      case 'definition':
        return ''
      case 'image':
        return `![](${destination(node.url)})`
      case 'imageReference':
        return `![](${destination(this.definitions.get(node.identifier) ?? '')})`
      case 'link':
        return node.title ? `[${this.inner(node)}](${destination(node.url)})` : this.children(node, ...span)
      case 'linkReference':
        return `[${this.inner(node)}](${destination(this.definitions.get(node.identifier) ?? '')})`
      case 'html':
        return stripHiddenAttributes(raw)
      case 'math':
      case 'inlineMath':
        return HIDING_TEX.test(node.value) ? '' : raw
      case 'code':
        if (node.lang?.toLowerCase() === 'math' && HIDING_TEX.test(node.value)) return ''
        return node.meta ? this.withoutMeta(raw, node.meta) : raw
      default:
        return 'children' in node ? this.children(node, ...span) : raw
    }
  }

  /** A fenced block's info string shows only its first word (the language); the rest never renders. */
  private withoutMeta(raw: string, meta: string): string {
    const lineEnd = raw.indexOf('\n')
    const opening = lineEnd < 0 ? raw : raw.slice(0, lineEnd)
    const at = opening.lastIndexOf(meta)
    if (at < 0) return raw
    return opening.slice(0, at).trimEnd() + raw.slice(opening.length)
  }
}

export function rewriteMarkdown(text: string): string {
  const tree = fromMarkdown(text, {
    extensions: [gfm(), math()],
    mdastExtensions: [gfmFromMarkdown(), mathFromMarkdown()]
  })
  return new Rewriter(text).run(tree)
}
