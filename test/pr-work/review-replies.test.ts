import { initialState } from '../../src/loop/run-loop.js'
import type { AttemptRecord, LoopState } from '../../src/loop/state.js'
import { answerReview, replies } from '../../src/pr-work/review-replies.js'
import { hunkRanges } from '../../src/pr-work/round-diff.js'
import type { ReviewRound } from '../../src/trigger/types.js'
import { task, verdict } from '../loop/setup.js'
import { DEFAULT_VOCABULARY as WORDS } from '../../src/report/vocabulary.js'

const config = {
  issue: 7,
  branch: 'agent/7-x',
  baseBranch: 'main',
  budget: {
    maxAttempts: 3,
    deadline: 1e12,
    reserveMs: 0,
    minAttemptMs: 0,
    maxCostUsd: null,
    maxTokens: null
  },
  ladder: { models: ['m'], escalationAttempt: 3 },
  protectedPaths: [],
  draft: false,
  escalatedLabel: 'agent-escalated',
  stateKey: 'k',
  coAuthor: null,
  links: { issue: '', branch: null, run: null }
}

function attempt(n: number, pushed: string | null, changedFiles: string[]): AttemptRecord {
  return {
    attempt: n,
    model: 'm',
    startedAt: 0,
    durationMs: 0,
    tokens: { input: 0, output: 0, cached: 0 },
    costUsd: 0,
    stopReason: 'finished',
    summary: '',
    changedFiles,
    commit: pushed,
    pushed,
    problem: null,
    guard: { refused: [], flagged: [] },
    ci: null,
    api: { requests: 0, notModified: 0 }
  }
}

/** A round that followed attempt 1 (an earlier round): attempt 2 changed src/money.js. */
function finished(outcome: LoopState['outcome'], reason: LoopState['reason']): LoopState {
  const state = initialState(task, verdict, config as never, 0)
  state.attempts = [attempt(1, 'a1', ['README.md']), attempt(2, 'b2', ['src/money.js'])]
  state.roundStart = 1
  state.outcome = outcome
  state.reason = reason
  if (outcome === 'success')
    state.finalCi = {
      scope: 'full',
      outcome: 'success',
      runId: 1,
      runUrl: null,
      durationMs: 0,
      failures: [],
      failureCount: 0,
      headSha: 'c3'
    }
  return state
}

const review: ReviewRound = {
  id: 9,
  commitId: 'a1',
  comments: [
    { id: 1, path: 'src/money.js', line: 4, startLine: null, diffHunk: '', body: 'Explain.' },
    { id: 2, path: 'src/money.js', line: 12, startLine: 10, diffHunk: '', body: 'Negative zero.' },
    { id: 3, path: 'README.md', line: 1, startLine: null, diffHunk: '', body: 'Typo.' }
  ]
}

describe('review replies', () => {
  it('addressed where the round changed the commented lines (named by the published head), not elsewhere', async () => {
    const asked: string[] = []
    const out = await replies(
      review,
      finished('success', 'green'),
      async (from, to, path) => {
        asked.push(`${from}..${to} ${path}`)
        return [[2, 3]]
      },
      WORDS
    )
    expect(asked).toEqual(['a1..b2 src/money.js', 'a1..b2 src/money.js'])
    expect(out.map(r => r.id)).toEqual([1, 2, 3])
    expect(out[0]!.body).toBe(
      '**nightshift:** addressed in c3: the round changed `src/money.js` (attempt 2), and CI passed on that commit.'
    )
    expect(out[1]!.body).toContain(
      'not addressed in c3: no change in this round touched `src/money.js` lines 10–12.'
    )
    // The earlier round's README change does not count for this round.
    expect(out[2]!.body).toContain('not addressed in c3: no change in this round touched `README.md` line 1.')
  })

  it('falls back to the file when the reviewed commit is not at hand', async () => {
    const out = await replies(review, finished('success', 'green'), async () => null, WORDS)
    expect(out[1]!.body).toContain('addressed in c3')
  })

  it('a round that ended without a green head addresses nothing, and says why', async () => {
    const out = await replies(review, finished('escalated', 'no-progress'), async () => [[4, 4]], WORDS)
    for (const r of out) expect(r.body).toContain('not addressed')
    expect(out[0]!.body).toContain('Attempt 2 changed `src/money.js`, but this round ended escalated')
    expect(out[2]!.body).toMatch(/^\*\*nightshift:\*\* not addressed\. This round ended escalated/)
  })

  it('one failed reply does not stop the others', async () => {
    const posted: number[] = []
    const logged: string[] = []
    const n = await answerReview(
      {
        reply: async (_pr, id) => {
          if (id === 2) throw new Error('HTTP 502')
          posted.push(id)
        }
      },
      5,
      review,
      finished('success', 'green'),
      async () => [[4, 4]],
      WORDS,
      l => logged.push(l)
    )
    expect([n, posted]).toEqual([2, [1, 3]])
    expect(logged).toEqual(['Could not reply to review comment 2: HTTP 502'])
  })

  it('reads hunk headers: changes, one-line changes and pure insertions', () => {
    const diff = ['@@ -3,2 +3,4 @@', ' x', '@@ -9 +11 @@', '@@ -20,0 +23,2 @@'].join('\n')
    expect(hunkRanges(diff)).toEqual([
      [3, 4],
      [9, 9],
      [20, 21]
    ])
  })
})
