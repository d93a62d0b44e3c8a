/**
 * The agent's only DNS server: it answers A and AAAA questions for allowed names with the addresses
 * the action resolved (the same ones the firewall allows), and NXDOMAIN for every other name, which it
 * counts. Nothing is forwarded, so a lookup cannot carry data out (DNS tunnelling) and an allowed name
 * cannot be pointed at another address mid-run. UDP and TCP (RFC 7766), on one port.
 */
import dgram from 'node:dgram'
import net from 'node:net'
import dnsPacket from 'dns-packet'

export interface PinnedName {
  v4: string[]
  v6: string[]
}

export interface PinnedDns {
  port: number
  /** Names refused since the last call, with how often each was asked; the count restarts. */
  takeRefused(): Map<string, number>
  close(): Promise<void>
}

const NXDOMAIN = 3
const FLAGS = dnsPacket.RECURSION_AVAILABLE

/** The answer to one query message, or null for a message that is not a query. */
export function answer(
  query: Buffer,
  names: ReadonlyMap<string, PinnedName>,
  refused: (name: string) => void
): Buffer | null {
  let q: ReturnType<typeof dnsPacket.decode>
  try {
    q = dnsPacket.decode(query)
  } catch {
    return null
  }
  if (q.type !== 'query' || !q.questions?.length) return null
  const question = q.questions[0]!
  const name = question.name.toLowerCase().replace(/\.$/, '')
  const pinned = names.get(name)
  const flags = FLAGS | ((q.flags ?? 0) & dnsPacket.RECURSION_DESIRED)
  const base = { type: 'response' as const, id: q.id, questions: [question] }
  if (!pinned) {
    refused(name)
    return dnsPacket.encode({ ...base, flags: flags | NXDOMAIN })
  }
  const data = question.type === 'A' ? pinned.v4 : question.type === 'AAAA' ? pinned.v6 : []
  const answers = data.map(address => ({
    type: question.type as 'A' | 'AAAA',
    name: question.name,
    ttl: 60,
    class: 'IN' as const,
    data: address
  }))
  return dnsPacket.encode({ ...base, flags, answers })
}

/** Serves on `address` (a port chosen by the system). */
export async function startPinnedDns(
  address: string,
  names: ReadonlyMap<string, PinnedName>
): Promise<PinnedDns> {
  let refused = new Map<string, number>()
  const note = (name: string) => refused.set(name, (refused.get(name) ?? 0) + 1)
  const udp = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4')
  udp.on('message', (msg, from) => {
    const reply = answer(msg, names, note)
    if (reply) udp.send(reply, from.port, from.address)
  })
  udp.on('error', () => undefined)
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject)
    udp.bind(0, address, () => resolve())
  })
  const port = udp.address().port
  const tcp = net.createServer(socket => {
    let pending = Buffer.alloc(0)
    socket.on('error', () => socket.destroy())
    socket.setTimeout(10_000, () => socket.destroy())
    socket.on('data', chunk => {
      pending = Buffer.concat([pending, chunk])
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const size = pending.readUInt16BE(0)
        const reply = answer(pending.subarray(2, 2 + size), names, note)
        pending = pending.subarray(2 + size)
        if (!reply) return socket.destroy()
        const framed = Buffer.alloc(2 + reply.length)
        framed.writeUInt16BE(reply.length, 0)
        reply.copy(framed, 2)
        socket.write(framed)
      }
    })
  })
  // The same port over TCP; when another program holds it, the TCP side is skipped (UDP is what
  // resolvers use first, and a truncated answer never happens with a handful of addresses).
  await new Promise<void>(resolve => {
    tcp.once('error', () => resolve())
    tcp.listen(port, address, () => resolve())
  })
  return {
    port,
    takeRefused() {
      const out = refused
      refused = new Map()
      return out
    },
    close: () =>
      new Promise<void>(resolve => {
        udp.close()
        if (tcp.listening) tcp.close(() => resolve())
        else resolve()
      })
  }
}
