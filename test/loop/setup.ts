/**
 * The loop under test with recording fakes of every port, and the task it works on.
 */
import type { CI } from '../../src/ci/types.js'
import { initialState, runLoop, type LoopConfig, type LoopDeps } from '../../src/loop/run-loop.js'
import type { LoopState } from '../../src/loop/state.js'
import type { Task, Verdict } from '../../src/task/types.js'
import { FakeForge } from '../report/fake-forge.js'
import {
  FakeCi,
  FakeClock,
  FakeEngine,
  FakeReporter,
  FakeWorkspace,
  MemoryStore,
  plainTexts,
  type CiStep,
  type EngineStep
} from './fakes.js'

export const task: Task = {
  issue: 7,
  title: 'add() returns a wrong sum for negative numbers',
  body: 'Steps: call add(-1, 5). Expected 4.',
  labels: ['bug', 'agent-ok'],
  files: ['src/math.js'],
  reproduction: ['call add(-1, 5)'],
  acceptance: ['add(-1, 5) === 4'],
  requester: { login: 'octocat', id: 1 },
  url: 'https://example.test/issues/7'
}
export const verdict: Verdict = {
  confidence: 'HIGH_CONFIDENCE',
  signals: {
    has_reproduction_steps: true,
    single_file_scope: true,
    has_test_criteria: true,
    no_design_decision: true,
    estimated_size: 'small'
  },
  reasons: []
}

export interface SetupOptions {
  engine?: EngineStep[]
  fast?: CiStep[]
  full?: CiStep[]
  config?: Partial<LoopConfig>
  preflightError?: Error
  fastIsFull?: boolean
}

export function setup(opts: SetupOptions) {
  const ci = new FakeCi(opts.fast ?? [], opts.full, opts.preflightError ?? null, opts.fastIsFull ?? false)
  return setupWith(ci, opts)
}

/** The same loop judged by a CI port of the test's own. */
export function setupWith<C extends CI>(
  ci: C,
  opts: Omit<SetupOptions, 'fast' | 'full' | 'preflightError' | 'fastIsFull'>
) {
  const clock = new FakeClock()
  const workspace = new FakeWorkspace()
  const engine = new FakeEngine(workspace, opts.engine ?? [])
  const forge = new FakeForge({ baseUrl: 'https://example.test' })
  forge.headOf = () => workspace.remote
  const reporter = new FakeReporter()
  const store = new MemoryStore()
  const config: LoopConfig = {
    issue: 7,
    branch: 'agent/7-add-returns-a-wrong-sum',
    baseBranch: 'main',
    budget: {
      maxAttempts: 4,
      deadline: clock.now() + 30 * 60_000,
      reserveMs: 2 * 60_000,
      minAttemptMs: 60_000,
      maxCostUsd: null,
      maxTokens: null
    },
    ladder: { models: ['openai:small'], escalationAttempt: 3 },
    protectedPaths: ['.github/workflows/**'],
    draft: false,
    escalatedLabel: 'agent-escalated',
    stateKey: 'issue-7',
    coAuthor: 'octocat <1+octocat@users.noreply.github.com>',
    links: { issue: task.url, branch: null, run: null },
    ...opts.config
  }
  const logs: string[] = []
  const handBacks: string[] = []
  const deps: LoopDeps = {
    engine,
    ci,
    workspace,
    reporter,
    clock,
    forge,
    store,
    texts: plainTexts,
    meter: null,
    log: line => logs.push(line),
    handBack: status => handBacks.push(status),
    closingDelaysMs: [5000, 15000]
  }
  const run = (state?: LoopState) =>
    runLoop(state ?? initialState(task, verdict, config, clock.now()), config, deps)
  return { clock, workspace, engine, ci, forge, reporter, store, config, deps, logs, handBacks, run }
}
