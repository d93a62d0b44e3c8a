/**
 * Streams a 100 MB job log through `analyze`: the fixtures as the runner writes them with problem
 * matchers registered, repeated. MB/s of wall and CPU time, peak RSS growth, and `grep -c error` on
 * the same file in the same run as a yardstick. Targets: ≥ 50 MB/s of CPU time and < 50 MB of
 * memory growth.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fixtureLog, fixtureNames } from '../test/feedback/helpers.js'
import type { BenchResult } from './lib/types.js'

const here = dirname(fileURLToPath(import.meta.url))
const SIZE = Number(process.env.NIGHTSHIFT_BENCH_MB ?? 100) * 1024 * 1024

async function buildLog(path: string): Promise<number> {
  const logs = fixtureNames().map(n => Buffer.from(fixtureLog(n, 'matchers')))
  const out = createWriteStream(path)
  let written = 0
  while (written < SIZE) {
    for (const log of logs) {
      if (!out.write(log)) await once(out, 'drain')
      written += log.length
    }
  }
  out.end()
  await once(out, 'finish')
  return written
}

function run(cmd: string, args: string[]): Promise<{ stdout: string; seconds: number; code: number | null }> {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint()
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()))
    child.on('error', fail)
    child.on('close', code => done({ stdout, code, seconds: Number(process.hrtime.bigint() - start) / 1e9 }))
  })
}

export default async function* throughput(): AsyncGenerator<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'nightshift-bench-'))
  try {
    const file = join(dir, 'job.log')
    const bytes = await buildLog(file)
    const mb = bytes / (1024 * 1024)
    const child = await run(process.execPath, [
      '--expose-gc',
      '--import',
      'tsx',
      join(here, 'lib/analyze-file.ts'),
      file
    ])
    if (child.code !== 0) throw new Error(`analyze-file exited with ${child.code}`)
    const r = JSON.parse(child.stdout) as {
      seconds: number
      cpuSeconds: number
      baselineRss: number
      peakRss: number
      failures: number
      feedbackChars: number
    }
    const grep = await run('grep', ['-c', 'error', file])
    const growth = (r.peakRss - r.baselineRss) / (1024 * 1024)
    // Wall-clock MB/s is the figure that counts; CPU MB/s shows it apart from other load on the machine.
    yield {
      name: 'feedback.throughput',
      value: round(mb / r.seconds),
      unit: 'MB/s',
      cpuMBps: round(mb / r.cpuSeconds),
      grepMBps: round(mb / grep.seconds),
      logMB: round(mb),
      seconds: round(r.seconds),
      target: 50
    }
    yield {
      name: 'feedback.memory-growth',
      value: round(growth),
      unit: 'MB',
      peakRssMB: round(r.peakRss / 1048576),
      target: 50
    }
    yield {
      name: 'feedback.vs-grep',
      value: round(r.seconds / grep.seconds),
      unit: 'x',
      analyzeSeconds: round(r.seconds),
      grepSeconds: round(grep.seconds),
      grepCount: Number(grep.stdout.trim())
    }
    yield { name: 'feedback.size-100mb', value: r.feedbackChars, unit: 'chars', failuresKept: r.failures }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}
