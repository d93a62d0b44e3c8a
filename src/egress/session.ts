/**
 * One egress session: resolve the allowed hosts in the action's process, serve them on the pinned DNS
 * server, install the kernel rules for the agent's uid in the given network namespace, read what was
 * blocked, and remove it all at the end.
 */
import { lookup as dnsLookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { SetupError } from '../errors.js'
import { ensureNft, nftArgv, runArgv, type Place, type Runner } from './nft.js'
import { startPinnedDns, type PinnedName } from './pinned-dns.js'
import type { AllowedHost } from './policy.js'
import { egressRuleset, parseBlocked, type PinnedAddress } from './rules.js'
import type { BlockedDestination } from './types.js'

export type Lookup = (host: string) => Promise<{ address: string; family: number }[]>

const systemLookup: Lookup = host => dnsLookup(host, { all: true, verbatim: true })

export interface EgressOptions {
  hosts: AllowedHost[]
  /** The agent's uid: only sockets it owns are filtered. */
  uid: number
  /** The network namespace to act in; null for the action's own (the runner's). */
  netns: string | null
  /** The nftables table, unique to this run (the post step removes it by name after a crash). */
  table: string
  /** Where the pinned DNS server listens, reachable from the namespace (default 127.0.0.1). */
  dnsAddress?: string
  lookup?: Lookup
  run?: Runner
  isRoot?: boolean
  log?: (line: string) => void
}

export interface EgressSession {
  table: string
  /** Allowed names that did not resolve (the agent cannot reach them either). */
  unresolved: string[]
  /** What was blocked since the last call. */
  takeBlocked(): Promise<BlockedDestination[]>
  /** Removes the rules and stops the DNS server; returns what was blocked since the last call. */
  stop(): Promise<BlockedDestination[]>
}

async function pin(hosts: AllowedHost[], lookup: Lookup) {
  const names = new Map<string, PinnedName>()
  const allow: PinnedAddress[] = []
  const unresolved: string[] = []
  const byAddress = new Map<string, string>()
  for (const { host, ports } of hosts) {
    const found = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host).catch(() => [])
    if (found.length === 0) unresolved.push(host)
    const pinned: PinnedName = { v4: [], v6: [] }
    for (const a of found) {
      const family = a.family === 6 ? 6 : 4
      ;(family === 4 ? pinned.v4 : pinned.v6).push(a.address)
      allow.push({ address: a.address, family, ports })
      byAddress.set(a.address, host)
    }
    if (!isIP(host)) names.set(host, pinned)
  }
  return { names, allow, unresolved, byAddress }
}

/** Removes the table (used by `stop` and by the post step after a crash); true when it was there. */
export async function removeEgressRules(
  place: Place,
  table: string,
  run: Runner = runArgv
): Promise<boolean> {
  return (await run(nftArgv(place, ['delete', 'table', 'inet', table]))).code === 0
}

export async function startEgress(o: EgressOptions): Promise<EgressSession> {
  const run = o.run ?? runArgv
  const log = o.log ?? (() => undefined)
  const place: Place = { netns: o.netns, isRoot: o.isRoot ?? process.getuid?.() === 0 }
  const lookup = o.lookup ?? systemLookup
  await ensureNft(run, place.isRoot, log)
  const { names, allow, unresolved, byAddress } = await pin(o.hosts, lookup)
  const dnsAddress = o.dnsAddress ?? '127.0.0.1'
  const dns = await startPinnedDns(dnsAddress, names)
  const script = egressRuleset({
    table: o.table,
    uid: o.uid,
    dns: { address: dnsAddress, port: dns.port },
    allow
  })
  const installed = await run(nftArgv(place, ['-f', '-']), script)
  if (installed.code !== 0) {
    await dns.close()
    throw new SetupError(
      `agent-network: could not install the egress rules: ${installed.stderr.trim()}. ` +
        'The runner needs root or passwordless sudo and a kernel with nf_tables; or set agent-network: open.'
    )
  }
  log(
    `Egress allow-list for uid ${o.uid}: ${o.hosts.length} host(s), ${allow.length} address(es) pinned` +
      (unresolved.length ? `; not resolvable: ${unresolved.join(', ')}` : '')
  )

  const seen = new Map<string, number>()
  const nameOf = async (address: string): Promise<string> => byAddress.get(address) ?? address
  const takeBlocked = async (): Promise<BlockedDestination[]> => {
    const out: BlockedDestination[] = []
    for (const [name, count] of dns.takeRefused())
      out.push({ host: name, port: null, protocol: 'dns', count })
    for (const set of ['blocked4', 'blocked6']) {
      const r = await run(nftArgv(place, ['-j', 'list', 'set', 'inet', o.table, set]))
      if (r.code !== 0) continue
      for (const b of parseBlocked(r.stdout)) {
        const key = `${b.address}|${b.protocol}|${b.port}`
        const delta = b.packets - (seen.get(key) ?? 0)
        seen.set(key, b.packets)
        if (delta > 0)
          out.push({ host: await nameOf(b.address), port: b.port, protocol: b.protocol, count: delta })
      }
    }
    return out.sort((a, b) => b.count - a.count || a.host.localeCompare(b.host))
  }
  return {
    table: o.table,
    unresolved,
    takeBlocked,
    async stop() {
      const last = await takeBlocked().catch(() => [])
      await removeEgressRules(place, o.table, run)
      await dns.close()
      return last
    }
  }
}
