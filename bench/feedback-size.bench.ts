/**
 * Feedback size against what it keeps, per fixture and overall: the feedback's size, the share of
 * labelled failures found (file and line), the share of their key lines the agent sees; and the
 * naive baseline, the last 200 lines of the log (timestamps and colours stripped, which only helps
 * it), on the same two counts. Targets: median ≤ 3 KB, max ≤ 8 KB, every key line kept.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cleanText, stripTimestamp } from '../src/feedback/normalize.js'
import { analyzeFixture, expected, fixtureNames, fixturesDir } from '../test/feedback/helpers.js'
import type { BenchResult } from './lib/types.js'

const BASELINE_LINES = 200

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export default async function* size(): AsyncGenerator<BenchResult> {
  const sizes: number[] = []
  const baselineSizes: number[] = []
  let labelled = 0
  let found = 0
  let keys = 0
  let baselineKeys = 0
  for (const name of fixtureNames()) {
    const labels = expected(name).failures
    const raw = readFileSync(join(fixturesDir, `${name}.log`), 'utf8')
    const { failures, feedback } = await analyzeFixture(name)
    const tail = raw
      .trimEnd()
      .split('\n')
      .slice(-BASELINE_LINES)
      .map(l => cleanText(stripTimestamp(l)))
      .join('\n')
    const hit = labels.filter(l => failures.some(f => f.file === l.file && f.line === l.line)).length
    const keyHit = labels.filter(l => feedback.includes(l.key)).length
    const baseHit = labels.filter(l => tail.includes(l.key)).length
    sizes.push(feedback.length)
    baselineSizes.push(tail.length)
    labelled += labels.length
    found += hit
    keys += keyHit
    baselineKeys += baseHit
    yield {
      name: 'feedback.fixture',
      fixture: name,
      value: feedback.length,
      unit: 'chars',
      logChars: raw.length,
      share: round(feedback.length / raw.length),
      labelled: labels.length,
      found: hit,
      keyLinesKept: keyHit,
      baselineChars: tail.length,
      baselineKeyLinesKept: baseHit
    }
  }
  yield {
    name: 'feedback.size.median',
    value: median(sizes),
    unit: 'chars',
    target: 3000,
    baseline: median(baselineSizes)
  }
  yield {
    name: 'feedback.size.max',
    value: Math.max(...sizes),
    unit: 'chars',
    target: 8000,
    baseline: Math.max(...baselineSizes)
  }
  yield { name: 'feedback.failures-found', value: round(found / labelled), unit: 'share', labelled }
  yield {
    name: 'feedback.key-lines-kept',
    value: round(keys / labelled),
    unit: 'share',
    baseline: round(baselineKeys / labelled)
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000
}
