/** What the report shows about the agent's network (plain data; saved with each attempt). */

/** A destination the agent was refused: a host (or address) and port, and how often. */
export interface BlockedDestination {
  /** The name when known (a refused lookup, or an address the action resolved), else the address. */
  host: string
  /** Null for a refused DNS lookup; 0 for a protocol without ports (ICMP, raw IP). */
  port: number | null
  /** `tcp`, `udp`, `icmp`…, or `dns` for a refused lookup. */
  protocol: string
  /** Refused packets (a refused TCP connection is one), or lookups. */
  count: number
}

export interface NetworkReport {
  /** The `agent-network` value in force (`registries`, `none`, `open`, or the list). */
  policy: string
  /** True when the kernel filtered the agent's traffic during the attempt. */
  enforced: boolean
  /** Why it was not enforced, or what else the reader should know; null when there is nothing to say. */
  note: string | null
  blocked: BlockedDestination[]
}
