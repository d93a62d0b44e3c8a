import type { ModelPrice } from '../agent/prices.js'
import type { BaselineMode } from '../ci/baseline.js'

/**
 * Validated action settings: one documented field per input of action.yml. The defaults are in
 * action.yml and config/parse.ts only; test/config/parse.test.ts keeps the two equal.
 */
import type { EgressPolicy } from '../egress/policy.js'

export interface Settings {
  /** `github-token`: the token for API calls and pushes. */
  githubToken: string
  /** `issue`: work on this issue whatever the event (a matrix job over the `queue` output); null: from the event. */
  issue: number | null
  /** `trigger-label`: the label that marks an issue as suitable. */
  triggerLabel: string
  /** `assignee`: the login whose assignment starts work; null means any assignment of a labelled issue. */
  assignee: string | null
  /** `command`: the comment command prefix. */
  command: string
  /** `ci-workflow`: the workflow file (or id) dispatched as the judge. */
  ciWorkflow: string
  /** `fast-ci-workflow`: an optional quicker workflow for attempts; the full one runs last. */
  fastCiWorkflow: string | null
  /** `max-attempts`: attempts before handing back. */
  maxAttempts: number
  /** `time-limit-minutes`: wall clock for the whole loop. */
  timeLimitMinutes: number
  /** `max-cost-usd`: money cap for model calls; null means no cap. */
  maxCostUsd: number | null
  /** `max-tokens`: token cap for the whole task; null means no cap. */
  maxTokens: number | null
  /** `model`: the model ladder as `provider:model` entries, cheapest first (one entry: a single model). */
  model: string[]
  /** `escalation-model`: a stronger model on top of the ladder (`model` plus this is a two-rung ladder); null: none. */
  escalationModel: string | null
  /** `escalation-attempt`: from this attempt on, each attempt is one rung higher on the ladder. */
  escalationAttempt: number
  /** `model-tier`: `standard`, or `flex` (OpenAI's half-price tier for work nobody waits on). */
  modelTier: 'standard' | 'flex'
  /** `flex-fallback`: when flex has no capacity, `standard` runs the step at the standard tier, `wait` asks flex again later. */
  flexFallback: 'standard' | 'wait'
  /**
   * The model providers' keys and servers by input name, one entry per credential that
   * src/agent/providers.ts lists (an API key input, a base URL input); null: not given. Keys are held
   * by the action's process only.
   */
  credentials: Record<string, string | null>
  /** `model-prices`: JSON overriding the price table, `{"model": {"input": $/Mtok, "output": …, "cached": …, "cacheWrite": …, "flex": {…}}}`. */
  modelPrices: Record<string, ModelPrice>
  /** `agent`: `builtin` (tool loop on a model) or `command` (any CLI agent). */
  agent: 'builtin' | 'command'
  /** `agent-command`: the command the command engine runs (prompt in $NIGHTSHIFT_PROMPT_FILE and stdin). */
  agentCommand: string | null
  /** `agent-env`: names of extra environment variables passed to the command engine. */
  agentEnv: string[]
  /**
   * `agent-user`: `auto` runs the agent as a separate user without sudo when the action can
   * create one (root or passwordless sudo), else as the action's own user with a warning in the report;
   * `unprivileged` requires the separate user; `current` always shares the action's user.
   */
  agentUser: 'auto' | 'unprivileged' | 'current'
  /** `agent-timeout-minutes`: limit for one attempt of the agent. */
  agentTimeoutMinutes: number
  /** `branch-prefix`: prefix of the agent's branches. */
  branchPrefix: string
  /** `protected-paths`: globs the agent may not change. */
  protectedPaths: string[]
  /** `draft`: open the pull request as a draft. */
  draft: boolean
  /** `queue-limit`: issues a scheduled run picks at most. */
  queueLimit: number
  /** `test-labels`: labels that mean the issue has test criteria (classifier). */
  testLabels: string[]
  /** `design-labels`: labels that mean a design decision is needed (classifier). */
  designLabels: string[]
  /** `feedback-chars`: budget of the CI feedback the agent receives. */
  feedbackChars: number
  /** `task-chars`: most characters of the issue text the agent receives. */
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
  /** `agent-network`: the hosts the agent's processes may reach, or `open`. */
  agentNetwork: EgressPolicy
  /** `escalated-label`: label put on issues handed back to a human. */
  escalatedLabel: string
  /**
   * `fix-ci-push`: where a fix-ci round pushes. `pull-request` (default): its own `agent/fix-<pr>-…`
   * branch and a pull request into the pull request's branch. `branch`: the pull request's branch
   * itself, when its author has write access, never with force and only on top of the head it started from.
   */
  fixCiPush: 'pull-request' | 'branch'
}
