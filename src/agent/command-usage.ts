/**
 * Tokens and cost a command agent reports on its standard output, when it does. Two shapes are read,
 * from the last line of stdout that parses as a JSON object:
 * - nightshift's own: `{"tokens":{"input":1200,"output":300,"cached":0},"cost_usd":0.012}` (any wrapper
 *   script can print it last);
 * - Claude Code's `claude -p --output-format json` result: `{"type":"result","usage":{"input_tokens",
 *   "output_tokens","cache_read_input_tokens","cache_creation_input_tokens"},"total_cost_usd",…}`.
 * Anything else: unknown (tokens zero with `tokensUnknown`, cost null).
 */
import type { TokenUsage } from './types.js'

export interface ReportedUsage {
  tokens: TokenUsage
  costUsd: number | null
  /** The agent's own final text, when it reported one (Claude's `result`). */
  summary: string | null
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0)

function fromObject(o: Record<string, unknown>): ReportedUsage | null {
  const tokens = o.tokens as Record<string, unknown> | undefined
  if (tokens && typeof tokens === 'object') {
    return {
      tokens: { input: num(tokens.input), output: num(tokens.output), cached: num(tokens.cached) },
      costUsd: typeof o.cost_usd === 'number' ? o.cost_usd : null,
      summary: typeof o.summary === 'string' ? o.summary : null
    }
  }
  const usage = o.usage as Record<string, unknown> | undefined
  if (usage && typeof usage === 'object' && ('input_tokens' in usage || 'output_tokens' in usage)) {
    const cached = num(usage.cache_read_input_tokens)
    // Claude's input_tokens excludes cache reads and writes; ours counts every input token.
    const input = num(usage.input_tokens) + cached + num(usage.cache_creation_input_tokens)
    return {
      tokens: { input, output: num(usage.output_tokens), cached },
      costUsd:
        typeof o.total_cost_usd === 'number'
          ? o.total_cost_usd
          : typeof o.cost_usd === 'number'
            ? o.cost_usd
            : null,
      summary: typeof o.result === 'string' ? o.result : null
    }
  }
  return null
}

export function parseReportedUsage(stdout: string): ReportedUsage | null {
  const lines = stdout.trimEnd().split('\n')
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 20); i--) {
    const line = lines[i].trim()
    if (!line.startsWith('{')) continue
    try {
      const parsed = JSON.parse(line) as unknown
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const found = fromObject(parsed as Record<string, unknown>)
        if (found) return found
      }
    } catch {
      // Not JSON: keep looking further up.
    }
  }
  return null
}
