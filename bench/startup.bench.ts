/**
 * How cheaply the bundled action starts: `node dist/index.js` on an event it ignores (a comment that
 * is not a command: no API call), against a bare `node -e ''` in the same run. Each process reports
 * its own CPU time and peak resident memory (`process.resourceUsage()` at exit, through a preloaded
 * probe both sides share), so the ratios do not depend on how busy the machine is; the target is
 * at most 2× bare Node for both.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchResult } from './lib/types.js'

const RUNS = 9

const PROBE = `process.on('exit', () => {
  const u = process.resourceUsage()
  require('node:fs').writeFileSync(process.env.STARTUP_PROBE_OUT, JSON.stringify({
    cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000,
    rssMb: u.maxRSS / 1024
  }))
})
`

interface Usage {
  cpuMs: number
  rssMb: number
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

function measured(args: string[], env: NodeJS.ProcessEnv, probe: string, out: string): Usage {
  const r = spawnSync(process.execPath, ['--require', probe, ...args], {
    env: { ...env, STARTUP_PROBE_OUT: out },
    stdio: 'ignore'
  })
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}`)
  return JSON.parse(readFileSync(out, 'utf8')) as Usage
}

export default async function* startup(): AsyncGenerator<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'nightshift-startup-'))
  try {
    const event = join(dir, 'event.json')
    writeFileSync(
      event,
      JSON.stringify({
        action: 'created',
        issue: {
          number: 1,
          title: 't',
          body: '',
          state: 'open',
          labels: [],
          user: { login: 'octocat', type: 'User' },
          html_url: 'https://github.com/o/r/issues/1'
        },
        comment: { id: 1, body: 'Thanks, looks good!', user: { login: 'octocat', type: 'User' } },
        repository: { name: 'r', full_name: 'o/r', owner: { login: 'o' }, default_branch: 'main' },
        sender: { login: 'octocat', type: 'User' }
      })
    )
    for (const f of ['output', 'state']) writeFileSync(join(dir, f), '')
    const probe = join(dir, 'probe.cjs')
    writeFileSync(probe, PROBE)
    const out = join(dir, 'usage.json')
    const env = {
      PATH: process.env.PATH,
      GITHUB_EVENT_NAME: 'issue_comment',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'o/r',
      'INPUT_GITHUB-TOKEN': 'x',
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STATE: join(dir, 'state')
    }
    const action: Usage[] = []
    const bare: Usage[] = []
    for (let i = 0; i < RUNS; i++) {
      bare.push(measured(['-e', ''], env, probe, out))
      action.push(measured(['dist/index.js'], env, probe, out))
    }
    if (!readFileSync(join(dir, 'output'), 'utf8').includes('ignored'))
      throw new Error('dist/index.js did not report outcome "ignored" for a comment that is no command')
    const cpu = (us: Usage[]) => median(us.map(u => u.cpuMs))
    const rss = (us: Usage[]) => median(us.map(u => u.rssMb))
    yield { name: 'startup.ignored_event.cpu', value: Math.round(cpu(action)), unit: 'ms', runs: RUNS }
    yield { name: 'startup.bare_node.cpu', value: Math.round(cpu(bare)), unit: 'ms', runs: RUNS }
    yield { name: 'startup.cpu_ratio', value: Number((cpu(action) / cpu(bare)).toFixed(2)), unit: 'x' }
    yield { name: 'startup.ignored_event.peak_rss', value: Math.round(rss(action)), unit: 'MB', runs: RUNS }
    yield { name: 'startup.bare_node.peak_rss', value: Math.round(rss(bare)), unit: 'MB', runs: RUNS }
    yield { name: 'startup.rss_ratio', value: Number((rss(action) / rss(bare)).toFixed(2)), unit: 'x' }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
