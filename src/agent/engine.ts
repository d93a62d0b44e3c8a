/** Picks the engine from settings-like plain data: the built-in tool loop, or a command agent. */
import { ConfigError } from '../errors.js'
import type { Clock } from '../loop/ports.js'
import { prepareAgentUser, takeBack, type AgentUser } from '../workspace/agent-user.js'
import { createBuiltinEngine } from './builtin-engine.js'
import { createCommandEngine } from './command-engine.js'
import type { ModelPrice } from './prices.js'
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
  anthropicApiKey: string | null
  openaiApiKey: string | null
  openaiBaseUrl: string | null
  modelPrices: Record<string, ModelPrice>
  /** Model steps per attempt for the built-in engine (default 40). */
  maxSteps?: number
  /** `model-tier` and `flex-fallback` (default standard). */
  modelTier?: 'standard' | 'flex'
  flexFallback?: 'standard' | 'wait'
}

export interface EngineWiring {
  log?: (line: string) => void
  clock?: Clock
  parentEnv?: NodeJS.ProcessEnv
  agentUser?: AgentUser | null
}

export function createEngine(settings: EngineSettings, wiring: EngineWiring = {}): Engine {
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
    credentials: {
      anthropicApiKey: settings.anthropicApiKey,
      openaiApiKey: settings.openaiApiKey,
      openaiBaseUrl: settings.openaiBaseUrl
    },
    prices: settings.modelPrices,
    maxSteps: settings.maxSteps,
    tier: { tier: settings.modelTier ?? 'standard', fallback: settings.flexFallback ?? 'standard' },
    commandTimeoutMs: Math.min(10, settings.agentTimeoutMinutes) * 60_000,
    ...wiring
  })
}

/**
 * `agent-user: unprivileged`: each attempt runs as the separate agent user. The working tree is handed
 * over before the attempt (git may have written files as the runner user since) and taken back after,
 * so the action's own git commands always own what they touch.
 */
export async function createUnprivilegedEngine(
  settings: EngineSettings,
  workspaceDir: string,
  wiring: Omit<EngineWiring, 'agentUser'> = {},
  userName?: string
): Promise<Engine> {
  const user = await prepareAgentUser(workspaceDir, { name: userName })
  await takeBack(workspaceDir)
  const engine = createEngine(settings, { ...wiring, agentUser: user })
  return {
    async attempt(input) {
      await prepareAgentUser(workspaceDir, { name: userName })
      try {
        return await engine.attempt(input)
      } finally {
        await takeBack(workspaceDir)
      }
    }
  }
}
