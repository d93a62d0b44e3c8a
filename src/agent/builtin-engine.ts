/**
 * The built-in engine: a tool-calling loop on the AI SDK, one model call per step, so tokens, money and
 * time are checked between steps and the attempt stops cleanly, keeping what was written.
 * Budgets are checked after each step: an attempt can overshoot by at most one step.
 */
import { realpath } from 'node:fs/promises'
import { generateText, stepCountIs, type LanguageModel, type LanguageModelUsage, type ModelMessage } from 'ai'
import { errorMessage } from '../errors.js'
import { systemClock, type Clock } from '../clock.js'
import { agentGit, changedFiles } from '../workspace/agent-git.js'
import { budgetReached } from './attempt-budget.js'
import { openAgentFiles } from '../workspace/agent-files.js'
import type { AgentSandbox } from '../workspace/sandbox.js'
import { agentEnv } from '../workspace/sandbox-env.js'
import { helperEnv } from './agent-reads.js'
import { costOf, priceFor, tierPrice, type ModelPrice } from './prices.js'
import { createLanguageModel, providerOf, type Credentials } from './providers.js'
import { buildPrompt, readRepoInstructions } from './prompt.js'
import { FlexUnavailableError, servedTier, stepOnTier } from './flex-step.js'
import { FLEX_REQUEST_TIMEOUT_MS, STANDARD, type TierPolicy } from './service-tier.js'
import { firstMessage, stepRequest } from './step-request.js'
import { createTools, type ToolContext } from './tools.js'
import { TrailRecorder } from './trail.js'
import type { AttemptInput, AttemptResult, Engine, ServiceTier, StopReason, TokenUsage } from './types.js'

export interface BuiltinEngineOptions {
  credentials: Credentials
  /** Model steps per attempt (default 40). */
  maxSteps?: number
  /** `model-prices` overrides. */
  prices?: Record<string, ModelPrice>
  /** Timeout of one `run_command` (default 10 minutes; never beyond the attempt's deadline). */
  commandTimeoutMs?: number
  /** Timeout of one model request (default 5 minutes); a timed-out request is retried like a 5xx. */
  requestTimeoutMs?: number
  /** Retries of a failed model request (5xx, 429, timeout, connection), the SDK's `maxRetries` (default 2). */
  maxRetries?: number
  /** The parent environment the agent's environment is built from (default `process.env`). */
  parentEnv?: NodeJS.ProcessEnv
  /** Runs the agent's commands and its file helper (its user or namespaces, its limits). */
  sandbox: AgentSandbox
  log?: (line: string) => void
  /** Degraded modes (an unknown price) go here (default: `log`). */
  warn?: (line: string) => void
  clock?: Clock
  /** Builds the language model (default: from `provider:model` and the credentials). */
  languageModel?: (model: string) => LanguageModel
  /** `model-tier` and `flex-fallback` (default: standard). */
  tier?: TierPolicy
}

/** One step's usage in our terms: every input token, reads and writes apart. */
function stepTokens(u: LanguageModelUsage): TokenUsage {
  return {
    input: u.inputTokens ?? 0,
    output: u.outputTokens ?? 0,
    cached: u.inputTokenDetails?.cacheReadTokens ?? 0,
    cacheWrite: u.inputTokenDetails?.cacheWriteTokens ?? 0
  }
}

function addInto(total: TokenUsage, step: TokenUsage): void {
  total.input += step.input
  total.output += step.output
  total.cached += step.cached
  total.cacheWrite = (total.cacheWrite ?? 0) + (step.cacheWrite ?? 0)
}

/** A fetch that turns a request taking longer than `ms` into a retryable connection error. */
function fetchWithTimeout(ms: number): typeof fetch {
  return async (url, init) => {
    const timeout = new AbortController()
    const timer = setTimeout(() => timeout.abort(), ms)
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout.signal]) : timeout.signal
    try {
      return await fetch(url, { ...init, signal })
    } catch (e) {
      // The SDK retries "fetch failed" TypeErrors with a cause (provider-utils handleFetchError); an abort it would not.
      if (timeout.signal.aborted && !init?.signal?.aborted)
        throw new TypeError('fetch failed', { cause: new Error(`model request timed out after ${ms} ms`) })
      throw e
    } finally {
      clearTimeout(timer)
    }
  }
}

/** One line per tool call: the step, the tool and its arguments (long values clipped; run_command logs its own line too). */
export function toolCallLine(step: number, name: string, input: unknown): string {
  let args: string
  try {
    args = JSON.stringify(input, (_k, v: unknown) =>
      typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}… (${v.length} chars)` : v
    )
  } catch {
    args = String(input)
  }
  return `step ${step}: ${name} ${args.length > 1000 ? `${args.slice(0, 1000)}…` : args}`
}

export function createBuiltinEngine(options: BuiltinEngineOptions): Engine {
  const clock = options.clock ?? systemClock
  const log = options.log ?? (() => undefined)
  const maxSteps = options.maxSteps ?? 40
  const warn = options.warn ?? log
  const requestTimeoutMs = options.requestTimeoutMs ?? 5 * 60_000
  const policy = options.tier ?? STANDARD
  const makeModel = async (m: string, tier: ServiceTier): Promise<LanguageModel> =>
    options.languageModel?.(m) ??
    createLanguageModel(
      m,
      options.credentials,
      fetchWithTimeout(
        tier === 'flex' ? Math.max(requestTimeoutMs, FLEX_REQUEST_TIMEOUT_MS) : requestTimeoutMs
      )
    )

  return {
    async attempt(input: AttemptInput): Promise<AttemptResult> {
      const { budget } = input
      const tokens: TokenUsage = { input: 0, output: 0, cached: 0, cacheWrite: 0 }
      // Priced step by step: a step's tier (flex or standard) decides its price.
      let costUsd: number | null = 0
      const stepTiers: ServiceTier[] = []
      const trail = new TrailRecorder()
      const price = priceFor(budget.model, options.prices)
      if (!price)
        warn(
          `No price known for "${budget.model}": cost is reported as unknown; add it to model-prices to enforce max-cost-usd.`
        )
      const root = await realpath(input.workspaceDir)
      const { sandbox } = options
      // File tools and AGENTS.md go through the agent's own file helper (workspace/agent-files.ts).
      const files = openAgentFiles(root, { wrap: argv => sandbox.wrap(argv), env: helperEnv(sandbox) })
      const ctx: ToolContext = {
        root,
        protectedPaths: input.protectedPaths,
        files,
        env: { ...agentEnv(options.parentEnv ?? process.env, { names: [] }, sandbox.dirs), ...sandbox.env },
        commandTimeoutMs: options.commandTimeoutMs ?? 10 * 60_000,
        wrap: argv => sandbox.wrap(argv),
        sandboxEnv: sandbox.env,
        finished: null,
        log
      }
      const tools = createTools(ctx)
      const instructions = await readRepoInstructions(
        async (f, max) => (await files.read(f, max)).text
      ).catch(async e => (await files.close(), Promise.reject(e)))
      const prompt = buildPrompt(input, instructions)
      const messages: ModelMessage[] = [firstMessage(budget.model, prompt)]
      const cost = () => costUsd
      let stopReason: StopReason = 'finished'
      let summary = ''
      let error: string | undefined
      let errorKind: AttemptResult['errorKind']
      let steps = 0
      const finish = async (): Promise<AttemptResult> => {
        await files.close()
        const changed = await changedFiles(agentGit(root, sandbox, ctx.env))
        return {
          summary:
            summary ||
            `Stopped (${stopReason}) after ${steps} step${steps === 1 ? '' : 's'} without a summary.`,
          tokens,
          costUsd: cost(),
          stopReason,
          ...(error !== undefined ? { error } : {}),
          ...(errorKind !== undefined ? { errorKind } : {}),
          stepTiers,
          trail: trail.trail(changed)
        }
      }

      for (;;) {
        if (ctx.finished) {
          summary = ctx.finished.summary
          stopReason = 'finished'
          break
        }
        if (steps >= maxSteps) {
          stopReason = 'step_limit'
          break
        }
        const left = budget.deadline - clock.now()
        if (left <= 0) {
          stopReason = 'timeout'
          break
        }
        const reached = budgetReached(budget, tokens, cost())
        if (reached) {
          stopReason = 'budget'
          summary = reached
          break
        }
        const deadline = new AbortController()
        const timer = setTimeout(() => deadline.abort(), left)
        try {
          const { value: result, tier: asked } = await stepOnTier(
            policy,
            async tier =>
              generateText({
                model: await makeModel(budget.model, tier),
                ...stepRequest(budget.model, prompt, messages, tier),
                tools,
                stopWhen: stepCountIs(1),
                maxRetries: options.maxRetries ?? 2,
                abortSignal: deadline.signal
              }),
            { clock, deadline: budget.deadline, log }
          )
          steps++
          const sdkKey = providerOf(budget.model)?.sdkKey
          const tier = servedTier(asked, sdkKey && result.providerMetadata?.[sdkKey]?.serviceTier)
          stepTiers.push(tier)
          const used = stepTokens(result.usage)
          addInto(tokens, used)
          const stepCost = costOf(used, tierPrice(price, tier))
          costUsd = costUsd === null || stepCost === null ? null : costUsd + stepCost
          messages.push(...result.response.messages)
          trail.step(result.toolCalls, result.toolResults)
          // Every tool call with its arguments, so a maintainer can audit from the log what the agent did.
          for (const c of result.toolCalls) log(toolCallLine(steps, c.toolName, c.input))
          const calls = result.toolCalls.map(c => c.toolName).join(', ')
          log(
            `step ${steps}: ${calls || 'text'} (${used.input} in, ${used.cached} cache read, ${used.cacheWrite} cache write, ${used.output} out${tier === 'flex' ? ', flex' : ''})`
          )
          if (result.toolCalls.length === 0 && !ctx.finished) {
            // The model ended its turn without calling finish: its text is the summary.
            summary = result.text.trim()
            stopReason = 'finished'
            break
          }
        } catch (e) {
          if (e instanceof FlexUnavailableError) {
            stopReason = 'timeout'
            summary = e.message
          } else if (deadline.signal.aborted) {
            stopReason = 'timeout'
            summary = `The attempt's deadline passed during step ${steps + 1}; the work written so far is kept.`
          } else {
            stopReason = 'error'
            errorKind = 'model'
            error = `Model request to "${budget.model}" failed after ${(options.maxRetries ?? 2) + 1} tries: ${errorMessage(e)}`
            summary = error
          }
          break
        } finally {
          clearTimeout(timer)
        }
      }
      return finish()
    }
  }
}
