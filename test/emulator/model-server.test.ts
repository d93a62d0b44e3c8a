import { createOpenAICompatible } from '@ai-sdk/openai-compatible'
import { generateText, jsonSchema, streamText, tool } from 'ai'
import { afterEach, describe, expect, it } from '@jest/globals'
import { startModelServer, type ModelServer } from './model-server.js'

let server: ModelServer | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

const tools = {
  read_file: tool({
    description: 'Read a file',
    inputSchema: jsonSchema<{ path: string }>({
      type: 'object',
      properties: { path: { type: 'string' } },
      required: ['path']
    }),
    execute: async ({ path }) => `contents of ${path}`
  })
}

function model(url: string) {
  return createOpenAICompatible({
    name: 'scripted',
    baseURL: url,
    apiKey: 'none',
    includeUsage: true
  }).chatModel('scripted')
}

describe('scripted model server', () => {
  it('serves plain tool calls and text to the AI SDK and records what it was told', async () => {
    server = await startModelServer([
      {
        toolCalls: [{ name: 'read_file', arguments: { path: 'src/a.ts' } }],
        usage: { input: 100, output: 20, cached: 40 }
      },
      { text: 'All done.', usage: { input: 150, output: 5 } }
    ])
    const result = await generateText({
      model: model(server.url),
      tools,
      prompt: 'Fix the bug',
      stopWhen: () => false,
      maxRetries: 0
    })
    expect(result.text).toBe('All done.')
    expect(result.steps).toHaveLength(2)
    expect(result.steps[0].usage).toMatchObject({
      inputTokens: 100,
      outputTokens: 20,
      inputTokenDetails: { cacheReadTokens: 40 }
    })
    expect(result.totalUsage.inputTokens).toBe(250)
    const second = server.requests[1].body
    expect(second?.messages.at(-1)).toMatchObject({ role: 'tool', content: 'contents of src/a.ts' })
    expect(server.requests[0].body?.tools?.map(t => t.function.name)).toEqual(['read_file'])
  })

  it('streams text and tool-call deltas with a usage chunk', async () => {
    server = await startModelServer([
      {
        text: 'Reading the file first, then editing.',
        toolCalls: [{ name: 'read_file', arguments: { path: 'a/very/long/path/name.ts' } }],
        usage: { input: 10, output: 3 }
      },
      { text: 'ok' }
    ])
    const result = streamText({
      model: model(server.url),
      tools,
      prompt: 'go',
      stopWhen: () => false,
      maxRetries: 0
    })
    expect(await result.text).toBe('ok')
    const steps = await result.steps
    expect(steps[0].toolCalls[0]).toMatchObject({
      toolName: 'read_file',
      input: { path: 'a/very/long/path/name.ts' }
    })
    expect(steps[0].text).toBe('Reading the file first, then editing.')
    expect(steps[0].usage.inputTokens).toBe(10)
    expect(server.requests[0].body?.stream).toBe(true)
  })

  it('answers errors with the scripted status, a function script, and lists models', async () => {
    server = await startModelServer(
      req =>
        req.messages.length > 1 ? { text: 'two' } : { status: 500, headers: { 'retry-after-ms': '1' } },
      'm1'
    )
    const models = (await (await fetch(`${server.url}/models`)).json()) as { data: { id: string }[] }
    expect(models.data[0].id).toBe('m1')
    await expect(generateText({ model: model(server.url), prompt: 'x', maxRetries: 1 })).rejects.toThrow(
      /scripted error 500/
    )
    expect(server.requests.filter(r => r.method === 'POST')).toHaveLength(2)
    const ok = await generateText({
      model: model(server.url),
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'c' }
      ]
    })
    expect(ok.text).toBe('two')
  })
})
