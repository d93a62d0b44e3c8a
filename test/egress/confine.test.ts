/**
 * The engine behind the allow-list: each attempt's result says what was blocked during it, the report
 * shows it, and nothing is installed when the agent shares the action's user. The last test runs a
 * real command agent as another uid in a network namespace made by the test.
 */
import { chmodSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { createCommandEngine } from '../../src/agent/command-engine.js'
import type { AttemptInput, Engine } from '../../src/agent/types.js'
import { confineEngine } from '../../src/egress/confine.js'
import { parseAgentNetwork } from '../../src/egress/policy.js'
import type { EgressOptions, EgressSession } from '../../src/egress/session.js'
import { networkSection } from '../../src/report/network.js'
import { attemptInput } from '../agent/engine-fixtures.js'
import { attempt, baseState } from '../report/states.js'
import { makeRepo, type TempRepo } from '../workspace/sandbox-fixtures.js'
import { createTestNet, type TestNet } from './netns.js'

const input = (dir: string): AttemptInput => attemptInput(dir, {}, { model: 'command agent' })

const idle: Engine = {
  attempt: async () => ({
    summary: 'done',
    tokens: { input: 0, output: 0, cached: 0 },
    costUsd: null,
    stopReason: 'finished'
  })
}

describe('confineEngine', () => {
  it('installs nothing for agent-network: open, and says the network was open', async () => {
    const calls: string[] = []
    const c = await confineEngine(idle, {
      policy: { mode: 'open' },
      uid: 1001,
      table: 't',
      start: async () => (calls.push('start'), null as never)
    })
    expect((await c.engine.attempt(input('/x'))).network).toEqual({
      policy: 'open',
      enforced: false,
      note: null,
      blocked: []
    })
    expect(calls).toEqual([])
    expect(c.table).toBeNull()
  })

  it('installs nothing when the agent runs as the action user, and says why', async () => {
    const c = await confineEngine(idle, {
      policy: parseAgentNetwork('registries').policy,
      uid: null,
      table: 't'
    })
    const { network } = await c.engine.attempt(input('/x'))
    expect(network).toMatchObject({ policy: 'registries', enforced: false })
    expect(network?.note).toMatch(/agent-user: unprivileged/)
  })

  it('counts per attempt: what happened between attempts is not the next attempt’s', async () => {
    const calls: string[] = []
    let n = 0
    const session: EgressSession = {
      table: 'nightshift_1',
      unresolved: ['gone.example'],
      takeBlocked: async () => (
        calls.push('take'),
        n++ === 1 ? [{ host: 'evil.example', port: null, protocol: 'dns', count: 2 }] : []
      ),
      stop: async () => (calls.push('stop'), [])
    }
    const seen: EgressOptions[] = []
    const c = await confineEngine(idle, {
      policy: parseAgentNetwork('none').policy,
      uid: 1001,
      table: 'nightshift_1',
      start: async o => (seen.push(o), session)
    })
    expect(seen[0]).toMatchObject({ uid: 1001, netns: null, table: 'nightshift_1', hosts: [] })
    const { network } = await c.engine.attempt(input('/x'))
    expect(network).toEqual({
      policy: 'none',
      enforced: true,
      note: 'allowed but not resolvable when the run started: gone.example',
      blocked: [{ host: 'evil.example', port: null, protocol: 'dns', count: 2 }]
    })
    await c.stop()
    await c.stop()
    expect(calls).toEqual(['take', 'take', 'stop'])
  })
})

const isRoot = process.getuid?.() === 0
;(isRoot ? describe : describe.skip)('a command agent confined in a network namespace', () => {
  let net: TestNet | null = null
  let repo: TempRepo | null = null
  afterAll(async () => {
    await net?.close()
    repo?.cleanup()
  })

  it('reaches the allowed host, is refused the rest, and the report lists what was refused', async () => {
    net = await createTestNet()
    repo = makeRepo()
    chmodSync(path.dirname(repo.dir), 0o755)
    const uid = 48000 + Math.floor(Math.random() * 1000)
    const other = `${net.other.address}:${net.other.port}`
    const engine = createCommandEngine({
      command: [
        `curl -s -m 3 http://allowed.test:${net.allowed.port}/; echo`,
        `curl -s -m 3 http://other.test:${net.other.port}/ || echo "name refused"`,
        `unset HTTPS_PROXY http_proxy; curl -s -m 3 http://${other}/ || echo "address refused"`
      ].join('\n'),
      timeoutMs: 30_000,
      parentEnv: { PATH: process.env.PATH, HOME: '/tmp' },
      sandbox: {
        report: { isolation: 'user', user: 'egress-test', warning: null },
        uid,
        dirs: { home: '/tmp', tmp: '/tmp' },
        env: {},
        readPrefix: [],
        wrap: argv => [
          'ip',
          'netns',
          'exec',
          net!.netns,
          'setpriv',
          `--reuid=${uid}`,
          `--regid=${uid}`,
          '--clear-groups',
          '--',
          ...argv
        ],
        handOver: async () => undefined,
        freeze: async () => 0,
        release: async () => undefined
      }
    })
    const policy = parseAgentNetwork(`allowed.test:${net.allowed.port}`).policy
    const c = await confineEngine(engine, {
      policy,
      uid,
      table: `nightshift_confine_${process.pid}`,
      netns: net.netns,
      dnsAddress: net.allowed.address,
      start: o =>
        import('../../src/egress/session.js').then(m =>
          m.startEgress({ ...o, lookup: async () => [{ address: net!.allowed.address, family: 4 }] })
        )
    })
    let result
    try {
      result = await c.engine.attempt(input(repo.dir))
    } finally {
      await c.stop()
    }
    expect(result.summary).toContain('allowed host\nname refused\naddress refused')
    expect(result.network?.enforced).toBe(true)
    expect(result.network?.blocked).toEqual(
      expect.arrayContaining([
        { host: 'other.test', port: null, protocol: 'dns', count: expect.any(Number) },
        { host: net.other.address, port: net.other.port, protocol: 'tcp', count: 1 }
      ])
    )
    const section = networkSection(baseState({ attempts: [attempt(1, { network: result.network })] }))
    expect(section).toContain(
      `Egress allow-list \`allowed.test:${net.allowed.port}\`, enforced in the kernel`
    )
    expect(section).toContain(`| \`${net.other.address}\` | tcp ${net.other.port} | 1 |`)
    expect(section).toMatch(/\| `other\.test` \| DNS lookup \| \d+ \|/)
  })
})
