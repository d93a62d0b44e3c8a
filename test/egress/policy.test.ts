/** The `registries` default as the README documents it. */
import { readFileSync } from 'node:fs'
import { parseAgentNetwork, REGISTRY_HOSTS } from '../../src/egress/policy.js'

describe('agent-network: registries', () => {
  it('is the list the README names, each on port 443', () => {
    const readme = readFileSync('README.md', 'utf8')
    const paragraph = readme.slice(
      readme.indexOf('The\n`registries` default allows'),
      readme.indexOf('What it cannot stop')
    )
    const named = [...paragraph.matchAll(/`([a-z0-9.-]+\.[a-z]+)`/g)].map(m => m[1])
    expect(named.sort()).toEqual([...REGISTRY_HOSTS].sort())
    const { policy } = parseAgentNetwork('')
    expect(policy).toEqual({
      mode: 'allow',
      label: 'registries',
      hosts: REGISTRY_HOSTS.map(host => ({ host, ports: [443] }))
    })
  })
})
