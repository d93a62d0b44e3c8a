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

/** stdout without the line the usage was read from: that JSON is bookkeeping, never the agent's words. */
export function withoutReportedUsage(stdout: string): string {
  const lines = stdout.trimEnd().split('\n')
  const at = reportedLine(lines)
  return at === null ? stdout : lines.filter((_, i) => i !== at).join('\n')
}

export function parseReportedUsage(stdout: string): ReportedUsage | null {
  const lines = stdout.trimEnd().split('\n')
  const at = reportedLine(lines)
  return at === null ? null : usageOf(lines[at]!)
}

function usageOf(line: string): ReportedUsage | null {
  try {
    const parsed = JSON.parse(line.trim()) as unknown
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? fromObject(parsed as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

/** The index of the last line (of the last 20) that carries a usage report, or null. */
function reportedLine(lines: string[]): number | null {
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 20); i--) {
    if (lines[i]!.trim().startsWith('{') && usageOf(lines[i]!)) return i
  }
  return null
}
