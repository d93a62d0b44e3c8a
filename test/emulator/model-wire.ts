/**
 * The scripted model's answers in the two other wire formats the built-in engine speaks: Anthropic's
 * Messages API (`POST /v1/messages`, https://docs.anthropic.com/en/api/messages) and OpenAI's
 * Responses API (`POST /v1/responses`, https://platform.openai.com/docs/api-reference/responses).
 * Plain JSON only: the engine calls `generateText`, which does not stream.
 */
import type { ChatRequest, ModelTurn } from './model-server.js'

export type WireApi = 'chat' | 'responses' | 'messages'

export function wireApi(path: string): WireApi | null {
  if (path.endsWith('/chat/completions')) return 'chat'
  if (path.endsWith('/responses')) return 'responses'
  if (path.endsWith('/messages')) return 'messages'
  return null
}

function estimate(request: unknown): number {
  return Math.ceil(JSON.stringify(request).length / 4)
}

function args(a: string | Record<string, unknown>): { text: string; object: Record<string, unknown> } {
  if (typeof a !== 'string') return { text: JSON.stringify(a), object: a }
  try {
    return { text: a, object: JSON.parse(a) as Record<string, unknown> }
  } catch {
    return { text: a, object: {} }
  }
}

/** Token counts of a turn: `input` counts every input token, as the engine does. */
function usageOf(turn: ModelTurn, request: ChatRequest) {
  const input = turn.usage?.input ?? estimate(request.messages ?? request.input)
  const output =
    turn.usage?.output ??
    Math.ceil(((turn.text ?? '').length + JSON.stringify(turn.toolCalls ?? []).length) / 4)
  const cached = turn.usage?.cached ?? 0
  const cacheWrite = turn.usage?.cacheWrite ?? 0
  return { input, output, cached, cacheWrite }
}

/** An Anthropic Messages answer; `input_tokens` there excludes cache reads and writes. */
export function messagesAnswer(turn: ModelTurn, request: ChatRequest, index: number): unknown {
  const u = usageOf(turn, request)
  const content: unknown[] = []
  if (turn.text) content.push({ type: 'text', text: turn.text })
  ;(turn.toolCalls ?? []).forEach((c, i) =>
    content.push({
      type: 'tool_use',
      id: c.id ?? `toolu_${index}_${i}`,
      name: c.name,
      input: args(c.arguments).object
    })
  )
  return {
    id: `msg_${index}`,
    type: 'message',
    role: 'assistant',
    model: request.model,
    content,
    stop_reason: turn.toolCalls?.length ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: Math.max(0, u.input - u.cached - u.cacheWrite),
      output_tokens: u.output,
      cache_creation_input_tokens: u.cacheWrite,
      cache_read_input_tokens: u.cached
    }
  }
}

/** An OpenAI Responses answer, reporting the tier that served it as the API does (`flex` or `default`). */
export function responsesAnswer(turn: ModelTurn, request: ChatRequest, index: number): unknown {
  const u = usageOf(turn, request)
  const output: unknown[] = []
  if (turn.text)
    output.push({
      type: 'message',
      role: 'assistant',
      id: `msg_${index}`,
      status: 'completed',
      content: [{ type: 'output_text', text: turn.text, annotations: [] }]
    })
  ;(turn.toolCalls ?? []).forEach((c, i) =>
    output.push({
      type: 'function_call',
      id: `fc_${index}_${i}`,
      call_id: c.id ?? `call_${index}_${i}`,
      name: c.name,
      arguments: args(c.arguments).text,
      status: 'completed'
    })
  )
  return {
    id: `resp_${index}`,
    object: 'response',
    created_at: 0,
    model: request.model,
    status: 'completed',
    output,
    service_tier: request.service_tier === 'flex' ? 'flex' : 'default',
    usage: {
      input_tokens: u.input,
      input_tokens_details: { cached_tokens: u.cached },
      output_tokens: u.output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: u.input + u.output
    }
  }
}

/** An error body in the API's own shape. */
export function errorBody(api: WireApi, status: number): unknown {
  const message = status === 429 ? 'Resource Unavailable (scripted)' : `scripted error ${status}`
  if (api === 'messages')
    return { type: 'error', error: { type: status === 429 ? 'rate_limit_error' : 'api_error', message } }
  return { error: { message, type: status === 429 ? 'resource_unavailable' : 'server_error', code: null } }
}
