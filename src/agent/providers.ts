/**
 * The model providers the built-in agent talks to, one row each. A row is all nightshift knows about a
 * provider: the `provider:` prefix of its model names, the action inputs of its key and server (and
 * the environment variables `nightshift local` reads instead), its prompt caching and flex tier, its
 * list prices and its AI SDK model. The settings, the key checks, the masking of secrets, the prices
 * and the requests are derived from this table; a new provider is one row here plus its inputs in
 * action.yml and README.md (test/config/providers.test.ts holds both to the table).
 *
 * This module is on the start path (the settings are checked before the event is decided), so a row
 * loads its AI SDK package with `import()` only when a model is made.
 */
import type { LanguageModel } from 'ai'
import { ConfigError } from '../errors.js'
import { ANTHROPIC_PRICES, OPENAI_PRICES, type PriceList } from './price-list.js'

/** A provider credential: its action input and the environment variable `nightshift local` reads instead. */
export interface Credential {
  input: string
  env: string
  /** `key`: a secret, masked in the log; `url`: a server's base URL, checked to be http(s). */
  kind: 'key' | 'url'
}

/** What a row's factory is given: its own key and server, and the fetch the engine wants used. */
export interface Access {
  apiKey: string | null
  baseUrl: string | null
  fetch?: typeof fetch
}

export interface Provider {
  /** The `provider:` prefix of a model name. */
  id: string
  /** A model id for the examples in messages. */
  example: string
  /** Its API key; `required`: a model cannot run without it unless `baseUrl` sends it to another server. */
  key: Credential & { required: boolean }
  /** A server that takes the calls instead (OpenAI's chat completions API); `required` or optional. */
  baseUrl?: Credential & { required: boolean }
  /**
   * Prompt caching: `breakpoints` are set explicitly in the request (Anthropic); `cache-key`: the
   * provider caches prefixes by itself and a key routes a task's requests to one cache (OpenAI).
   */
  caching: 'breakpoints' | 'cache-key' | 'none'
  /** Offers OpenAI's flex tier, for the models whose list price has a `flex` entry. */
  flex: boolean
  /** The AI SDK's name for this provider in `providerOptions` and `providerMetadata`. */
  sdkKey: string
  /** List prices by model id; empty when only `model-prices` can price it. */
  prices: PriceList
  /** Where the list prices come from. */
  pricing?: string
  /** The AI SDK model for model id `id`. */
  languageModel(id: string, access: Access): Promise<LanguageModel>
}

const OPENAI_KEY = { input: 'openai-api-key', env: 'OPENAI_API_KEY', kind: 'key' } as const
const OPENAI_BASE_URL = { input: 'openai-base-url', env: 'OPENAI_BASE_URL', kind: 'url' } as const

/** Chat completions at a compatible server (vLLM, Ollama, LiteLLM, a gateway): most implement only that endpoint. */
async function compatibleServer(id: string, access: Access): Promise<LanguageModel> {
  if (!access.baseUrl) throw new ConfigError([`model "${id}" needs ${OPENAI_BASE_URL.input}.`])
  const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible')
  return createOpenAICompatible({
    name: 'openai-compatible',
    baseURL: access.baseUrl,
    apiKey: access.apiKey ?? undefined,
    includeUsage: true,
    fetch: access.fetch
  }).chatModel(id)
}

export const PROVIDERS: readonly Provider[] = [
  {
    // The Messages API.
    id: 'anthropic',
    example: 'claude-sonnet-4-5',
    key: { input: 'anthropic-api-key', env: 'ANTHROPIC_API_KEY', kind: 'key', required: true },
    caching: 'breakpoints',
    flex: false,
    sdkKey: 'anthropic',
    prices: ANTHROPIC_PRICES,
    pricing: 'https://platform.claude.com/docs/en/about-claude/pricing',
    async languageModel(id, access) {
      const { createAnthropic } = await import('@ai-sdk/anthropic')
      return createAnthropic({ apiKey: access.apiKey ?? undefined, fetch: access.fetch })(id)
    }
  },
  {
    // The Responses API; with openai-base-url set, that server's chat completions.
    id: 'openai',
    example: 'gpt-5',
    key: { ...OPENAI_KEY, required: true },
    baseUrl: { ...OPENAI_BASE_URL, required: false },
    caching: 'cache-key',
    flex: true,
    sdkKey: 'openai',
    prices: OPENAI_PRICES,
    pricing: 'https://developers.openai.com/api/docs/pricing',
    async languageModel(id, access) {
      if (access.baseUrl) return compatibleServer(id, access)
      const { createOpenAI } = await import('@ai-sdk/openai')
      return createOpenAI({ apiKey: access.apiKey ?? undefined, fetch: access.fetch })(id)
    }
  },
  {
    // Any server speaking OpenAI's chat completions; it has no list price.
    id: 'openai-compatible',
    example: 'qwen3-coder',
    key: { ...OPENAI_KEY, required: false },
    baseUrl: { ...OPENAI_BASE_URL, required: true },
    caching: 'none',
    flex: false,
    sdkKey: 'openai-compatible',
    prices: {},
    languageModel: compatibleServer
  }
]

/** Every provider credential once (providers may share one), in table order. */
export const CREDENTIALS: readonly Credential[] = [
  ...new Map(
    PROVIDERS.flatMap(p => (p.baseUrl ? [p.key, p.baseUrl] : [p.key])).map(c => [
      c.input,
      { input: c.input, env: c.env, kind: c.kind }
    ])
  ).values()
]

/** The credentials' values by input name (`anthropic-api-key` → the key); absent or null: not given. */
export type Credentials = Readonly<Record<string, string | null | undefined>>

/** Reads every credential with `read` (an action input by name, or an environment variable by name). */
export function readCredentials(
  read: (c: Credential) => string | null | undefined
): Record<string, string | null> {
  return Object.fromEntries(CREDENTIALS.map(c => [c.input, read(c) || null]))
}

/** The values to mask in the log: every key given. */
export function secretsOf(credentials: Credentials): string[] {
  return CREDENTIALS.filter(c => c.kind === 'key').flatMap(c => credentials[c.input] || [])
}

/** "a, b or c" (or "a, b and c") for messages. */
export function wordList(words: string[], conjunction: 'or' | 'and' = 'or'): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`
}

/** Example model names, one per provider, e.g. for "expected provider:model, e.g. …". */
export const MODEL_EXAMPLES = wordList(
  PROVIDERS.map(p => `${p.id}:${p.example}${p.baseUrl?.required ? ` (with ${p.baseUrl.input})` : ''}`)
)

/** A model name of a known provider: `provider:model`. */
export const MODEL_PATTERN = new RegExp(
  `^(${PROVIDERS.map(p => p.id.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|')}):[\\w.\\-/:@]+$`
)

export function splitModel(model: string): { provider: string; id: string } {
  const i = model.indexOf(':')
  if (i <= 0 || i === model.length - 1)
    throw new ConfigError([`model: got "${model}", expected provider:model, e.g. ${MODEL_EXAMPLES}.`])
  return { provider: model.slice(0, i), id: model.slice(i + 1) }
}

/** The row of a provider id, or undefined for one nightshift does not know. */
export function providerNamed(id: string): Provider | undefined {
  return PROVIDERS.find(p => p.id === id)
}

/** The row of `model`'s provider (`provider:model`), or undefined. */
export function providerOf(model: string): Provider | undefined {
  return providerNamed(splitModel(model).provider)
}

/** The key and server `provider` uses, from the credentials. */
export function accessOf(provider: Provider, credentials: Credentials): Access {
  return {
    apiKey: credentials[provider.key.input] || null,
    baseUrl: (provider.baseUrl && credentials[provider.baseUrl.input]) || null
  }
}

/** Why `model` has no server to call, or null: a provider that only calls a given server needs its URL. */
export function missingServer(model: string, credentials: Credentials): string | null {
  const p = providerOf(model)
  if (!p?.baseUrl?.required || accessOf(p, credentials).baseUrl) return null
  return `model: "${model}" needs ${p.baseUrl.input} (the server's /v1 URL).`
}

/** Which key `model` needs and lacks, with how to pass it, or null. */
export function missingKey(model: string, credentials: Credentials): string | null {
  const p = providerOf(model)
  const access = p && accessOf(p, credentials)
  if (!p?.key.required || access?.apiKey || access?.baseUrl) return null
  const { input, env } = p.key
  return `model "${model}" needs ${input} (e.g. \`${input}: \${{ secrets.${env} }}\`; ${env} for \`nightshift local\`).`
}

/** `provider:model` → an AI SDK model, its provider package loaded now. */
export async function createLanguageModel(
  model: string,
  credentials: Credentials,
  fetch?: typeof globalThis.fetch
): Promise<LanguageModel> {
  const { provider, id } = splitModel(model)
  const row = providerNamed(provider)
  if (!row)
    throw new ConfigError([
      `model: provider "${provider}" in "${model}" is not supported; use ${wordList(PROVIDERS.map(p => p.id))}.`
    ])
  const missing = missingServer(model, credentials) ?? missingKey(model, credentials)
  if (missing) throw new ConfigError([missing])
  return row.languageModel(id, { ...accessOf(row, credentials), fetch })
}
