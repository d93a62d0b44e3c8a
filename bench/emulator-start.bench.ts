/**
 * How soon `npm run emulator -- --json` prints its line (the process started, the sample repository
 * and its issue created, the server listening): from the bundle `scripts/emulator.mjs` runs, against
 * compiling the same sources with tsx at launch, in the same run. Target: under a second.
 */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { BenchResult } from './lib/types.js'

const RUNS = 3

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

/** Milliseconds from spawning `node args` to its first line on standard output; then stops it. */
function firstLine(args: string[]): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] })
  return new Promise((resolve, reject) => {
    let ms: number | null = null
    createInterface({ input: child.stdout }).once('line', () => {
      ms = performance.now() - started
      child.kill('SIGTERM')
    })
    child.once('exit', code =>
      ms === null
        ? reject(new Error(`node ${args.join(' ')} exited with ${code} before a line`))
        : resolve(ms)
    )
  })
}

export default async function* emulatorStart(): AsyncGenerator<BenchResult> {
  await firstLine(['scripts/emulator.mjs', '--json']) // builds the bundle when a source changed
  const bundled: number[] = []
  const tsx: number[] = []
  for (let i = 0; i < RUNS; i++) {
    bundled.push(await firstLine(['scripts/emulator.mjs', '--json']))
    tsx.push(await firstLine(['--import', 'tsx', 'test/emulator/cli.ts', '--json']))
  }
  yield { name: 'emulator.first_line.bundled', value: Math.round(median(bundled)), unit: 'ms', runs: RUNS }
  yield { name: 'emulator.first_line.tsx', value: Math.round(median(tsx)), unit: 'ms', runs: RUNS }
  yield {
    name: 'emulator.first_line.ratio',
    value: Number((median(bundled) / median(tsx)).toFixed(2)),
    unit: 'x'
  }
}
