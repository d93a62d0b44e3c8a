/**
 * Puts an engine behind the egress allow-list. Takes only the agent's uid, so it works however the
 * separate user was made; with no separate user (the agent shares the action's uid) the action's own
 * GitHub and model calls could not be told apart from the agent's, so nothing is installed and the
 * report says so. Each attempt's result carries what was blocked during it.
 */
import type { Engine } from '../agent/types.js'
import { startEgress, type EgressOptions, type EgressSession } from './session.js'
import type { EgressPolicy } from './policy.js'
import type { NetworkReport } from './types.js'

export interface ConfineOptions {
  policy: EgressPolicy
  /** The agent user's uid, or null when the agent runs as the action's own user. */
  uid: number | null
  /** The nftables table name, unique to this run. */
  table: string
  log?: (line: string) => void
  /** For tests: where and how the rules are installed (default: this namespace, real nft). */
  start?: (o: EgressOptions) => Promise<EgressSession>
  netns?: string | null
  dnsAddress?: string
}

export interface ConfinedEngine {
  engine: Engine
  /** The table to remove after a crash (the post step), or null when nothing was installed. */
  table: string | null
  /** Removes the rules; safe to call twice. */
  stop(): Promise<void>
}

const notEnforced = (engine: Engine, report: NetworkReport): ConfinedEngine => ({
  engine: {
    async attempt(input) {
      return { ...(await engine.attempt(input)), network: report }
    }
  },
  table: null,
  stop: async () => undefined
})

export async function confineEngine(engine: Engine, o: ConfineOptions): Promise<ConfinedEngine> {
  if (o.policy.mode === 'open') {
    return notEnforced(engine, { policy: 'open', enforced: false, note: null, blocked: [] })
  }
  const policy = o.policy.label
  if (o.uid === null) {
    return notEnforced(engine, {
      policy,
      enforced: false,
      note: "not enforced: the agent runs as the action's own user, whose GitHub and model calls must stay open. Run where the action may create the agent user (root or passwordless sudo, with `agent-user: auto` or `agent-user: unprivileged`) to confine the agent.",
      blocked: []
    })
  }
  const session = await (o.start ?? startEgress)({
    hosts: o.policy.hosts,
    uid: o.uid,
    netns: o.netns ?? null,
    dnsAddress: o.dnsAddress,
    table: o.table,
    log: o.log
  })
  const note = session.unresolved.length
    ? `allowed but not resolvable when the run started: ${session.unresolved.join(', ')}`
    : null
  let stopped = false
  return {
    engine: {
      async attempt(input) {
        await session.takeBlocked()
        const result = await engine.attempt(input)
        const blocked = await session.takeBlocked().catch(() => [])
        return { ...result, network: { policy, enforced: true, note, blocked } }
      }
    },
    table: o.table,
    async stop() {
      if (stopped) return
      stopped = true
      await session.stop()
    }
  }
}
