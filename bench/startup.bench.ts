/**
 * How fast the bundled action starts: `node dist/index.js` on an event it ignores (a comment that is
 * not a command: no API call), against a bare `node -e ''` in the same run, as a ratio.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchResult } from './lib/types.js'

const RUNS = 5

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const t = process.hrtime.bigint()
  const r = spawnSync(process.execPath, args, { env, stdio: 'ignore' })
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}`)
  return Number(process.hrtime.bigint() - t) / 1e6
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
    const env = {
      PATH: process.env.PATH,
      GITHUB_EVENT_NAME: 'issue_comment',
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'o/r',
      'INPUT_GITHUB-TOKEN': 'x',
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STATE: join(dir, 'state')
    }
    const action: number[] = []
    const bare: number[] = []
    for (let i = 0; i < RUNS; i++) {
      bare.push(timed(['-e', ''], env))
      action.push(timed(['dist/index.js'], env))
    }
    yield { name: 'startup.ignored_event', value: Math.round(median(action)), unit: 'ms', runs: RUNS }
    yield { name: 'startup.bare_node', value: Math.round(median(bare)), unit: 'ms', runs: RUNS }
    yield { name: 'startup.ratio', value: Number((median(action) / median(bare)).toFixed(1)), unit: 'x' }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
