/**
 * What a task costs, modelled: two tasks on the sample repository (23 steps in one attempt; 25 steps
 * over three attempts, the first two failing CI) replayed through the real built-in engine with real
 * tool output, token counts from a real tokenizer and the list prices (src/agent/price-list.ts). Printed
 * side by side: caching vs none, flex vs standard, nightshift's feedback vs the raw last 200 log lines,
 * the ladder vs the strong model alone, and everything together vs the loop with none of it.
 * Deterministic and offline: the model is scripted in-process; durations and paths are normalised.
 */
import { costOf, priceFor, tierPrice } from '../src/agent/prices.js'
import type { ServiceTier } from '../src/agent/types.js'
import type { RecordedStep } from './lib/cost-model.js'
import { replay, CI_MS, STEP_MS, type FeedbackMode, type Replay } from './lib/cost-replay.js'
import { AnthropicCache, NoCache, OpenAiCache, TOKENIZER, type Cache } from './lib/cost-sim.js'
import { TENTHS, WEIGHTS } from './lib/cost-tasks.js'
import type { BenchResult } from './lib/types.js'

interface Provider {
  name: 'anthropic' | 'openai'
  cheap: string
  strong: string
  /** The tier "everything" uses. */
  tier: ServiceTier
}

const PROVIDERS: Provider[] = [
  { name: 'openai', cheap: 'openai:gpt-5-mini', strong: 'openai:gpt-5', tier: 'flex' },
  {
    name: 'anthropic',
    cheap: 'anthropic:claude-haiku-4-5',
    strong: 'anthropic:claude-sonnet-4-5',
    tier: 'standard'
  }
]
const TASKS = [TENTHS, WEIGHTS]
const ESCALATION_ATTEMPT = 3

/** Anthropic's minimum cacheable prompt per model (AI SDK's Anthropic provider docs, "Limitations"). */
function anthropicMinimum(model: string): number {
  return /haiku-4-5|opus-4-5/.test(model) ? 4096 : /haiku/.test(model) ? 2048 : 1024
}

function cacheFor(provider: Provider['name'], caching: boolean): (model: string) => Cache {
  if (!caching) return () => new NoCache()
  return model => (provider === 'anthropic' ? new AnthropicCache(anthropicMinimum(model)) : new OpenAiCache())
}

interface Variant {
  caching: boolean
  tier: ServiceTier
  feedback: FeedbackMode
  ladder: boolean
}

function modelsFor(p: Provider, ladder: boolean, attempts: number): string[] {
  return [...Array(attempts)].map((_, i) => (ladder && i + 1 < ESCALATION_ATTEMPT ? p.cheap : p.strong))
}

/** Dollars for the recorded requests of a task under `v`: each request through that variant's cache model. */
function price(p: Provider, recorded: RecordedStep[][], v: Variant): number {
  const models = modelsFor(p, v.ladder, recorded.length)
  const caches = new Map<string, Cache>()
  let usd = 0
  recorded.forEach((steps, i) => {
    const model = models[i]!
    if (!caches.has(model)) caches.set(model, cacheFor(p.name, v.caching)(model))
    const cache = caches.get(model)!
    for (const s of steps) {
      const use = cache.use(s.blocks, s.at)
      const cost = costOf({ ...use, output: s.output }, tierPrice(priceFor(model), v.tier))
      if (cost === null) throw new Error(`no ${v.tier} price for ${model}`)
      usd += cost
    }
  })
  return usd
}

const percent = (part: number, whole: number) => Math.round((1 - part / whole) * 1000) / 10
const usd = (n: number) => `$${n.toFixed(4)}`

export default async function* cost(): AsyncGenerator<BenchResult> {
  const rows: Record<string, Record<string, number>> = {}
  const savings: Record<string, { vsBaseline: number; vsUncachedRawLog: number }> = {}
  const inputTokens: Record<string, number> = {}
  for (const p of PROVIDERS) {
    for (const task of TASKS) {
      const runs = {} as Record<FeedbackMode, Replay>
      for (const feedback of ['nightshift', 'raw-200-lines'] as const) {
        runs[feedback] = await replay({
          task,
          provider: p.name,
          models: modelsFor(p, true, task.attempts.length),
          feedback,
          tier: { tier: p.tier, fallback: 'standard' },
          cacheFor: cacheFor(p.name, true)
        })
      }
      const all: Variant = { caching: true, tier: p.tier, feedback: 'nightshift', ladder: true }
      const at = (v: Partial<Variant>) =>
        price(p, runs[v.feedback ?? all.feedback].attempts, { ...all, ...v })
      const everything = at({})
      // The engine priced the same run itself, step by step: it must agree with the bench.
      const engine = runs.nightshift.results.reduce((n, r) => n + (r.costUsd ?? NaN), 0)
      if (Math.abs(engine - everything) > 1e-9)
        throw new Error(
          `the engine's cost ${engine} differs from the bench's ${everything} (${p.name} ${task.name})`
        )
      const row = {
        everything,
        'no caching': at({ caching: false }),
        'standard tier': at({ tier: 'standard' }),
        'raw last 200 log lines': at({ feedback: 'raw-200-lines' }),
        'strong model alone': at({ ladder: false }),
        'no caching + raw log lines': at({ caching: false, feedback: 'raw-200-lines' }),
        baseline: at({ caching: false, tier: 'standard', feedback: 'raw-200-lines', ladder: false })
      }
      const key = `${p.name}/${task.name}`
      rows[key] = row
      inputTokens[key] = runs.nightshift.attempts.flat().reduce((n, s) => n + s.blocks.length, 0)
      savings[key] = {
        vsBaseline: percent(everything, row.baseline),
        vsUncachedRawLog: percent(everything, row['no caching + raw log lines'])
      }
      yield {
        name: `cost.${p.name}.${task.name}`,
        value: Math.round(everything * 1e6) / 1e6,
        unit: 'usd',
        models: modelsFor(p, true, task.attempts.length),
        steps: task.attempts.map(a => a.length),
        feedbackChars: {
          nightshift: runs.nightshift.feedbackChars,
          raw: runs['raw-200-lines'].feedbackChars
        },
        variants: Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Math.round(v * 1e6) / 1e6]))
      }
    }
  }
  printTable(rows, savings)
  const worst = (k: 'vsBaseline' | 'vsUncachedRawLog') => Math.min(...Object.values(savings).map(s => s[k]))
  yield {
    name: 'cost.saving_vs_baseline',
    value: worst('vsBaseline'),
    unit: '%',
    note: 'lowest per-task saving of caching + flex (OpenAI) + nightshift feedback + the ladder, against no caching, standard tier, raw last 200 log lines and the strong model alone',
    perTask: Object.fromEntries(Object.entries(savings).map(([k, s]) => [k, s.vsBaseline]))
  }
  yield {
    name: 'cost.saving_vs_uncached_rawlog',
    value: worst('vsUncachedRawLog'),
    unit: '%',
    target: 50,
    note: 'lowest per-task saving against the same loop without caching and with the raw last 200 log lines',
    perTask: Object.fromEntries(Object.entries(savings).map(([k, s]) => [k, s.vsUncachedRawLog]))
  }
  yield { name: 'cost.assumptions', value: 0, unit: 'info', ...ASSUMPTIONS }
}

const ASSUMPTIONS = {
  tokenizer: TOKENIZER,
  transcripts:
    'the same scripted transcript runs on every model (the bench prices work, it does not judge models); tool results are real output from the sample repository',
  output: 'output tokens are the scripted text and tool call; hidden reasoning tokens are not modelled',
  timing: `${STEP_MS / 1000} s per model step, ${CI_MS / 60_000} min of CI between attempts (within the 5-minute cache lifetime)`,
  ladder: `cheap model for attempts 1–${ESCALATION_ATTEMPT - 1}, strong model from attempt ${ESCALATION_ATTEMPT} (escalation-attempt ${ESCALATION_ATTEMPT})`,
  caches:
    'Anthropic: breakpoints as sent, 20-block lookback, per-model minimum, 5-minute TTL; OpenAI: longest shared prefix from 1,024 tokens in 128-token steps; no caching prices every input token at the plain rate',
  flex: 'flex always had capacity (no fallback steps)',
  prices: 'src/agent/price-list.ts (Anthropic and OpenAI list prices, flex at half)'
}

function printTable(
  rows: Record<string, Record<string, number>>,
  savings: Record<string, { vsBaseline: number; vsUncachedRawLog: number }>
): void {
  const keys = Object.keys(rows)
  const names = Object.keys(rows[keys[0]!]!)
  const width = 28
  const head = ['modelled cost per task'.padEnd(width), ...keys.map(k => k.padStart(18))].join('')
  const lines = [head, '-'.repeat(head.length)]
  for (const n of names)
    lines.push([n.padEnd(width), ...keys.map(k => usd(rows[k]![n]!).padStart(18))].join(''))
  lines.push('-'.repeat(head.length))
  lines.push(
    ['saved vs baseline'.padEnd(width), ...keys.map(k => `${savings[k]!.vsBaseline}%`.padStart(18))].join('')
  )
  lines.push(
    [
      'saved vs uncached + raw log'.padEnd(width),
      ...keys.map(k => `${savings[k]!.vsUncachedRawLog}%`.padStart(18))
    ].join('')
  )
  lines.push('', 'Assumptions:', ...Object.entries(ASSUMPTIONS).map(([k, v]) => `- ${k}: ${v}`))
  console.error(lines.join('\n'))
}
