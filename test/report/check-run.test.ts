import type { ServiceTier } from '../../src/agent/types.js'
import { renderCheckRun, renderSummary } from '../../src/report/check-run.js'
import { keyLines } from '../../src/report/markdown.js'
import { conclusionFor } from '../../src/report/outcome.js'
import { stateFromCheckRunText } from '../../src/state/codec.js'
import {
  attempt,
  baseState,
  cancelledMidAttempt,
  ci,
  escalatedOnBudget,
  jestFailure,
  rebaseConflict,
  refused,
  running,
  successAfterTwo
} from './states.js'
import { DEFAULT_VOCABULARY as WORDS } from '../../src/report/vocabulary.js'

describe('check-run rendering of realistic states', () => {
  it('success after two attempts: verdict, every attempt row with its run link, rebase, full CI, PR', () => {
    const state = successAfterTwo()
    const out = renderCheckRun(state, WORDS)
    expect(out.title).toBe('Pull request ready after 2 attempts: CI passed on the final head')
    const s = out.summary
    expect(s).toContain('[Issue #17](https://github.com/acme/widgets/issues/17): parseDate rejects ISO dates')
    expect(s).toContain('### Classifier: `HIGH_CONFIDENCE`')
    for (const signal of ['reproduction steps', 'test criteria', 'no design decision']) {
      expect(s).toMatch(new RegExp(`\\| ${signal} \\| ✅ yes \\|`))
    }
    expect(s).toContain('| narrow scope (at most 3 files named) | ✅ yes (1 file named) |')
    // A reviewer reads what happened first: the attempts come before the classifier's verdict.
    expect(s.indexOf('### Attempts')).toBeLessThan(s.indexOf('### Classifier'))
    expect(s).toContain('| # | model | CI | failures found |')
    expect(s).toContain('| estimated size | small |')
    expect(s).toContain(
      '| 1 | `anthropic:claude-sonnet-4-5` | [❌ failed](https://github.com/acme/widgets/actions/runs/6001) | 2 |'
    )
    expect(s).toContain(
      '| 2 | `anthropic:claude-opus-4-1` | [✅ passed](https://github.com/acme/widgets/actions/runs/6002) | 0 |'
    )
    // Input counts every input token; cache reads are shown apart, never added twice.
    expect(s).toContain('| 48k in (12k cache read) / 3.9k out | $0.20 |')
    expect(s).toContain('$1.12')
    expect(s).toContain('2 files: Handled time zone offsets in parseDate \\(attempt 2\\).')
    expect(s).toContain('`main` had moved; rebased onto `ffeeddc`')
    expect(s).toContain('### Final full CI\n\n[✅ passed](https://github.com/acme/widgets/actions/runs/6003)')
    expect(s).toContain('**Pull request:** [#42](https://github.com/acme/widgets/pull/42)')
    expect(s).toContain('**Next step:** Review and merge pull request #42.')
    expect(conclusionFor(state)).toBe('success')
    // The failures of attempt 1 are in the details, with file:line.
    expect(out.text).toContain('`src/parse-date.test.ts:14:27`')
    expect(out.text).toContain('Received: Invalid Date')
  })

  it('shows each attempt of a ladder with its model, tier per step, cache reads and writes, and cost', () => {
    const flexSteps: ServiceTier[] = [...Array(25)].map((_, i) =>
      i === 12 || i === 13 ? 'standard' : 'flex'
    )
    const state = baseState({
      attempts: [
        attempt(1, {
          model: 'openai:gpt-5-mini',
          stepTiers: flexSteps,
          tokens: { input: 210_000, output: 6_100, cached: 180_000, cacheWrite: 0 },
          costUsd: 0.0241
        }),
        attempt(2, {
          model: 'openai:gpt-5',
          stepTiers: [...Array(20)].map(() => 'flex' as const),
          tokens: { input: 150_000, output: 5_000, cached: 120_000 },
          costUsd: 0.061
        }),
        attempt(3, {
          model: 'anthropic:claude-sonnet-4-5',
          stepTiers: [...Array(9)].map(() => 'standard' as const),
          tokens: { input: 90_000, output: 3_000, cached: 70_000, cacheWrite: 15_000 },
          costUsd: 0.17
        })
      ]
    })
    const s = renderSummary(state, WORDS)
    expect(s).toContain('| 1 | `openai:gpt-5-mini` · flex 23 · standard 2 (steps 13–14) |')
    expect(s).toContain('| 210k in (180k cache read) / 6.1k out | $0.024 |')
    expect(s).toContain('| 2 | `openai:gpt-5` · flex |')
    expect(s).toContain('| 3 | `anthropic:claude-sonnet-4-5` |')
    expect(s).toContain('| 90k in (70k cache read, 15k cache write) / 3.0k out | $0.17 |')
  })

  it('escalation on budget: failure conclusion, reason, last failures and the retry step', () => {
    const state = escalatedOnBudget()
    const out = renderCheckRun(state, WORDS)
    expect(out.title).toBe('Handed back to a human after 3 attempts: the attempt budget ran out')
    expect(out.summary).toContain('**Outcome:** `escalated` — the attempt budget ran out (`max-attempts`)')
    expect(out.summary).toContain('### Last failures: 1 failure in the CI of attempt 3')
    // The values, not only the assertion's first line.
    expect(out.summary).toContain(
      '— expect\\(received\\).toEqual\\(expected\\) // deep equality · Expected: 2026-03-01T10:00:00.000Z · Received: Invalid Date'
    )
    expect(out.summary).toContain('parseDate › accepts ISO dates with a time zone offset')
    expect(out.summary).toContain(
      'The branch `agent/17-parse-date-offsets` has the partial work; comment `/nightshift retry` to continue with a fresh budget, or take it over.'
    )
    for (const n of [1, 2, 3]) expect(out.summary).toContain(`actions/runs/600${n}`)
    expect(conclusionFor(state)).toBe('failure')
  })

  it('rebase conflict: the conflicting files, neutral (not evaluated)', () => {
    const state = rebaseConflict()
    const out = renderCheckRun(state, WORDS)
    expect(out.summary).toContain('### Rebase on `main`: ❌ conflicts')
    expect(out.summary).toContain('- `src/parse-date.ts`\n- `CHANGELOG.md`')
    expect(out.summary).toContain('conflicts with `main` in 2 file(s) listed below')
    expect(conclusionFor(state)).toBe('neutral')
  })

  it('refused: every signal shown as no, the reasons, neutral', () => {
    const state = refused()
    const out = renderCheckRun(state, WORDS)
    expect(out.title).toBe('Not attempted: the classifier judged the issue HUMAN_ONLY')
    expect(out.summary).toContain('### Classifier: `HUMAN_ONLY`')
    expect(out.summary).toMatch(/\| narrow scope \(at most 3 files named\) \| ❌ no \(6 files named\) \|/)
    expect(out.summary).toContain('| estimated size | large |')
    expect(out.summary).toContain('- The issue asks for a design decision \\(label "rfc"\\).')
    expect(out.summary).toContain('No attempt yet.')
    expect(conclusionFor(state)).toBe('neutral')
  })

  it('cancelled mid-attempt: cancelled conclusion and the resume step', () => {
    const state = cancelledMidAttempt()
    const out = renderCheckRun(state, WORDS)
    expect(out.summary).toContain('`cancelled`')
    expect(out.summary).toContain('comment `/nightshift retry` to resume from the last finished attempt')
    expect(conclusionFor(state)).toBe('cancelled')
  })

  it('while running, the title names the phase and the attempt', () => {
    const out = renderCheckRun(running(), WORDS)
    expect(out.title).toBe('Running: waiting for CI (attempt 2)')
    expect(out.summary).toContain('| 2 | `anthropic:claude-sonnet-4-5` | ⏳ pending | — |')
  })

  it('never green without a green full CI run, whatever the outcome says', () => {
    const noFinal = { ...successAfterTwo(), finalCi: null }
    expect(conclusionFor(noFinal)).toBe('neutral') // the last attempt ran fast CI only
    expect(renderSummary(noFinal, WORDS)).toContain('No green full CI run is recorded')
    const failedFinal = { ...successAfterTwo(), finalCi: ci('failure', [jestFailure], 7000, 'full') }
    expect(conclusionFor(failedFinal)).toBe('neutral')
    // With no separate fast workflow and an unmoved base, the attempt's own full run counts.
    const fastIsFull = baseState({
      attempts: [attempt(1, { ci: ci('success', [], 6001, 'full') })],
      rebase: {
        status: 'up_to_date',
        conflicts: [],
        head: 'a'.repeat(40),
        base: 'b'.repeat(40),
        movedBase: false
      },
      outcome: 'success',
      reason: 'green'
    })
    expect(conclusionFor(fastIsFull)).toBe('success')
    expect(conclusionFor({ ...fastIsFull, rebase: { ...fastIsFull.rebase!, movedBase: true } })).toBe(
      'neutral'
    )
  })

  it('maps the other outcomes: CI never ran is neutral, an action error is failure, stopped is neutral', () => {
    const neverRan = baseState({
      attempts: [attempt(1, { ci: ci('never_started', [], 6001) })],
      outcome: 'escalated',
      reason: 'ci-never-ran'
    })
    expect(conclusionFor(neverRan)).toBe('neutral')
    const failed = baseState({
      outcome: 'failed',
      reason: 'error',
      error: 'ApiError: 502 Bad Gateway after 4 retries'
    })
    expect(conclusionFor(failed)).toBe('failure')
    expect(renderSummary(failed, WORDS)).toContain('ApiError: 502 Bad Gateway after 4 retries')
    expect(conclusionFor(baseState({ outcome: 'stopped', reason: 'stop-command' }))).toBe('neutral')
    expect(conclusionFor(baseState({ outcome: null }))).toBe('neutral')
  })

  it('keeps a decodable compact state at the end of the text', () => {
    const state = successAfterTwo()
    const decoded = stateFromCheckRunText(renderCheckRun(state, WORDS).text)
    expect(decoded?.attempts.map(a => a.ci?.outcome)).toEqual(['failure', 'success'])
    expect(decoded?.pullRequest?.number).toBe(42)
  })
})

describe('failure lines show the values', () => {
  it.each([
    [
      'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n1700 !== 1250\n',
      'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal: · 1700 !== 1250'
    ],
    [
      'expect(received).toBe(expected) // Object.is equality\n\nExpected: 4\nReceived: 0',
      'expect(received).toBe(expected) // Object.is equality · Expected: 4 · Received: 0'
    ],
    [
      'assert_eq!(left, right) failed\n  left: 3\n right: 4',
      'assert_eq!(left, right) failed · left: 3 · right: 4'
    ],
    ['TypeError: x is not a function\n    at f (src/a.js:3:5)', 'TypeError: x is not a function']
  ])('%j', (message, shown) => {
    expect(keyLines(message)).toBe(shown)
  })
})
