/**
 * How a provider's prompt cache treats a sequence of requests, modelled from the providers' public
 * descriptions, with token counts from a real tokenizer (js-tiktoken, o200k_base: OpenAI's own for the
 * gpt-5 family, an approximation for Claude).
 * - Anthropic (https://platform.claude.com/docs/en/build-with-claude/prompt-caching): only prefixes
 *   ending at a `cache_control` breakpoint are written; a request reads the longest cached prefix found
 *   at a block boundary up to 20 blocks before one of its breakpoints; a prefix shorter than the model's
 *   minimum is never cached; entries live 5 minutes, refreshed on each hit.
 * - OpenAI (https://developers.openai.com/api/docs/guides/prompt-caching): the longest prefix shared
 *   with a recent request is read, from 1,024 tokens on, in steps of 128; cleared after 5–10 minutes
 *   idle (5 here).
 */
import { createHash } from 'node:crypto'
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider'
import { getEncoding } from 'js-tiktoken'

export const TOKENIZER = 'js-tiktoken o200k_base (OpenAI; an approximation for Anthropic models)'
const encoding = getEncoding('o200k_base')
const counted = new Map<string, number>()

/** Tokens of `text`, memoised (the same blocks recur in every request of an attempt). */
export function tokens(text: string): number {
  let n = counted.get(text)
  if (n === undefined) {
    n = encoding.encode(text).length
    counted.set(text, n)
  }
  return n
}

export interface Block {
  text: string
  /** An Anthropic cache breakpoint ends at this block. */
  breakpoint: boolean
}

function marked(options: unknown): boolean {
  const anthropic = (options as { anthropic?: { cacheControl?: unknown } } | undefined)?.anthropic
  return Boolean(anthropic?.cacheControl)
}

/** A request as the provider orders it: tools, system, then every content part of every message. */
export function blocksOf(call: LanguageModelV3CallOptions, normalise: (s: string) => string): Block[] {
  const blocks: Block[] = [{ text: JSON.stringify(call.tools ?? []), breakpoint: false }]
  for (const m of call.prompt) {
    if (m.role === 'system') {
      blocks.push({ text: normalise(m.content), breakpoint: marked(m.providerOptions) })
      continue
    }
    m.content.forEach((part, i) => {
      const last = i === m.content.length - 1
      let text = ''
      if (part.type === 'text') text = part.text
      else if (part.type === 'tool-call') text = JSON.stringify({ name: part.toolName, input: part.input })
      else if (part.type === 'tool-result')
        text = part.output.type === 'text' ? part.output.value : JSON.stringify(part.output)
      const breakpoint = marked(part.providerOptions) || (last && marked(m.providerOptions))
      blocks.push({ text: normalise(text), breakpoint })
    })
  }
  return blocks
}

export interface CacheUse {
  input: number
  cached: number
  cacheWrite: number
}

interface Prepared {
  keys: string[]
  ends: number[]
  blocks: Block[]
}

function prepare(blocks: Block[]): Prepared {
  const keys: string[] = []
  const ends: number[] = []
  let key = ''
  let total = 0
  for (const b of blocks) {
    key = createHash('sha256').update(key).update('\0').update(b.text).digest('hex')
    total += tokens(b.text)
    keys.push(key)
    ends.push(total)
  }
  return { keys, ends, blocks }
}

const TTL_MS = 5 * 60_000

/** Anthropic's explicit caching; `minTokens` is the model's minimum cacheable prompt. */
export class AnthropicCache {
  private readonly entries = new Map<string, number>()
  constructor(private readonly minTokens: number) {}

  use(blocks: Block[], now: number): CacheUse {
    const p = prepare(blocks)
    const input = p.ends.at(-1) ?? 0
    const marks = blocks.flatMap((b, i) => (b.breakpoint ? [i] : []))
    let hit = -1
    for (const m of marks)
      for (let k = m; k >= Math.max(0, m - 20); k--) {
        const at = this.entries.get(p.keys[k]!)
        if (at !== undefined && now - at <= TTL_MS) {
          if (k > hit) hit = k
          break
        }
      }
    const cached = hit >= 0 ? p.ends[hit]! : 0
    if (hit >= 0) this.entries.set(p.keys[hit]!, now)
    let written = cached
    for (const m of marks) {
      if (p.ends[m]! < this.minTokens) continue
      this.entries.set(p.keys[m]!, now)
      written = Math.max(written, p.ends[m]!)
    }
    return { input, cached, cacheWrite: written - cached }
  }
}

/** OpenAI's automatic prefix caching. */
export class OpenAiCache {
  private readonly seen: { p: Prepared; at: number }[] = []

  use(blocks: Block[], now: number): CacheUse {
    const p = prepare(blocks)
    const input = p.ends.at(-1) ?? 0
    let best = 0
    for (const s of this.seen) {
      if (now - s.at > TTL_MS) continue
      let k = 0
      while (k < p.keys.length && k < s.p.keys.length && p.keys[k] === s.p.keys[k]) k++
      let shared = k > 0 ? p.ends[k - 1]! : 0
      // Within the first differing block, the characters both share count too.
      const a = p.blocks[k]?.text
      const b = s.p.blocks[k]?.text
      if (a !== undefined && b !== undefined) {
        let c = 0
        while (c < a.length && c < b.length && a[c] === b[c]) c++
        if (c > 0) shared += tokens(a.slice(0, c)) - 1
      }
      best = Math.max(best, shared)
    }
    const cached = best >= 1024 ? Math.floor(best / 128) * 128 : 0
    this.seen.push({ p, at: now })
    return { input, cached, cacheWrite: 0 }
  }
}

/** No cache at all: every input token at the plain price. */
export class NoCache {
  use(blocks: Block[]): CacheUse {
    return { input: prepare(blocks).ends.at(-1) ?? 0, cached: 0, cacheWrite: 0 }
  }
}

export type Cache = AnthropicCache | OpenAiCache | NoCache
