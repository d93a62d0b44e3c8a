/**
 * One model request of the built-in engine, shaped for prompt caching. The prefix (tools, system,
 * task) is the same bytes at every step and every attempt of a task; the conversation only grows.
 * - Anthropic caches only up to explicit breakpoints, at most 4 a request
 *   (https://platform.claude.com/docs/en/build-with-claude/prompt-caching): one after the system
 *   prompt (tools come before it, so they are covered), one after the task, and one on the newest
 *   message, moving forward each step; a hit is found at earlier block boundaries too, so each step
 *   reads what the previous one wrote and writes only what is new.
 * - OpenAI caches the longest prefix it has seen by itself
 *   (https://developers.openai.com/api/docs/guides/prompt-caching); `promptCacheKey`, the same for
 *   every request of a task, routes them to the same cache.
 */
import { createHash } from 'node:crypto'
import type { ModelMessage, SystemModelMessage } from 'ai'
import type { Prompt } from './prompt.js'
import { providerOf } from './providers.js'
import type { ServiceTier } from './types.js'

type ProviderOptions = NonNullable<SystemModelMessage['providerOptions']>

/**
 * A cache breakpoint with the default 5-minute TTL (writes at 1.25x input, see price-list.ts), in the
 * provider options under `sdkKey`.
 */
function breakpoint(sdkKey: string): ProviderOptions {
  return { [sdkKey]: { cacheControl: { type: 'ephemeral' } } }
}

export interface StepRequest {
  system: string | SystemModelMessage
  messages: ModelMessage[]
  providerOptions?: ProviderOptions
}

/** The same key for every request of a task: a digest of its stable prefix. */
export function promptCacheKey(prompt: Prompt): string {
  return `nightshift-${createHash('sha256').update(prompt.system).update('\0').update(prompt.task).digest('hex').slice(0, 24)}`
}

/** The first user message: the task, then what changes per attempt (with breakpoints, one between). */
export function firstMessage(model: string, prompt: Prompt): ModelMessage {
  const provider = providerOf(model)
  if (provider?.caching !== 'breakpoints') return { role: 'user', content: prompt.user }
  return {
    role: 'user',
    content: [
      { type: 'text', text: prompt.task, providerOptions: breakpoint(provider.sdkKey) },
      { type: 'text', text: prompt.attempt }
    ]
  }
}

/** The request for one step on `tier`; `messages` is the conversation so far (never changed here). */
export function stepRequest(
  model: string,
  prompt: Prompt,
  messages: ModelMessage[],
  tier: ServiceTier
): StepRequest {
  const provider = providerOf(model)
  if (provider?.caching === 'breakpoints') {
    const last = messages.at(-1)
    const mark = breakpoint(provider.sdkKey)
    return {
      system: { role: 'system', content: prompt.system, providerOptions: mark },
      // A copy of the newest message carries the moving breakpoint; the stored one stays clean, so
      // earlier messages never keep a breakpoint (at most 3 a request).
      messages: last
        ? [
            ...messages.slice(0, -1),
            { ...last, providerOptions: { ...last.providerOptions, ...mark } } as ModelMessage
          ]
        : messages
    }
  }
  if (provider?.caching === 'cache-key')
    return {
      system: prompt.system,
      messages,
      providerOptions: {
        [provider.sdkKey]: {
          promptCacheKey: promptCacheKey(prompt),
          ...(tier === 'flex' ? { serviceTier: 'flex' } : {})
        }
      }
    }
  return { system: prompt.system, messages }
}
