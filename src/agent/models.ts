/**
 * `provider:model` → an AI SDK language model, and the model ladder (issue 5).
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

export interface ModelCredentials {
  anthropicApiKey?: string | null
  openaiApiKey?: string | null
  openaiBaseUrl?: string | null
  /** The fetch the provider uses (the engine passes one with a request timeout). */
  fetch?: typeof fetch
}

export function splitModel(model: string): { provider: string; id: string } {
  const i = model.indexOf(':')
  if (i <= 0 || i === model.length - 1) {
    throw new ConfigError([
      `model: got "${model}", expected provider:model, e.g. anthropic:claude-sonnet-4-5 or openai-compatible:qwen3-coder.`
    ])
  }
  return { provider: model.slice(0, i), id: model.slice(i + 1) }
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

/**
 * The model ladder: rungs cheapest first (`model` as a list, then `escalation-model` on top). An
 * attempt climbs one rung for each attempt so far that made no progress, and one more for each
 * attempt from `escalationAttempt` on; it never climbs past the top and never steps back down.
 */
export interface ModelLadder {
  models: string[]
  /** From this attempt (1-based, counted in the current round) on, each attempt is one rung higher. */
  escalationAttempt: number
}

/** The ladder from the `model` list and `escalation-model` (one more rung unless it is already the top). */
export function modelLadder(
  models: string[],
  escalationModel: string | null,
  escalationAttempt: number
): ModelLadder {
  const rungs =
    escalationModel && models.at(-1) !== escalationModel ? [...models, escalationModel] : [...models]
  return { models: rungs, escalationAttempt }
}

/** The model for `attempt` (1-based within the round) after `climbs` attempts without progress. */
export function chooseModel(attempt: number, ladder: ModelLadder, climbs: number): string {
  const byAttempt = Math.max(0, attempt - ladder.escalationAttempt + 1)
  const rung = Math.min(ladder.models.length - 1, byAttempt + climbs)
  return ladder.models[Math.max(0, rung)] ?? ''
}
