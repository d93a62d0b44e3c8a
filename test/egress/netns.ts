/**
 * A network made by the test, on this machine only: a namespace for the agent joined by a veth pair
 * to this process's namespace, where two addresses stand for an allowed host and another host, each
 * with a small HTTP server. Nothing here touches the host's own firewall or sends traffic anywhere but
 * these addresses and loopback.
 */
import { execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'

const exec = promisify(execFile)

export interface TestNet {
  netns: string
  /** This process's side of the veth: the allowed host's address (and the pinned DNS server's). */
  allowed: { address: string; port: number }
  /** A second address on this side: a host the agent must not reach. */
  other: { address: string; port: number }
  /** Runs a command inside the namespace as `uid` (extra setpriv options first), with this environment. */
  runAs(
    uid: number,
    argv: string[],
    o?: { env?: Record<string, string>; setpriv?: string[] }
  ): Promise<{ code: number; out: string }>
  close(): Promise<void>
}

function serve(address: string, body: string): Promise<Server> {
  const server = createServer((_req, res) => res.end(body))
  return new Promise(resolve => server.listen(0, address, () => resolve(server)))
}

export async function createTestNet(): Promise<TestNet> {
  const id = randomBytes(3).toString('hex')
  const netns = `nse${id}`
  const octet = 100 + (parseInt(id.slice(0, 2), 16) % 150)
  const [host, peer] = [`ve${id}h`, `ve${id}n`]
  const net = `10.213.${octet}`
  const sh = (...argv: string[]) => exec(argv[0]!, argv.slice(1))
  await sh('ip', 'netns', 'add', netns)
  const steps = [
    ['ip', 'link', 'add', host, 'type', 'veth', 'peer', 'name', peer],
    ['ip', 'link', 'set', peer, 'netns', netns],
    ['ip', 'addr', 'add', `${net}.1/24`, 'dev', host],
    ['ip', 'addr', 'add', `${net}.3/24`, 'dev', host],
    ['ip', 'link', 'set', host, 'up'],
    ['ip', 'netns', 'exec', netns, 'ip', 'addr', 'add', `${net}.2/24`, 'dev', peer],
    ['ip', 'netns', 'exec', netns, 'ip', 'link', 'set', peer, 'up'],
    ['ip', 'netns', 'exec', netns, 'ip', 'link', 'set', 'lo', 'up'],
    ['ip', 'netns', 'exec', netns, 'ip', 'route', 'add', 'default', 'via', `${net}.1`]
  ]
  for (const step of steps) await sh(...step)
  // `ip netns exec` mounts /etc/netns/<name>/resolv.conf over /etc/resolv.conf inside the namespace.
  mkdirSync(`/etc/netns/${netns}`, { recursive: true })
  writeFileSync(`/etc/netns/${netns}/resolv.conf`, `nameserver ${net}.1\noptions timeout:1 attempts:1\n`)
  const servers = [await serve(`${net}.1`, 'allowed host'), await serve(`${net}.3`, 'other host')]
  const port = (s: Server) => (s.address() as AddressInfo).port
  return {
    netns,
    allowed: { address: `${net}.1`, port: port(servers[0]!) },
    other: { address: `${net}.3`, port: port(servers[1]!) },
    runAs(uid, argv, o = {}) {
      const full = [
        'netns',
        'exec',
        netns,
        'setpriv',
        `--reuid=${uid}`,
        `--regid=${uid}`,
        '--clear-groups',
        ...(o.setpriv ?? []),
        '--',
        ...argv
      ]
      return new Promise(resolve => {
        const child = spawn('ip', full, { env: o.env ?? { PATH: process.env.PATH ?? '/usr/bin:/bin' } })
        let out = ''
        child.stdout.on('data', d => (out += String(d)))
        child.stderr.on('data', d => (out += String(d)))
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
        child.on('close', code => {
          clearTimeout(timer)
          resolve({ code: code ?? -1, out: out.trim() })
        })
      })
    },
    async close() {
      for (const s of servers) {
        s.closeAllConnections()
        s.close()
      }
      await sh('ip', 'link', 'del', host).catch(() => undefined)
      await sh('ip', 'netns', 'del', netns).catch(() => undefined)
      rmSync(`/etc/netns/${netns}`, { recursive: true, force: true })
    }
  }
}
