/**
 * The shape of a stored LoopState, checked whenever state comes back from outside the process (the
 * cache, a file, the check run's hidden copy). Typed against LoopState so the two cannot drift apart.
 */
import { z } from 'zod'
import { REASONS } from '../loop/reasons.js'
import { STATE_VERSION, type LoopState } from '../loop/state.js'

const int = z.number().int()
const nonNeg = z.number().finite().nonnegative()
const str = z.string()

const failure = z.object({
  tool: str,
  file: str.nullable(),
  line: int.nullable(),
  column: int.nullable(),
  test: str.nullable(),
  message: str,
  legs: z.object({ failed: z.array(str), passed: z.array(str), cancelled: z.array(str) }).optional()
})

const ciOutcome = z.enum([
  'success',
  'failure',
  'cancelled',
  'timed_out',
  'never_started',
  'watch_timeout',
  'other_head',
  'skipped'
])

const ciRecord = z.object({
  scope: z.enum(['fast', 'full']),
  outcome: ciOutcome,
  runId: int.nullable(),
  runUrl: str.nullable(),
  durationMs: nonNeg,
  failures: z.array(failure),
  failureCount: int.nonnegative(),
  preExisting: z.array(failure).optional(),
  preExistingCount: int.nonnegative().optional(),
  flaky: z.array(str).optional(),
  conclusion: str.optional(),
  headSha: str.nullable().default(null)
})

const baseline = z.object({
  mode: z.enum(['auto', 'dispatch', 'off']),
  source: z.enum(['found', 'dispatched', 'off', 'unavailable']),
  sha: str.nullable(),
  runId: int.nullable(),
  runUrl: str.nullable(),
  outcome: ciOutcome.exclude(['skipped']).nullable(),
  failures: z.array(failure),
  failureCount: int.nonnegative(),
  known: z.array(str),
  note: str.nullable(),
  api: z.object({ requests: int.nonnegative(), notModified: int.nonnegative() }).optional()
})

const sha = z.string().regex(/^[0-9a-f]{40,64}$/)

const tokens = z.object({ input: nonNeg, output: nonNeg, cached: nonNeg, cacheWrite: nonNeg.optional() })
const trail = z.object({
  read: z.array(str),
  changed: z.array(str),
  commands: z.array(z.object({ command: str, result: str }))
})
const finding = z.object({ path: str, reason: str })

// States written before `pushed` existed recorded only `commit`, which was then always pushed.
const attempt = z.preprocess(
  v =>
    v && typeof v === 'object' && !('pushed' in v) ? { ...v, pushed: (v as { commit?: unknown }).commit } : v,
  z.object({
    attempt: int.positive(),
    model: str,
    startedAt: nonNeg,
    durationMs: nonNeg,
    tokens,
    tokensUnknown: z.boolean().optional(),
    costUsd: nonNeg.nullable(),
    stopReason: z.enum(['finished', 'step_limit', 'budget', 'timeout', 'error']),
    summary: str,
    changedFiles: z.array(str),
    commit: str.nullable(),
    pushed: str.nullable(),
    problem: str.nullable(),
    guard: z.object({ refused: z.array(finding), flagged: z.array(finding) }),
    ci: ciRecord.nullable(),
    api: z.object({ requests: int.nonnegative(), notModified: int.nonnegative() }),
    network: z
      .object({
        policy: str,
        enforced: z.boolean(),
        note: str.nullable(),
        blocked: z.array(
          z.object({ host: str, port: int.nonnegative().nullable(), protocol: str, count: int.nonnegative() })
        )
      })
      .optional(),
    stepTiers: z.array(z.enum(['standard', 'flex'])).optional(),
    trail: trail.optional()
  })
)

const task = z.object({
  issue: int.positive(),
  title: str,
  body: str,
  labels: z.array(str),
  files: z.array(str),
  reproduction: z.array(str),
  acceptance: z.array(str),
  requester: z.object({ login: str, id: int.nullable().optional() }),
  url: str,
  pullRequest: z.object({ number: int.positive(), branch: str, request: str }).nullable().optional()
})

const verdict = z.object({
  confidence: z.enum(['HIGH_CONFIDENCE', 'MEDIUM_CONFIDENCE', 'HUMAN_ONLY']),
  signals: z.object({
    has_reproduction_steps: z.boolean(),
    single_file_scope: z.boolean(),
    has_test_criteria: z.boolean(),
    no_design_decision: z.boolean(),
    estimated_size: z.enum(['small', 'medium', 'large'])
  }),
  reasons: z.array(str)
})

const pullRequest = z.object({ number: int.positive(), url: str, branch: str, draft: z.boolean() })

export const loopStateSchema: z.ZodType<LoopState> = z.object({
  version: z.literal(STATE_VERSION),
  issue: int.positive(),
  branch: str,
  baseBranch: str,
  task,
  verdict,
  phase: z.enum([
    'classify',
    'prepare',
    'baseline',
    'attempt',
    'ci',
    'rebase',
    'final-ci',
    'publish',
    'done'
  ]),
  attempts: z.array(attempt),
  rebase: z
    .object({
      status: z.enum(['up_to_date', 'rebased', 'conflict']),
      conflicts: z.array(str),
      head: str,
      base: str,
      movedBase: z.boolean()
    })
    .nullable(),
  finalCi: ciRecord.nullable(),
  diffStat: z
    .object({
      files: z.array(
        z.object({
          path: str,
          added: int.nonnegative(),
          deleted: int.nonnegative(),
          binary: z.boolean().optional()
        })
      )
    })
    .nullable()
    .optional(),
  outcome: z.enum(['success', 'escalated', 'refused', 'stopped', 'cancelled', 'failed']).nullable(),
  reason: z.enum(REASONS).nullable(),
  nextStep: str.nullable(),
  error: str.nullable().optional(),
  pullRequest: pullRequest.nullable(),
  spent: z.object({
    tokens,
    costUsd: nonNeg,
    costKnown: z.boolean(),
    tokensKnown: z.boolean().optional(),
    api: z.object({ requests: int.nonnegative(), notModified: int.nonnegative() }).optional()
  }),
  startedAt: nonNeg,
  updatedAt: nonNeg,
  // Defaults keep states written before these fields existed readable.
  lastFeedback: str.nullable().default(null),
  roundStart: int.nonnegative().default(0),
  baseline: baseline.nullable().optional(),
  pending: z
    .object({
      scope: z.enum(['fast', 'full']),
      sha,
      runId: int.positive().nullable(),
      runUrl: str.nullable(),
      target: z.enum(['attempt', 'final', 'outside'])
    })
    .nullable()
    .default(null),
  outside: z.object({ sha, ci: ciRecord.nullable() }).nullable().default(null),
  links: z.object({ issue: str, branch: str.nullable(), run: str.nullable() }),
  sandbox: z
    .object({
      isolation: z.enum(['user', 'namespace', 'process']),
      user: str.nullable(),
      warning: str.nullable()
    })
    .nullable()
    .optional(),
  notices: z.array(str).optional()
})

/** `value` as a LoopState of the current version, or null when it is anything else. */
export function parseState(value: unknown): LoopState | null {
  const result = loopStateSchema.safeParse(value)
  return result.success ? result.data : null
}
