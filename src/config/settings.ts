import type { ModelPrice } from '../agent/prices.js'
import type { BaselineMode } from '../ci/baseline.js'

/** Validated action settings: one documented field per input of action.yml. */
import type { EgressPolicy } from '../egress/policy.js'

export interface Settings {
  /** `github-token`: the token for API calls and pushes (default `${{ github.token }}`). */
  githubToken: string
  /** `issue`: work on this issue whatever the event (a matrix job over the `queue` output); null: from the event. */
  issue: number | null
  /** `trigger-label`: the label that marks an issue as suitable (default `agent-ok`). */
  triggerLabel: string
  /** `assignee`: the login whose assignment starts work; null means any assignment of a labelled issue. */
  assignee: string | null
  /** `command`: the comment command prefix (default `/nightshift`). */
  command: string
  /** `ci-workflow`: the workflow file (or id) dispatched as the judge (default `ci.yml`). */
  ciWorkflow: string
  /** `fast-ci-workflow`: an optional quicker workflow for attempts; the full one runs last. */
  fastCiWorkflow: string | null
  /** `max-attempts`: attempts before handing back (default 4, 1–20). */
  maxAttempts: number
  /** `time-limit-minutes`: wall clock for the whole loop (default 30, 1–340). */
  timeLimitMinutes: number
  /** `max-cost-usd`: money cap for model calls; null means no cap. */
  maxCostUsd: number | null
  /** `max-tokens`: token cap for the whole task; null means no cap. */
  maxTokens: number | null
  /** `model`: the model ladder as `provider:model` entries, cheapest first (one entry: a single model). */
  model: string[]
  /** `escalation-model`: a stronger model on top of the ladder (`model` plus this is a two-rung ladder); null: none. */
  escalationModel: string | null
  /** `escalation-attempt`: from this attempt on, each attempt is one rung higher on the ladder (default 3). */
  escalationAttempt: number
  /** `model-tier`: `standard`, or `flex` (OpenAI's half-price tier for work nobody waits on). */
  modelTier: 'standard' | 'flex'
  /** `flex-fallback`: when flex has no capacity, `standard` runs the step at the standard tier, `wait` asks flex again later. */
  flexFallback: 'standard' | 'wait'
  /** `anthropic-api-key`, `openai-api-key`: provider keys, held by the action's process only. */
  anthropicApiKey: string | null
  openaiApiKey: string | null
  /** `openai-base-url`: an OpenAI-compatible server (vLLM, Ollama, LiteLLM, a gateway). */
  openaiBaseUrl: string | null
  /** `model-prices`: JSON overriding the price table, `{"model": {"input": $/Mtok, "output": …, "cached": …, "cacheWrite": …, "flex": {…}}}`. */
  modelPrices: Record<string, ModelPrice>
  /** `agent`: `builtin` (tool loop on a model) or `command` (any CLI agent). */
  agent: 'builtin' | 'command'
  /** `agent-command`: the command the command engine runs (prompt in $NIGHTSHIFT_PROMPT_FILE and stdin). */
  agentCommand: string | null
  /** `agent-env`: names of extra environment variables passed to the command engine. */
  agentEnv: string[]
  /**
   * `agent-user`: `auto` (default) runs the agent as a separate user without sudo when the action can
   * create one (root or passwordless sudo), else as the action's own user with a warning in the report;
   * `unprivileged` requires the separate user; `current` always shares the action's user.
   */
  agentUser: 'auto' | 'unprivileged' | 'current'
  /** `agent-timeout-minutes`: limit for one attempt of the agent (default 15). */
  agentTimeoutMinutes: number
  /** `branch-prefix`: prefix of the agent's branches (default `agent/`). */
  branchPrefix: string
  /** `protected-paths`: globs the agent may not change (default `.github/workflows/**`). */
  protectedPaths: string[]
  /** `draft`: open the pull request as a draft (default false). */
  draft: boolean
  /** `queue-limit`: issues a scheduled run picks at most (default 5). */
  queueLimit: number
  /** `test-labels`: labels that mean the issue has test criteria (classifier). */
  testLabels: string[]
  /** `design-labels`: labels that mean a design decision is needed (classifier). */
  designLabels: string[]
  /** `feedback-chars`: budget of the CI feedback the agent receives (default 6000). */
  feedbackChars: number
  /** `task-chars`: most characters of the issue text the agent receives (default 32000, about 8k tokens). */
  taskChars: number
  /**
   * `baseline`: how the base commit's CI result is learnt before attempt 1, so that failures already
   * there are not charged to the agent: `auto` (the latest completed run on that commit, else one
   * dispatched), `dispatch` (always one dispatched), `off` (every failure counts).
   */
  baseline: BaselineMode
  /** `allow-ci-secrets`: dispatch even when the CI workflow uses secrets beyond GITHUB_TOKEN. */
  allowCiSecrets: boolean
  /** `allow-ci-permissions`: dispatch even when the CI workflow's token can write (contents, packages, actions) or mint OIDC tokens. */
  allowCiPermissions: boolean
  /** `agent-network`: the hosts the agent's processes may reach (`registries` by default), or `open`. */
  agentNetwork: EgressPolicy
  /** `escalated-label`: label put on issues handed back to a human (default `agent-escalated`). */
  escalatedLabel: string
}
