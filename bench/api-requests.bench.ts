/**
 * API requests the loop spends: runs the demo (the bundled action against the local GitHub, the CI
 * result of the base branch, two attempts, a real rebase, full CI) and reports counted requests per
 * attempt and for the whole task, the base's share included; then the demo again with a flaky test on
 * main, so attempt 2 re-runs its failed jobs once. Target: at most 12 counted requests per attempt
 * (a re-run included), so GITHUB_TOKEN's 1,000 requests an hour per repository carry more than 15
 * full tasks an hour.
 */
import { spawn } from 'node:child_process'
import type { BenchResult } from './lib/types.js'

interface Requests {
  requests: number
  notModified: number
}

interface DemoResult {
  outcome: string
  attempts: number
  api: Requests & { perAttempt: Requests[]; baseline: Requests | null; reruns: number }
  durationMs: number
}

function demo(...flags: string[]): Promise<DemoResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--json', ...flags], {
      stdio: ['ignore', 'pipe', 'ignore']
    })
    let out = ''
    child.stdout.on('data', d => (out += d))
    child.on('error', reject)
    child.on('close', code => {
      const last = out.trim().split('\n').at(-1) ?? ''
      if (code !== 0) return reject(new Error(`the demo exited with ${code}: ${last}`))
      resolve(JSON.parse(last) as DemoResult)
    })
  })
}

export default async function* apiRequests(): AsyncGenerator<BenchResult> {
  const r = await demo()
  const flaky = await demo('--flaky')
  const per = [...r.api.perAttempt, ...flaky.api.perAttempt].map(a => a.requests)
  yield {
    name: 'api.requests_per_attempt.max',
    value: Math.max(...per),
    unit: 'requests',
    target: 12,
    perAttempt: r.api.perAttempt,
    perAttemptWithRerun: flaky.api.perAttempt,
    outcome: r.outcome
  }
  yield {
    name: 'api.requests_per_task',
    value: r.api.requests,
    unit: 'requests',
    notModified: r.api.notModified,
    baseline: r.api.baseline,
    attempts: r.attempts,
    tasksPerHourWithin1000: Math.floor(1000 / r.api.requests)
  }
  yield {
    name: 'api.requests_per_task_with_rerun',
    value: flaky.api.requests,
    unit: 'requests',
    notModified: flaky.api.notModified,
    baseline: flaky.api.baseline,
    reruns: flaky.api.reruns,
    outcome: flaky.outcome,
    tasksPerHourWithin1000: Math.floor(1000 / flaky.api.requests)
  }
  yield { name: 'api.demo_duration', value: r.durationMs, unit: 'ms' }
}
