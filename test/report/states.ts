/** Realistic LoopStates for the report tests, one per way a task ends. */
import type { Failure } from '../../src/feedback/types.js'
import { STATE_VERSION, type AttemptRecord, type CiRecord, type LoopState } from '../../src/loop/state.js'

const T0 = Date.parse('2026-07-01T02:00:00Z')
const REPO = 'https://github.com/acme/widgets'

export const jestFailure: Failure = {
  tool: 'jest',
  file: 'src/parse-date.test.ts',
  line: 14,
  column: 27,
  test: 'parseDate › accepts ISO dates with a time zone offset',
  message: [
    'expect(received).toEqual(expected) // deep equality',
    '',
    'Expected: 2026-03-01T10:00:00.000Z',
    'Received: Invalid Date'
  ].join('\n')
}

export const tscFailure: Failure = {
  tool: 'tsc',
  file: 'src/parse-date.ts',
  line: 8,
  column: 5,
  test: null,
  message: "TS2322: Type 'string | undefined' is not assignable to type 'string'."
}

export function ci(
  outcome: CiRecord['outcome'],
  failures: Failure[],
  runId: number,
  scope: CiRecord['scope'] = 'fast'
): CiRecord {
  return {
    scope,
    outcome,
    runId,
    runUrl: `${REPO}/actions/runs/${runId}`,
    durationMs: 94_000,
    failures,
    failureCount: failures.length,
    headSha: null
  }
}

export function attempt(n: number, patch: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    attempt: n,
    model: 'anthropic:claude-sonnet-4-5',
    startedAt: T0 + n * 300_000,
    durationMs: 151_000,
    tokens: { input: 48_210, output: 3_904, cached: 12_000 },
    costUsd: 0.2031,
    stopReason: 'finished',
    summary: `Handled time zone offsets in parseDate (attempt ${n}).\n\nAdded a test for "+02:00".`,
    changedFiles: ['src/parse-date.ts', 'src/parse-date.test.ts'],
    commit: `${n}f3c2a9d1e8b7c6a5f4e3d2c1b0a9f8e7d6c5b4a`.slice(0, 40),
    pushed: `${n}f3c2a9d1e8b7c6a5f4e3d2c1b0a9f8e7d6c5b4a`.slice(0, 40),
    problem: null,
    guard: { refused: [], flagged: [] },
    ci: null,
    api: { requests: 9, notModified: 14 },
    ...patch
  }
}

export function baseState(patch: Partial<LoopState> = {}): LoopState {
  return {
    version: STATE_VERSION,
    issue: 17,
    branch: 'agent/17-parse-date-offsets',
    baseBranch: 'main',
    task: {
      issue: 17,
      title: 'parseDate rejects ISO dates with a time zone offset',
      body: 'Steps:\n1. `parseDate("2026-03-01T12:00:00+02:00")`\n2. It returns Invalid Date.\n\nExpected: a Date for 10:00 UTC.\n\n- [ ] `npm test` passes',
      labels: ['bug', 'agent-ok'],
      files: ['src/parse-date.ts'],
      reproduction: ['parseDate("2026-03-01T12:00:00+02:00")', 'It returns Invalid Date.'],
      acceptance: ['`npm test` passes'],
      requester: { login: 'maintainer-ann', id: 1001 },
      url: `${REPO}/issues/17`,
      pullRequest: null
    },
    verdict: {
      confidence: 'HIGH_CONFIDENCE',
      signals: {
        has_reproduction_steps: true,
        single_file_scope: true,
        has_test_criteria: true,
        no_design_decision: true,
        estimated_size: 'small'
      },
      reasons: ['The issue has reproduction steps.', 'One file is named: src/parse-date.ts.']
    },
    phase: 'done',
    attempts: [],
    rebase: null,
    finalCi: null,
    outcome: null,
    reason: null,
    nextStep: null,
    pullRequest: null,
    spent: { tokens: { input: 0, output: 0, cached: 0 }, costUsd: 0, costKnown: true },
    startedAt: T0,
    updatedAt: T0 + 1_200_000,
    lastFeedback: null,
    roundStart: 0,
    pending: null,
    outside: null,
    links: {
      issue: `${REPO}/issues/17`,
      branch: `${REPO}/tree/agent/17-parse-date-offsets`,
      run: `${REPO}/actions/runs/5000`
    },
    ...patch
  }
}

function spent(attempts: AttemptRecord[]): LoopState['spent'] {
  return {
    tokens: attempts.reduce(
      (t, a) => ({
        input: t.input + a.tokens.input,
        output: t.output + a.tokens.output,
        cached: t.cached + a.tokens.cached
      }),
      { input: 0, output: 0, cached: 0 }
    ),
    costUsd: attempts.reduce((c, a) => c + (a.costUsd ?? 0), 0),
    costKnown: attempts.every(a => a.costUsd !== null)
  }
}

/** Attempt 1 fails a real test, attempt 2 passes, the base moved, the full CI is green, a PR is open. */
export function successAfterTwo(): LoopState {
  const attempts = [
    attempt(1, { ci: ci('failure', [jestFailure, tscFailure], 6001) }),
    attempt(2, { ci: ci('success', [], 6002), model: 'anthropic:claude-opus-4-1', costUsd: 1.12 })
  ]
  return baseState({
    attempts,
    rebase: {
      status: 'rebased',
      conflicts: [],
      head: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      base: 'ffeeddccbbaa99887766554433221100ffeeddcc',
      movedBase: true
    },
    finalCi: ci('success', [], 6003, 'full'),
    outcome: 'success',
    reason: 'green',
    pullRequest: {
      number: 42,
      url: 'https://github.com/acme/widgets/pull/42',
      branch: 'agent/17-parse-date-offsets',
      draft: false
    },
    spent: spent(attempts)
  })
}

/** Three attempts, each failing CI: the attempt budget ran out. */
export function escalatedOnBudget(): LoopState {
  const attempts = [1, 2, 3].map(n =>
    attempt(n, { ci: ci('failure', n === 3 ? [jestFailure] : [jestFailure, tscFailure], 6000 + n) })
  )
  return baseState({ attempts, outcome: 'escalated', reason: 'max-attempts', spent: spent(attempts) })
}

/** Fast CI green, but the rebase on the moved default branch conflicts. */
export function rebaseConflict(): LoopState {
  const attempts = [attempt(1, { ci: ci('success', [], 6001) })]
  return baseState({
    attempts,
    rebase: {
      status: 'conflict',
      conflicts: ['src/parse-date.ts', 'CHANGELOG.md'],
      head: '1f3c2a9d1e8b7c6a5f4e3d2c1b0a9f8e7d6c5b4a',
      base: 'ffeeddccbbaa99887766554433221100ffeeddcc',
      movedBase: true
    },
    outcome: 'escalated',
    reason: 'rebase-conflict',
    spent: spent(attempts)
  })
}

/** The classifier said HUMAN_ONLY: nothing was attempted. */
export function refused(): LoopState {
  const base = baseState()
  return baseState({
    task: { ...base.task, files: ['a.ts', 'b.ts', 'c.ts', 'd.ts', 'e.ts', 'f.ts'] },
    verdict: {
      confidence: 'HUMAN_ONLY',
      signals: {
        has_reproduction_steps: false,
        single_file_scope: false,
        has_test_criteria: false,
        no_design_decision: false,
        estimated_size: 'large'
      },
      reasons: ['The issue asks for a design decision (label "rfc").', 'No test criteria.']
    },
    outcome: 'refused',
    reason: 'human-only',
    phase: 'classify'
  })
}

/** Cancelled while attempt 2 was running: attempt 1 is recorded. */
export function cancelledMidAttempt(): LoopState {
  const attempts = [attempt(1, { ci: ci('failure', [jestFailure], 6001) })]
  return baseState({
    attempts,
    phase: 'attempt',
    outcome: 'cancelled',
    reason: 'cancelled',
    spent: spent(attempts)
  })
}

/** A loop still at work: attempt 2 waiting for CI. */
export function running(): LoopState {
  const attempts = [attempt(1, { ci: ci('failure', [jestFailure], 6001) }), attempt(2)]
  return baseState({ attempts, phase: 'ci', spent: spent(attempts) })
}
