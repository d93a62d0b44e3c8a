/**
 * Settings that let the agent's code reach more than the defaults allow, named in the report so a
 * reviewer sees them next to the result (`allow-ci-permissions`, `allow-ci-secrets`, `agent-network: open`).
 */
import type { LoopState } from '../loop/state.js'

export interface RiskSettings {
  allowCiPermissions: boolean
  allowCiSecrets: boolean
  agentNetworkOpen: boolean
}

export function riskNotices(s: RiskSettings): string[] {
  const out: string[] = []
  if (s.allowCiPermissions)
    out.push(
      "`allow-ci-permissions: true`: the dispatched CI may run the agent's code with a token that can write to the repository, publish packages, start workflows or mint OIDC tokens."
    )
  if (s.allowCiSecrets)
    out.push(
      "`allow-ci-secrets: true`: the dispatched CI may run the agent's code where secrets are in reach."
    )
  if (s.agentNetworkOpen) out.push("`agent-network: open`: the agent's processes may reach any host.")
  return out
}

export function noticesSection(state: LoopState): string {
  const notices = state.notices ?? []
  if (notices.length === 0) return ''
  return ['> [!CAUTION]', ...notices.map(n => `> ${n}`)].join('\n')
}
