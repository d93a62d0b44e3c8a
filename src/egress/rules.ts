/**
 * The kernel rules that confine one user's traffic, as an nftables script (pure; no I/O).
 *
 * Every packet a socket owned by the agent's uid sends (`meta skuid`, so TCP, UDP, ICMP and raw
 * sockets alike, whatever the program and whatever its proxy variables say) leaves only to loopback,
 * to the pinned DNS server (its DNS queries are redirected there), or to an allowed address and port.
 * Everything else is rejected at once and counted per destination in a set with a counter on each
 * element, read back for the report. Other users' traffic, the action's own model and API calls
 * among it, is not touched.
 * https://wiki.nftables.org/wiki-nftables/index.php/Matching_packet_metainformation
 */

export interface PinnedAddress {
  address: string
  family: 4 | 6
  ports: number[]
}

export interface RuleOptions {
  /** The table's name; one table holds everything, so removing it removes every rule. */
  table: string
  uid: number
  /** Where the pinned DNS server listens. A loopback address means this namespace's own loopback. */
  dns: { address: string; port: number }
  allow: PinnedAddress[]
}

const isLoopback = (address: string) => address.startsWith('127.') || address === '::1'

function elements(list: PinnedAddress[], family: 4 | 6): string {
  return list
    .filter(a => a.family === family)
    .flatMap(a => a.ports.map(p => `${a.address} . ${p}`))
    .join(', ')
}

/** The `nft -f -` script that (re)creates the table. */
export function egressRuleset(o: RuleOptions): string {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,30}$/.test(o.table))
    throw new Error(`invalid nftables table name "${o.table}"`)
  if (!Number.isInteger(o.uid) || o.uid <= 0) throw new Error(`refusing to confine uid ${o.uid}`)
  const v4 = elements(o.allow, 4)
  const v6 = elements(o.allow, 6)
  const dnsFamily = o.dns.address.includes(':') ? 'ip6' : 'ip'
  const toDns = isLoopback(o.dns.address)
    ? `redirect to :${o.dns.port}`
    : `dnat ${dnsFamily} to ${o.dns.address.includes(':') ? `[${o.dns.address}]` : o.dns.address}:${o.dns.port}`
  const skuid = `meta skuid ${o.uid}`
  return [
    // Declaring, then deleting, makes the script work whether or not the table exists already.
    `table inet ${o.table} {}`,
    `delete table inet ${o.table}`,
    `table inet ${o.table} {`,
    `  set allowed4 { type ipv4_addr . inet_service; ${v4 ? `elements = { ${v4} }` : ''} }`,
    `  set allowed6 { type ipv6_addr . inet_service; ${v6 ? `elements = { ${v6} }` : ''} }`,
    '  set blocked4 { type ipv4_addr . inet_proto . inet_service; flags dynamic; counter; size 4096; }',
    '  set blocked6 { type ipv6_addr . inet_proto . inet_service; flags dynamic; counter; size 4096; }',
    '  chain dns {',
    '    type nat hook output priority -100; policy accept;',
    `    ${skuid} meta l4proto { tcp, udp } th dport 53 ${toDns}`,
    '  }',
    '  chain out {',
    '    type filter hook output priority 0; policy accept;',
    // A positive match: packets the kernel sends without a socket (neighbour discovery, resets and
    // ICMP errors for others' traffic) have no owner, match neither `==` nor `!=`, and stay untouched.
    `    ${skuid} jump agent`,
    '  }',
    '  chain agent {',
    '    oifname "lo" accept',
    `    ${dnsFamily} daddr ${o.dns.address} meta l4proto { tcp, udp } th dport ${o.dns.port} accept`,
    '    meta l4proto tcp ip daddr . tcp dport @allowed4 accept',
    '    meta l4proto tcp ip6 daddr . tcp dport @allowed6 accept',
    '    meta l4proto { tcp, udp } add @blocked4 { ip daddr . meta l4proto . th dport }',
    '    meta l4proto { tcp, udp } add @blocked6 { ip6 daddr . meta l4proto . th dport }',
    '    meta l4proto != { tcp, udp } add @blocked4 { ip daddr . meta l4proto . 0 }',
    '    meta l4proto != { tcp, udp } add @blocked6 { ip6 daddr . meta l4proto . 0 }',
    '    meta l4proto tcp reject with tcp reset',
    '    reject with icmpx admin-prohibited',
    '  }',
    '}',
    ''
  ].join('\n')
}

/** One destination the agent tried to reach and was refused. */
export interface BlockedPacket {
  address: string
  protocol: string
  /** 0 when the protocol has no ports (ICMP, raw IP). */
  port: number
  packets: number
}

interface NftElem {
  elem?: { val?: { concat?: unknown[] }; counter?: { packets?: number } }
}

/** The blocked sets' elements from `nft -j list set …` output. */
export function parseBlocked(json: string): BlockedPacket[] {
  const out: BlockedPacket[] = []
  const doc = JSON.parse(json) as { nftables?: { set?: { elem?: NftElem[] } }[] }
  for (const item of doc.nftables ?? []) {
    for (const e of item.set?.elem ?? []) {
      const [address, protocol, port] = e.elem?.val?.concat ?? []
      if (typeof address !== 'string') continue
      out.push({
        address,
        protocol: typeof protocol === 'string' ? protocol : String(protocol),
        port: typeof port === 'number' ? port : Number(port) || 0,
        packets: e.elem?.counter?.packets ?? 0
      })
    }
  }
  return out
}
