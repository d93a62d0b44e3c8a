/** Picks the engine from settings-like plain data: the built-in tool loop, or a command agent. */
import { ConfigError } from '../errors.js'
import type { Clock } from '../clock.js'
import type { AgentSandbox } from '../workspace/sandbox.js'
import { createBuiltinEngine } from './builtin-engine.js'
import { createCommandEngine } from './command-engine.js'
import type { ModelPrice } from './prices.js'
import type { Credentials } from './providers.js'
import type { Engine } from './types.js'

export { createBuiltinEngine, type BuiltinEngineOptions } from './builtin-engine.js'
export { createCommandEngine, type CommandEngineOptions } from './command-engine.js'
export { chooseModel, type ModelLadder } from './models.js'

/** The subset of `Settings` the engines need (same field names), plus what main.ts wires in. */
export interface EngineSettings {
  agent: 'builtin' | 'command'
  agentCommand: string | null
  agentEnv: string[]
  agentTimeoutMinutes: number
  /** The providers' keys and servers by input name (src/agent/providers.ts). */
  credentials: Credentials
  modelPrices: Record<string, ModelPrice>
  /** Model steps per attempt for the built-in engine (default 40). */
  maxSteps?: number
  /** `model-tier` and `flex-fallback` (default standard). */
  modelTier?: 'standard' | 'flex'
  flexFallback?: 'standard' | 'wait'
}

export interface EngineWiring {
  /** Where the agent's commands run (workspace/choose-sandbox.ts). */
  sandbox: AgentSandbox
  log?: (line: string) => void
  /** Degraded modes a maintainer should see (an unknown price): `::warning::` in the log. */
  warn?: (line: string) => void
  clock?: Clock
  parentEnv?: NodeJS.ProcessEnv
}

export function createEngine(settings: EngineSettings, wiring: EngineWiring): Engine {
  if (settings.agent === 'command') {
    if (!settings.agentCommand) throw new ConfigError(['agent-command: empty, but agent is "command".'])
    return createCommandEngine({
      command: settings.agentCommand,
      agentEnvNames: settings.agentEnv,
      timeoutMs: settings.agentTimeoutMinutes * 60_000,
      ...wiring
    })
  }
  return createBuiltinEngine({
    credentials: settings.credentials,
    prices: settings.modelPrices,
    maxSteps: settings.maxSteps,
    tier: { tier: settings.modelTier ?? 'standard', fallback: settings.flexFallback ?? 'standard' },
    commandTimeoutMs: Math.min(10, settings.agentTimeoutMinutes) * 60_000,
    ...wiring
  })
}
