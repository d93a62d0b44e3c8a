/**
 * A scripted model server on loopback, for deterministic agent runs in tests and the demo.
 * `POST /v1/chat/completions` (OpenAI-compatible) answers plain JSON or SSE (`stream: true`, with
 * `delta.tool_calls` and a final `usage` chunk); `POST /v1/messages` (Anthropic) and
 * `POST /v1/responses` (OpenAI Responses) answer plain JSON (model-wire.ts); `GET /v1/models` lists the
 * model. Every request is recorded with its wire format, so a test can assert on what the agent sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { errorBody, messagesAnswer, responsesAnswer, wireApi, type WireApi } from './model-wire.js'

/** One scripted answer. `arguments` may be an object (sent as JSON) or a raw string (for malformed JSON). */
export interface ModelTurn {
  text?: string
  toolCalls?: { name: string; arguments: string | Record<string, unknown>; id?: string }[]
  /** `input` counts every input token; `cached` are cache reads, `cacheWrite` cache writes. */
  usage?: { input?: number; output?: number; cached?: number; cacheWrite?: number }
  /** Answer with this HTTP status and an OpenAI-style error instead (e.g. 500, 429). */
  status?: number
  /** Extra response headers (e.g. `retry-after-ms`). */
  headers?: Record<string, string>
  /** Wait this long before answering (a slow or hung provider). */
  delayMs?: number
}

export interface RecordedRequest {
  method: string
  path: string
  /** The wire format of a model request (null for other routes). */
  api: WireApi | null
  /** The JSON body (for `messages` and `responses`, that API's shape: read it through a cast). */
  body: ChatRequest | null
}

export interface ChatRequest {
  model: string
  stream?: boolean
  messages: { role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }[]
  /** Responses API input items (`/v1/responses`). */
  input?: unknown
  tools?: { function: { name: string } }[]
  [key: string]: unknown
}

/** A list of turns served in order (the last answer repeats a plain "done" text), or a function. */
export type ModelScript =
  ModelTurn[] | ((request: ChatRequest, index: number) => ModelTurn | Promise<ModelTurn>)

export interface ModelServer {
  /** Base URL ending in `/v1`, for `openai-base-url`. */
  url: string
  requests: RecordedRequest[]
  close(): Promise<void>
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

function answer(turn: ModelTurn, request: ChatRequest, index: number) {
  const toolCalls = (turn.toolCalls ?? []).map((c, i) => ({
    id: c.id ?? `call_${index}_${i}`,
    type: 'function' as const,
    function: {
      name: c.name,
      arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments)
    }
  }))
  const input = turn.usage?.input ?? Math.ceil(JSON.stringify(request.messages).length / 4)
  const output =
    turn.usage?.output ?? Math.ceil(((turn.text ?? '').length + JSON.stringify(toolCalls).length) / 4)
  const usage = {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
    prompt_tokens_details: { cached_tokens: turn.usage?.cached ?? 0 }
  }
  return {
    toolCalls,
    usage,
    finish: toolCalls.length > 0 ? 'tool_calls' : 'stop',
    text: turn.text ?? (toolCalls.length > 0 ? null : '')
  }
}

export async function startModelServer(script: ModelScript, model = 'scripted'): Promise<ModelServer> {
  const requests: RecordedRequest[] = []
  let turnIndex = 0
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req)
      const path = (req.url ?? '/').split('?')[0]
      const body = raw ? (JSON.parse(raw) as ChatRequest) : null
      const api = wireApi(path)
      requests.push({ method: req.method ?? 'GET', path, api, body })
      if (req.method === 'GET' && path.endsWith('/models'))
        return send(res, 200, {
          object: 'list',
          data: [{ id: model, object: 'model', created: 0, owned_by: 'nightshift' }]
        })
      if (req.method !== 'POST' || !api || !body)
        return send(res, 404, { error: { message: `no route ${req.method} ${path}` } })
      const index = turnIndex++
      const turn: ModelTurn =
        typeof script === 'function' ? await script(body, index) : (script[index] ?? { text: 'done' })
      if (turn.delayMs) await new Promise(r => setTimeout(r, turn.delayMs))
      if (res.destroyed) return
      if (turn.status && turn.status >= 400)
        return send(res, turn.status, errorBody(api, turn.status), turn.headers)
      if (api === 'messages') return send(res, 200, messagesAnswer(turn, body, index), turn.headers)
      if (api === 'responses') return send(res, 200, responsesAnswer(turn, body, index), turn.headers)
      const a = answer(turn, body, index)
      const base = { id: `chatcmpl-${index}`, created: Math.floor(Date.now() / 1000), model: body.model }
      if (!body.stream) {
        const message = {
          role: 'assistant',
          content: a.text,
          ...(a.toolCalls.length ? { tool_calls: a.toolCalls } : {})
        }
        return send(
          res,
          200,
          {
            ...base,
            object: 'chat.completion',
            choices: [{ index: 0, message, finish_reason: a.finish }],
            usage: a.usage
          },
          turn.headers
        )
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        ...turn.headers
      })
      const chunk = (delta: unknown, finish: string | null = null, usage: unknown = null) =>
        res.write(
          `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: delta === null ? [] : [{ index: 0, delta, finish_reason: finish }], usage })}\n\n`
        )
      chunk({ role: 'assistant', content: '' })
      if (a.text) for (const piece of a.text.match(/.{1,16}/gs) ?? []) chunk({ content: piece })
      a.toolCalls.forEach((c, i) => {
        const args = c.function.arguments
        chunk({
          tool_calls: [
            {
              index: i,
              id: c.id,
              type: 'function',
              function: { name: c.function.name, arguments: args.slice(0, 8) }
            }
          ]
        })
        if (args.length > 8) chunk({ tool_calls: [{ index: i, function: { arguments: args.slice(8) } }] })
      })
      chunk({}, a.finish)
      const opts = body.stream_options as { include_usage?: boolean } | undefined
      if (opts?.include_usage) chunk(null, null, a.usage)
      res.end('data: [DONE]\n\n')
    })().catch(e => send(res, 500, { error: { message: String(e) } }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
