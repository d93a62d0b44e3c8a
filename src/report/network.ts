/**
 * The agent's network in the report: the allow-list in force and every destination it refused, summed
 * over the attempts (host, port, count), so a maintainer can add a host the build really needs.
 * Host names come from the agent's own lookups: untrusted, so they go through `code()`.
 */
import type { BlockedDestination } from '../egress/types.js'
import type { LoopState } from '../loop/state.js'
import { code, formatCount, table } from './markdown.js'

function totals(state: LoopState): BlockedDestination[] {
  const sum = new Map<string, BlockedDestination>()
  for (const a of state.attempts) {
    for (const b of a.network?.blocked ?? []) {
      const key = `${b.host}|${b.protocol}|${b.port ?? ''}`
      const seen = sum.get(key)
      sum.set(key, seen ? { ...seen, count: seen.count + b.count } : { ...b })
    }
  }
  return [...sum.values()].sort((a, b) => b.count - a.count || a.host.localeCompare(b.host))
}

/** The section, with at most `max` rows; '' when no attempt recorded the network. */
export function networkSection(state: LoopState, max = 20): string {
  const last = [...state.attempts].reverse().find(a => a.network)?.network
  if (!last) return ''
  const policy = code(last.policy, 200)
  if (!last.enforced) {
    const why = last.note ?? 'the agent may reach any host (`agent-network: open`)'
    return `### Network\n\nEgress allow-list ${policy}: ${why}`
  }
  const blocked = totals(state)
  const lines = [
    '### Network',
    '',
    `Egress allow-list ${policy}, enforced in the kernel for the agent's user. ${blocked.length ? `Blocked ${formatCount(blocked.reduce((n, b) => n + b.count, 0))} time(s):` : 'Nothing was blocked.'}`
  ]
  if (last.note) lines.push('', `Note: ${last.note}`)
  if (blocked.length) {
    const rows = blocked
      .slice(0, max)
      .map(b => [
        code(b.host, 120),
        b.protocol === 'dns' ? 'DNS lookup' : b.port ? `${b.protocol} ${b.port}` : b.protocol,
        formatCount(b.count)
      ])
    lines.push('', table(['host', 'port', 'count'], rows, ['l', 'l', 'r']))
    if (blocked.length > rows.length)
      lines.push('', `… and ${blocked.length - rows.length} more destinations.`)
    lines.push(
      '',
      'If the build needs one of these, add it to `agent-network` (e.g. `agent-network: registries, example.com`).'
    )
  }
  return lines.join('\n')
}
