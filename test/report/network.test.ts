/** The agent's network and the risk settings in the check run's summary (and so the job summary). */
import { renderJobSummary, renderSummary } from '../../src/report/check-run.js'
import { networkSection } from '../../src/report/network.js'
import { riskNotices } from '../../src/report/notices.js'
import { attempt, baseState } from './states.js'
import { DEFAULT_VOCABULARY as WORDS } from '../../src/report/vocabulary.js'

const enforced = (blocked: { host: string; port: number | null; protocol: string; count: number }[]) => ({
  policy: 'registries',
  enforced: true,
  note: null,
  blocked
})

describe('network section', () => {
  it('sums what was blocked over the attempts, most frequent first, with the way to allow a host', () => {
    const state = baseState({
      attempts: [
        attempt(1, { network: enforced([{ host: 'evil.example', port: 443, protocol: 'tcp', count: 2 }]) }),
        attempt(2, {
          network: enforced([
            { host: 'evil.example', port: 443, protocol: 'tcp', count: 3 },
            { host: 'telemetry.example', port: null, protocol: 'dns', count: 1 },
            { host: '203.0.113.9', port: 0, protocol: 'icmp', count: 1 }
          ])
        })
      ]
    })
    expect(networkSection(state)).toBe(
      [
        '### Network',
        '',
        "Egress allow-list `registries`, enforced in the kernel for the agent's user. Blocked 7 time(s):",
        '',
        '| host | port | count |',
        '| --- | --- | --: |',
        '| `evil.example` | tcp 443 | 5 |',
        '| `203.0.113.9` | icmp | 1 |',
        '| `telemetry.example` | DNS lookup | 1 |',
        '',
        'If the build needs one of these, add it to `agent-network` (e.g. `agent-network: registries, example.com`).'
      ].join('\n')
    )
    expect(renderJobSummary(state, WORDS)).toContain('| `evil.example` | tcp 443 | 5 |')
  })

  it('keeps a hostile looked-up name inside its code span (DNS labels may hold any byte)', () => {
    const host = 'x`|y](https://evil)<img src=x>.example'
    const section = networkSection(
      baseState({
        attempts: [attempt(1, { network: enforced([{ host, port: null, protocol: 'dns', count: 1 }]) })]
      })
    )
    const row = section.split('\n').find(l => l.includes('DNS lookup')) ?? ''
    // One code span holds it all: the pipe is escaped for the table, so the row keeps three cells.
    expect(row).toBe('| ``x`\\|y](https://evil)<img src=x>.example`` | DNS lookup | 1 |')
  })

  it('says when the allow-list was not enforced, and why', () => {
    const state = baseState({
      attempts: [
        attempt(1, {
          network: { policy: 'registries', enforced: false, note: 'not enforced: shared user', blocked: [] }
        })
      ]
    })
    expect(renderSummary(state, WORDS)).toContain(
      '### Network\n\nEgress allow-list `registries`: not enforced: shared user'
    )
  })

  it('names allow-ci-permissions (and the other risk settings) in the summary when set', () => {
    const notices = riskNotices({ allowCiPermissions: true, allowCiSecrets: false, agentNetworkOpen: true })
    const summary = renderSummary(baseState({ notices }), WORDS)
    expect(summary).toContain('> [!CAUTION]\n> `allow-ci-permissions: true`: the dispatched CI may run')
    expect(summary).toContain("> `agent-network: open`: the agent's processes may reach any host.")
    expect(renderSummary(baseState(), WORDS)).not.toContain('CAUTION')
  })
})
