/**
 * The egress allow-list against real programs, in a network namespace this test makes (see netns.ts):
 * the agent's uid reaches the allowed host and loopback, and nothing else — not by name, not by
 * address, not with its proxy variables unset, not through a raw socket, not from a static binary —
 * while other users are untouched; what it was refused is counted; the rules go away at the end.
 * Needs root (namespaces, nftables); .ci/run installs nftables.
 */
import { execFileSync, spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { nftArgv, runArgv } from '../../src/egress/nft.js'
import { startEgress, type EgressSession } from '../../src/egress/session.js'
import { createTestNet, type TestNet } from './netns.js'

const isRoot = process.getuid?.() === 0
const UID = 47000 + Math.floor(Math.random() * 1000)
const describeAsRoot = isRoot ? describe : describe.skip
if (!isRoot) console.warn('test/egress/kernel.test.ts needs root (network namespaces, nftables): skipped')

const CLIENT = `import http from 'node:http'
http.get(process.argv[2], { timeout: 4000 }, res => {
  let body = ''
  res.on('data', d => (body += d)).on('end', () => console.log('ok ' + body))
}).on('error', e => console.log('refused ' + (e.code ?? e.message)))
  .on('timeout', function () { console.log('refused timeout'); this.destroy() })
`

describeAsRoot('egress allow-list in a network namespace', () => {
  let net: TestNet
  let dir: string
  let session: EgressSession | null = null
  const probe = () => path.join(dir, 'probe')
  const node = (url: string, env: Record<string, string> = {}) =>
    net.runAs(UID, [process.execPath, path.join(dir, 'client.mjs'), url], {
      env: { PATH: '/usr/bin:/bin', ...env }
    })
  const otherUrl = () => `http://${net.other.address}:${net.other.port}/`
  const table = `nightshift_test_${process.pid}`

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'nightshift-egress-'))
    chmodSync(dir, 0o755)
    execFileSync('gcc', ['-static', '-O1', '-o', probe(), 'test/egress/probe.c'])
    writeFileSync(path.join(dir, 'client.mjs'), CLIENT, { mode: 0o644 })
    net = await createTestNet()
  })

  afterAll(async () => {
    await session?.stop().catch(() => undefined)
    await net?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('reaches every destination before the rules exist (so the refusals below mean something)', async () => {
    expect((await net.runAs(UID, [probe(), 'tcp', net.other.address, String(net.other.port)])).out).toBe(
      'ok HTTP/1.1 200 OK'
    )
    expect((await node(otherUrl())).out).toBe('ok other host')
    const raw = await net.runAs(UID, [probe(), 'raw', net.other.address], {
      setpriv: ['--inh-caps=+net_raw', '--ambient-caps=+net_raw']
    })
    expect(raw.out).toBe('reply')
  })

  it('installs the rules for the agent uid only', async () => {
    const started = Date.now()
    session = await startEgress({
      hosts: [{ host: 'allowed.test', ports: [net.allowed.port] }],
      uid: UID,
      netns: net.netns,
      table,
      // The pinned DNS server listens on this side; the namespace's DNS queries are sent to it.
      dnsAddress: net.allowed.address,
      lookup: async host => (host === 'allowed.test' ? [{ address: net.allowed.address, family: 4 }] : [])
    })
    console.log(`egress rules installed in ${Date.now() - started} ms`)
    const tables = await runArgv(nftArgv({ netns: net.netns, isRoot: true }, ['list', 'tables']))
    expect(tables.stdout).toContain(`table inet ${table}`)
  })

  it('lets the agent reach the allowed host by its pinned name', async () => {
    expect((await node(`http://allowed.test:${net.allowed.port}/`)).out).toBe('ok allowed host')
  })

  it('answers no other name', async () => {
    expect((await node(`http://other.test:${net.other.port}/`)).out).toBe('refused ENOTFOUND')
  })

  it('refuses another host by address, from node and from a static binary', async () => {
    expect((await node(otherUrl())).out).toBe('refused ECONNREFUSED')
    const r = await net.runAs(UID, [probe(), 'tcp', net.other.address, String(net.other.port)])
    expect(r.out).toBe('refused Connection refused')
    expect((await net.runAs(UID, [probe(), 'tcp', net.allowed.address, String(net.allowed.port)])).out).toBe(
      'ok HTTP/1.1 200 OK'
    )
  })

  it('refuses the allowed host on a port that is not allowed', async () => {
    const r = await net.runAs(UID, [probe(), 'tcp', net.allowed.address, String(net.other.port)])
    expect(r.out).toMatch(/^refused /)
  })

  it('does not depend on proxy variables: set, curl goes to the proxy; unset, it goes nowhere', async () => {
    const proxy = `http://${net.allowed.address}:${net.allowed.port}`
    const curl = (env: Record<string, string>) =>
      net.runAs(UID, ['curl', '-s', '-m', '4', '-o', '-', '-w', ' %{http_code}', otherUrl()], {
        env: { PATH: '/usr/bin:/bin', ...env }
      })
    expect((await curl({ http_proxy: proxy, HTTPS_PROXY: proxy })).out).toBe('allowed host 200')
    const unset = await curl({})
    expect(unset.out).toBe('000')
    expect(unset.code).toBe(7)
  })

  it('refuses a raw socket even with CAP_NET_RAW (as a ping with file capabilities has)', async () => {
    const r = await net.runAs(UID, [probe(), 'raw', net.other.address], {
      setpriv: ['--inh-caps=+net_raw', '--ambient-caps=+net_raw']
    })
    expect(r.out).toMatch(/^(refused |silent$)/)
  })

  it('keeps loopback open', async () => {
    const server = spawn('ip', [
      'netns',
      'exec',
      net.netns,
      process.execPath,
      '-e',
      "require('http').createServer((q,s)=>s.end('loopback')).listen(18080,'127.0.0.1',()=>console.log('up'))"
    ])
    await new Promise(resolve => server.stdout.once('data', resolve))
    try {
      expect((await node('http://127.0.0.1:18080/')).out).toBe('ok loopback')
    } finally {
      server.kill()
    }
  })

  it('leaves other users alone (the action keeps its own network)', async () => {
    expect((await net.runAs(0, [probe(), 'tcp', net.other.address, String(net.other.port)])).out).toBe(
      'ok HTTP/1.1 200 OK'
    )
  })

  it('leaves packets without an owner alone (the kernel’s own neighbour discovery and MLD)', async () => {
    const inNs = (...argv: string[]) =>
      execFileSync('ip', ['netns', 'exec', net.netns, ...argv], { encoding: 'utf8' })
    inNs('ip', 'link', 'add', 'nsa', 'type', 'veth', 'peer', 'name', 'nsb')
    try {
      inNs('ip', 'link', 'set', 'nsa', 'up')
      inNs('ip', 'link', 'set', 'nsb', 'up')
      // Duplicate address detection has sent its neighbour solicitations once the address is no longer tentative.
      for (let i = 0; i < 50 && /tentative/.test(inNs('ip', '-6', 'addr', 'show', 'dev', 'nsa')); i++)
        await new Promise(resolve => setTimeout(resolve, 100))
      expect(inNs('ip', '-6', 'addr', 'show', 'dev', 'nsa')).toMatch(/inet6 fe80::/)
      const set = inNs('nft', '-j', 'list', 'set', 'inet', table, 'blocked6')
      expect(set).not.toContain('ff02:')
    } finally {
      inNs('ip', 'link', 'del', 'nsa')
    }
  })

  it('counts what was blocked, by host and port', async () => {
    const blocked = await session!.takeBlocked()
    const row = (host: string, protocol: string, port: number | null) =>
      blocked.find(b => b.host === host && b.protocol === protocol && b.port === port)
    expect(row('other.test', 'dns', null)?.count).toBeGreaterThanOrEqual(1)
    expect(row(net.other.address, 'tcp', net.other.port)?.count).toBeGreaterThanOrEqual(3)
    expect(row('allowed.test', 'tcp', net.other.port)?.count).toBeGreaterThanOrEqual(1)
    expect(row(net.other.address, 'icmp', 0)?.count).toBeGreaterThanOrEqual(1)
    // Read again: only what happened since (a refused connect is one packet, or a few if retried).
    await node(otherUrl())
    const since = await session!.takeBlocked()
    expect(since.map(b => [b.host, b.protocol, b.port])).toEqual([[net.other.address, 'tcp', net.other.port]])
    expect(since[0]!.count).toBeGreaterThanOrEqual(1)
  })

  it('removes the rule set at the end, and the agent reaches the other host again', async () => {
    await session!.stop()
    session = null
    const tables = await runArgv(nftArgv({ netns: net.netns, isRoot: true }, ['list', 'tables']))
    expect(tables.stdout).not.toContain(table)
    expect((await net.runAs(UID, [probe(), 'tcp', net.other.address, String(net.other.port)])).out).toBe(
      'ok HTTP/1.1 200 OK'
    )
  })
})
