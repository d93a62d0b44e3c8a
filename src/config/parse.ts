/**
 * Action inputs → validated Settings. Every invalid input is reported at once, each line naming the
 * input, the value it got, and what it expects.
 */
import { modelLadder } from '../agent/models.js'
import type { ModelPrice, TierPrice } from '../agent/prices.js'
import {
  CREDENTIALS,
  MODEL_EXAMPLES,
  MODEL_PATTERN,
  missingKey,
  missingServer,
  readCredentials
} from '../agent/providers.js'
import { tierProblem } from '../agent/service-tier.js'
import { BASELINE_MODES } from '../ci/baseline-record.js'
import { DEFAULT_TASK_CHARS } from '../task/types.js'
import { DEFAULT_VOCABULARY } from '../report/vocabulary.js'
import { ConfigError } from '../errors.js'
import { parseAgentNetwork } from '../egress/policy.js'
import { shapeProblem } from '../workspace/glob-shape.js'
import { isForbiddenAgentEnv } from '../workspace/sandbox-env.js'
import { DEFAULT_BRANCH_PREFIX } from '../workspace/slug.js'
import type { Settings } from './settings.js'

/** Reads one input by its action.yml name; returns '' when unset (as `core.getInput` does). */
export type InputReader = (name: string) => string

const DEFAULT_TEST_LABELS = ['bug', 'test', 'tests', 'docs', 'documentation', 'deps', 'dependencies']
const DEFAULT_DESIGN_LABELS = ['rfc', 'design', 'needs-design', 'discussion']

export const DEFAULT_MODEL = 'anthropic:claude-sonnet-4-5'

/** Splits a list input written one per line or comma-separated; blank entries dropped. */
export function parseList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map(s => s.trim())
    .filter(s => s.length > 0)
}

class Reader {
  readonly problems: string[] = []
  constructor(private readonly read: InputReader) {}

  str(name: string, fallback: string): string {
    const v = this.read(name).trim()
    return v === '' ? fallback : v
  }

  optional(name: string): string | null {
    const v = this.read(name).trim()
    return v === '' ? null : v
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.read(name).trim()
    if (raw === '') return fallback
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      this.problems.push(`${name}: got "${raw}", expected a whole number from ${min} to ${max}.`)
      return fallback
    }
    return Number(raw)
  }

  money(name: string): number | null {
    const raw = this.read(name).trim()
    if (raw === '') return null
    const n = Number(raw.replace(/^\$/, ''))
    if (!Number.isFinite(n) || n <= 0) {
      this.problems.push(
        `${name}: got "${raw}", expected a positive amount in US dollars such as 2.50 (or leave it empty for no cap).`
      )
      return null
    }
    return n
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.read(name).trim().toLowerCase()
    if (raw === '') return fallback
    if (['true', 'yes', '1', 'on'].includes(raw)) return true
    if (['false', 'no', '0', 'off'].includes(raw)) return false
    this.problems.push(`${name}: got "${raw}", expected true or false.`)
    return fallback
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const raw = this.read(name).trim()
    if (raw === '') return fallback
    if ((allowed as readonly string[]).includes(raw)) return raw as T
    this.problems.push(`${name}: got "${raw}", expected one of ${allowed.join(', ')}.`)
    return fallback
  }
}

function checkModel(r: Reader, name: string, value: string | null): void {
  if (value !== null && !MODEL_PATTERN.test(value))
    r.problems.push(`${name}: got "${value}", expected provider:model, e.g. ${MODEL_EXAMPLES}.`)
}

const PRICE_EXAMPLE =
  '{"openai:my-model": {"input": 1.25, "output": 10, "cached": 0.125, "cacheWrite": 1.25, "flex": {"input": 0.625, "output": 5}}}'

/** A `{input, output, cached?, cacheWrite?}` object of non-negative numbers, or null. */
function tierPriceOf(p: unknown): TierPrice | null {
  const o = p as Record<string, unknown> | null
  const ok = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0
  if (typeof o !== 'object' || o === null || !ok(o.input) || !ok(o.output)) return null
  for (const k of ['cached', 'cacheWrite'] as const) if (o[k] !== undefined && !ok(o[k])) return null
  return {
    input: o.input as number,
    output: o.output as number,
    ...(o.cached !== undefined ? { cached: o.cached as number } : {}),
    ...(o.cacheWrite !== undefined ? { cacheWrite: o.cacheWrite as number } : {})
  }
}

function parsePrices(r: Reader, raw: string): Settings['modelPrices'] {
  if (raw.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    r.problems.push(
      `model-prices: got "${raw.slice(0, 80)}", expected JSON like ${PRICE_EXAMPLE} (US dollars per million tokens).`
    )
    return {}
  }
  const out: Settings['modelPrices'] = {}
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    r.problems.push('model-prices: expected a JSON object keyed by model.')
    return {}
  }
  for (const [model, price] of Object.entries(parsed as Record<string, unknown>)) {
    const base = tierPriceOf(price)
    const flexRaw = (price as Record<string, unknown> | null)?.flex
    const flex = flexRaw === undefined ? undefined : tierPriceOf(flexRaw)
    if (!base || flex === null) {
      r.problems.push(
        `model-prices: "${model}" needs numeric "input" and "output" (and optional "cached", "cacheWrite" and "flex" with its own "input" and "output") in US dollars per million tokens, e.g. ${PRICE_EXAMPLE}.`
      )
      continue
    }
    out[model] = { ...base, ...(flex ? { flex } : {}) } satisfies ModelPrice
  }
  return out
}

export function parseSettings(read: InputReader): Settings {
  const r = new Reader(read)
  const githubToken = r.str('github-token', '')
  if (githubToken === '')
    r.problems.push(
      'github-token: empty. Pass `github-token: ${{ github.token }}` (the default) or a token with contents, issues, pull-requests, checks and actions write access.'
    )

  const agent = r.oneOf('agent', 'builtin', ['builtin', 'command'] as const)
  const agentCommand = r.optional('agent-command')
  if (agent === 'command' && agentCommand === null)
    r.problems.push(
      'agent-command: empty, but agent is "command". Give the command to run, e.g. `claude -p "$(cat $NIGHTSHIFT_PROMPT_FILE)"`.'
    )

  const model = parseList(r.str('model', DEFAULT_MODEL))
  const escalationModel = r.optional('escalation-model')
  for (const m of model) checkModel(r, 'model', m)
  if (model.length === 0)
    r.problems.push(
      'model: empty list; give provider:model entries, cheapest first, e.g. openai:gpt-5-mini, openai:gpt-5.'
    )
  checkModel(r, 'escalation-model', escalationModel)

  const credentials = readCredentials(c => r.optional(c.input))
  for (const { input, kind } of CREDENTIALS) {
    const url = credentials[input]
    if (kind === 'url' && url && !/^https?:\/\/\S+$/.test(url))
      r.problems.push(`${input}: got "${url}", expected an http(s) URL such as http://localhost:11434/v1.`)
  }

  const agentEnv = parseList(r.str('agent-env', ''))
  for (const name of agentEnv) {
    if (isForbiddenAgentEnv(name))
      r.problems.push(
        `agent-env: "${name}" cannot be passed to the agent: it would hand the agent the action's own credentials or step files.`
      )
    else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      r.problems.push(`agent-env: "${name}" is not an environment variable name.`)
  }

  const branchPrefix = r.str('branch-prefix', DEFAULT_BRANCH_PREFIX)
  if (!/^[A-Za-z0-9._-]+\/$/.test(branchPrefix))
    r.problems.push(
      `branch-prefix: got "${branchPrefix}", expected a folder-like prefix ending in "/", such as agent/.`
    )

  const protectedPaths = parseList(r.str('protected-paths', '.github/workflows/**'))
  // Only the shape here: the glob syntax of patterns that are not plain is checked by readSettings.
  for (const pattern of protectedPaths) {
    const problem = shapeProblem(pattern)
    if (problem) r.problems.push(`protected-paths: ${problem}.`)
  }

  const command = r.str('command', DEFAULT_VOCABULARY.command)
  if (!/^\/[\w-]+$/.test(command))
    r.problems.push(`command: got "${command}", expected a slash command such as /nightshift.`)

  const network = parseAgentNetwork(r.str('agent-network', 'registries'))
  r.problems.push(...network.problems)

  const settings: Settings = {
    githubToken,
    issue: r.optional('issue') === null ? null : r.int('issue', 0, 1, Number.MAX_SAFE_INTEGER),
    triggerLabel: r.str('trigger-label', DEFAULT_VOCABULARY.triggerLabel),
    assignee: r.optional('assignee')?.replace(/^@/, '') ?? null,
    command,
    ciWorkflow: r.str('ci-workflow', 'ci.yml'),
    fastCiWorkflow: r.optional('fast-ci-workflow'),
    maxAttempts: r.int('max-attempts', 4, 1, 20),
    // GitHub-hosted jobs stop at 6 hours; keep 20 minutes for setup and the report.
    timeLimitMinutes: r.int('time-limit-minutes', 30, 1, 340),
    maxCostUsd: r.money('max-cost-usd'),
    maxTokens: r.optional('max-tokens') === null ? null : r.int('max-tokens', 0, 1000, 1_000_000_000),
    model,
    escalationModel,
    escalationAttempt: r.int('escalation-attempt', 3, 1, 20),
    modelTier: r.oneOf('model-tier', 'standard', ['standard', 'flex'] as const),
    flexFallback: r.oneOf('flex-fallback', 'standard', ['standard', 'wait'] as const),
    credentials,
    modelPrices: parsePrices(r, r.str('model-prices', '')),
    agent,
    agentCommand,
    agentEnv,
    agentUser: r.oneOf('agent-user', 'auto', ['auto', 'unprivileged', 'current'] as const),
    agentTimeoutMinutes: r.int('agent-timeout-minutes', 15, 1, 340),
    branchPrefix,
    protectedPaths,
    draft: r.bool('draft', false),
    queueLimit: r.int('queue-limit', 5, 1, 100),
    testLabels: parseList(r.str('test-labels', DEFAULT_TEST_LABELS.join(','))),
    designLabels: parseList(r.str('design-labels', DEFAULT_DESIGN_LABELS.join(','))),
    feedbackChars: r.int('feedback-chars', 6000, 500, 60000),
    baseline: r.oneOf('baseline', 'auto', BASELINE_MODES),
    taskChars: r.int('task-chars', DEFAULT_TASK_CHARS, 1000, 400_000),
    allowCiSecrets: r.bool('allow-ci-secrets', false),
    allowCiPermissions: r.bool('allow-ci-permissions', false),
    agentNetwork: network.policy,
    escalatedLabel: r.str('escalated-label', DEFAULT_VOCABULARY.escalatedLabel),
    fixCiPush: r.oneOf('fix-ci-push', 'pull-request', ['pull-request', 'branch'] as const)
  }

  // A missing provider key is not an error here: ignored events need no key (see missingModelKey).
  const ladder = modelLadder(model, escalationModel, settings.escalationAttempt).models
  const known = ladder.filter(m => MODEL_PATTERN.test(m))
  if (agent === 'builtin')
    for (const m of known) {
      const problem = missingServer(m, credentials)
      if (problem) r.problems.push(problem)
    }
  if (agent === 'command' && settings.modelTier === 'flex')
    r.problems.push(
      'model-tier: flex applies to the built-in agent; a command agent picks its own model and tier.'
    )
  if (agent === 'builtin')
    for (const m of known) {
      const problem = tierProblem(m, settings.modelTier, settings.modelPrices, credentials)
      if (problem) r.problems.push(problem)
    }

  if (r.problems.length > 0) throw new ConfigError(r.problems)
  return settings
}

/** Which provider key a model needs, for a clear error before any work starts. */
export function missingModelKey(s: Pick<Settings, 'agent' | 'credentials'>, model: string): string | null {
  return s.agent === 'builtin' ? missingKey(model, s.credentials) : null
}
