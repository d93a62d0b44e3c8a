/**
 * Replays a bench task through the real built-in engine on a temporary copy of the sample repository:
 * real tools, real `node --test` runs as CI between attempts (wrapped the way GitHub's runner writes a
 * job log), and the feedback the next attempt gets — nightshift's, or the raw last 200 log lines.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createBuiltinEngine } from '../../src/agent/builtin-engine.js'
import type { ModelPrice } from '../../src/agent/prices.js'
import type { TierPolicy } from '../../src/agent/service-tier.js'
import type { AttemptHistoryEntry, AttemptResult } from '../../src/agent/types.js'
import { analyze } from '../../src/feedback/index.js'
import { createCurrentSandbox } from '../../src/workspace/sandbox-current.js'
import { JobLogWriter } from '../../scripts/capture-fixtures/job-log.js'
import { scriptedModel, type RecordedStep } from './cost-model.js'
import type { Cache } from './cost-sim.js'
import type { BenchTask } from './cost-tasks.js'

const SAMPLE = fileURLToPath(new URL('../../test/fixtures/sample-repo', import.meta.url))
/** Where GitHub's runner checks out octo/tinyledger: paths in outputs are shown as there. */
const WORKSPACE = '/home/runner/work/tinyledger/tinyledger'
export const STEP_MS = 15_000
export const CI_MS = 4 * 60_000

export type FeedbackMode = 'nightshift' | 'raw-200-lines'

export interface Replay {
  /** Recorded requests, one list per attempt. */
  attempts: RecordedStep[][]
  /** The engine's own results (its cost is checked against the bench's pricing). */
  results: AttemptResult[]
  /** Characters of feedback each later attempt received. */
  feedbackChars: number[]
}

function git(dir: string, home: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: home, GIT_CONFIG_NOSYSTEM: '1' },
    encoding: 'utf8'
  })
}

/** Durations and the temporary path vary run to run; the bench's counts must not. */
export function normaliser(root: string): (s: string) => string {
  return s =>
    s
      .split(root)
      .join(WORKSPACE)
      .replace(/duration_ms:? [\d.]+/g, 'duration_ms 1.0')
      .replace(/\(\d+(?:\.\d+)?ms\)/g, '(1.0ms)')
}

/** CI as the sample repository's workflow runs it (`node --test`), as a job log in GitHub's format. */
function runCi(
  root: string,
  normalise: (s: string) => string,
  startMs: number
): { log: string; passed: boolean } {
  const r = spawnSync('node', ['--test'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH } })
  let ns = 0n
  const log = new JobLogWriter(() => (ns += 1_300_000n), startMs)
  log.preamble('octo/tinyledger', WORKSPACE)
  log.stepStart('node --test')
  log.raw(normalise(`${r.stdout}${r.stderr}`))
  if (r.status !== 0) log.line(`##[error]Process completed with exit code ${r.status ?? 1}.`)
  log.postamble()
  return { log: log.text(), passed: r.status === 0 }
}

async function feedbackFor(log: string, mode: FeedbackMode): Promise<string> {
  if (mode === 'raw-200-lines') return log.trimEnd().split('\n').slice(-200).join('\n')
  async function* lines(): AsyncGenerator<string> {
    yield log
  }
  const { feedback } = await analyze([{ name: 'test', content: lines() }], { workspace: WORKSPACE })
  return feedback
}

export interface ReplayOptions {
  task: BenchTask
  provider: 'anthropic' | 'openai'
  /** The model of each attempt (the transcript is the same on every model). */
  models: string[]
  feedback: FeedbackMode
  tier: TierPolicy
  /** A fresh cache model for `model` (the engine is told its usage). */
  cacheFor: (model: string) => Cache
  prices?: Record<string, ModelPrice>
}

export async function replay(o: ReplayOptions): Promise<Replay> {
  const tmp = realpathSync(mkdtempSync(path.join(tmpdir(), 'nightshift-cost-')))
  const root = path.join(tmp, 'tinyledger')
  // The agent's commands run as they are here (the bench measures tokens, not isolation).
  const sandbox = await createCurrentSandbox({ hidden: [], because: 'a bench', isolation: 'process' })
  try {
    cpSync(SAMPLE, root, { recursive: true })
    for (const [file, text] of Object.entries(o.task.setup)) writeFileSync(path.join(root, file), text)
    git(root, tmp, 'init', '-q', '-b', 'main')
    git(root, tmp, 'add', '-A')
    git(root, tmp, 'commit', '-q', '-m', 'main')
    const normalise = normaliser(root)
    let now = Date.UTC(2026, 10, 23, 23, 0, 0)
    const caches = new Map<string, Cache>()
    const out: Replay = { attempts: [], results: [], feedbackChars: [] }
    const history: AttemptHistoryEntry[] = []
    let feedback: string | null = null
    for (const [i, steps] of o.task.attempts.entries()) {
      const model = o.models[i] ?? o.models.at(-1)!
      if (!caches.has(model)) caches.set(model, o.cacheFor(model))
      const record: RecordedStep[] = []
      // One model for the attempt: the engine asks for it at every step, the script goes on.
      const scripted = scriptedModel({
        provider: o.provider,
        modelId: model,
        steps,
        cache: caches.get(model)!,
        clock: () => (now += STEP_MS),
        normalise,
        record
      })
      const engine = createBuiltinEngine({
        credentials: {},
        tier: o.tier,
        prices: o.prices,
        parentEnv: { PATH: process.env.PATH, HOME: tmp },
        sandbox,
        languageModel: () => scripted
      })
      const result = await engine.attempt({
        attempt: i + 1,
        task: {
          issue: 12,
          title: o.task.title,
          body: o.task.body,
          labels: ['bug', 'agent-ok'],
          files: [],
          reproduction: [],
          acceptance: [],
          requester: { login: 'maria-lopez' },
          url: 'https://github.com/octo/tinyledger/issues/12'
        },
        workspaceDir: root,
        feedback,
        history: [...history],
        protectedPaths: ['.github/workflows/**'],
        budget: { model, deadline: Date.now() + 10 * 60_000, maxCostUsd: null, maxTokens: null }
      })
      if (result.stopReason !== 'finished' || record.length !== steps.length)
        throw new Error(
          `${o.task.name} attempt ${i + 1} did not replay: ${result.stopReason} ${result.summary}`
        )
      out.attempts.push(record)
      out.results.push(result)
      const ci = runCi(root, normalise, now)
      now += CI_MS
      const last = i === o.task.attempts.length - 1
      if (ci.passed !== last)
        throw new Error(
          `${o.task.name} attempt ${i + 1}: CI ${ci.passed ? 'passed' : 'failed'}, the transcript expects otherwise`
        )
      if (last) break
      feedback = await feedbackFor(ci.log, o.feedback)
      out.feedbackChars.push(feedback.length)
      history.push({
        attempt: i + 1,
        summary: result.summary,
        ciOutcome: 'failure',
        failures: '',
        trail: result.trail!
      })
    }
    return out
  } finally {
    await sandbox.release(null)
    rmSync(tmp, { recursive: true, force: true })
  }
}
