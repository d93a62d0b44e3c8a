/**
 * `provider:model` → an AI SDK language model.
 *
 * Providers: `anthropic:<m>` (Messages API), `openai:<m>` (Responses API), `openai-compatible:<m>`
 * (chat completions at `openai-base-url`: vLLM, Ollama, LiteLLM, a gateway). `openai:<m>` with
 * `openai-base-url` set also goes to that server through chat completions, since most gateways only
 * implement that endpoint.
 */
import { createAnthropic } from '@ai-sdk/anthropic'
import { createOpenAI } from '@ai-sdk/openai'
import { createOpenAICompatible } from '@ai-sdk/openai-compatible'
import type { LanguageModel } from 'ai'
import { ConfigError } from '../errors.js'
import { splitModel } from './models.js'

export interface ModelCredentials {
  anthropicApiKey?: string | null
  openaiApiKey?: string | null
  openaiBaseUrl?: string | null
  /** The fetch the provider uses (the engine passes one with a request timeout). */
  fetch?: typeof fetch
}

export function createLanguageModel(model: string, creds: ModelCredentials): LanguageModel {
  const { provider, id } = splitModel(model)
  if (provider === 'anthropic') {
    if (!creds.anthropicApiKey) throw new ConfigError([`model "${model}" needs anthropic-api-key.`])
    return createAnthropic({ apiKey: creds.anthropicApiKey, fetch: creds.fetch })(id)
  }
  if (provider === 'openai' && !creds.openaiBaseUrl) {
    if (!creds.openaiApiKey)
      throw new ConfigError([
        `model "${model}" needs openai-api-key, or openai-base-url for a compatible server.`
      ])
    return createOpenAI({ apiKey: creds.openaiApiKey, fetch: creds.fetch })(id)
  }
  if (provider === 'openai' || provider === 'openai-compatible') {
    if (!creds.openaiBaseUrl)
      throw new ConfigError([`model "${model}" needs openai-base-url (the server's /v1 URL).`])
    return createOpenAICompatible({
      name: 'openai-compatible',
      baseURL: creds.openaiBaseUrl,
      apiKey: creds.openaiApiKey ?? undefined,
      includeUsage: true,
      fetch: creds.fetch
    }).chatModel(id)
  }
  throw new ConfigError([
    `model: provider "${provider}" in "${model}" is not supported; use anthropic, openai or openai-compatible.`
  ])
}
