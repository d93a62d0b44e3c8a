import {
  createTexts,
  renderHandBack,
  renderPullRequest,
  renderPullRequestLink,
  renderStatus
} from '../../src/report/texts.js'
import { renderJobSummary, renderSummary } from '../../src/report/check-run.js'
import {
  baseState,
  cancelledMidAttempt,
  escalatedOnBudget,
  rebaseConflict,
  running,
  successAfterTwo
} from './states.js'
import { DEFAULT_VOCABULARY as WORDS } from '../../src/report/vocabulary.js'

const checkRunUrl = () => 'https://github.com/acme/widgets/runs/77'

describe('pull request and comments', () => {
  it('the pull request: Closes #N, what changed, attempts, cost, guard flags, check-run link', () => {
    const s = successAfterTwo()
    s.attempts[1] = {
      ...s.attempts[1]!,
      guard: { refused: [], flagged: [{ path: 'src/old.test.ts', reason: 'adds `it.skip`' }] }
    }
    const { title, body } = renderPullRequest(s, { checkRunUrl })
    expect(title).toBe('parseDate rejects ISO dates with a time zone offset (#17)')
    expect(body.startsWith('Closes #17\n')).toBe(true)
    expect(body).toContain('> Handled time zone offsets in parseDate (attempt 2).')
    expect(body).toContain('**Files changed (2):**\n\n- `src/parse-date.ts`\n- `src/parse-date.test.ts`')
    expect(body).toContain(
      '| 1 | `anthropic:claude-sonnet-4-5` | [❌ failed](https://github.com/acme/widgets/actions/runs/6001) |'
    )
    expect(body).toContain('$1.32')
    expect(body).toContain('🚩 flagged `src/old.test.ts` — adds \\`it.skip\\` (attempt 2)')
    expect(body).toContain('[the nightshift check run](https://github.com/acme/widgets/runs/77)')
  })

  it("the pull request's files come with git's count of lines added and deleted when measured", () => {
    const s = successAfterTwo()
    s.diffStat = {
      files: [
        { path: 'src/parse-date.ts', added: 12, deleted: 3 },
        { path: 'a|b.png', added: 0, deleted: 0, binary: true }
      ]
    }
    const { body } = renderPullRequest(s)
    expect(body).toContain(
      '**Files changed (2), +12 −3:**\n\n| file | added | deleted |\n| --- | ---: | ---: |\n| `src/parse-date.ts` | +12 | −3 |\n| `a\\|b.png` | binary |  |'
    )
  })

  it('the issue comment links the pull request', () => {
    const s = successAfterTwo()
    const text = renderPullRequestLink(s, s.pullRequest!, { checkRunUrl })
    expect(text).toContain(
      'opened the pull request [#42](https://github.com/acme/widgets/pull/42) for this issue after 2 attempts'
    )
    expect(text).toContain('$1.32')
  })

  it('the hand-back: reason, next step, branch, what was tried, last failures, label', () => {
    const text = renderHandBack(escalatedOnBudget(), WORDS, { checkRunUrl })
    expect(text).toContain('### nightshift handed this issue back: the attempt budget ran out')
    expect(text).toContain('**Outcome:** `escalated` (`max-attempts`)')
    expect(text).toContain('comment `/nightshift retry` to continue with a fresh budget, or take it over')
    expect(text).toContain(
      '[`agent/17-parse-date-offsets`](https://github.com/acme/widgets/tree/agent/17-parse-date-offsets) (last commit `3f3c2a9`)'
    )
    for (const n of [1, 2, 3])
      expect(text).toContain(`- Attempt ${n} (\`anthropic:claude-sonnet-4-5\`): Handled time zone offsets`)
    expect(text).toContain(
      '#### Last failures\n\n- `jest` `src/parse-date.test.ts:14:27` parseDate › accepts ISO dates'
    )
    expect(text).toContain('The label `agent-escalated` is applied.')
  })

  it.each([
    [
      'config-error',
      'The CI workflow ".github/workflows/nope.yml" was not found on the default branch "main".'
    ],
    ['model-error', 'Model request to "openai:gpt-4.1" failed after 3 tries: 401 Incorrect API key provided'],
    [
      'agent-error',
      '`claude -p` exited with 127 and changed nothing:\nbash: line 1: claude: command not found'
    ],
    ['github-error', 'Resource not accessible by integration (403) on POST /repos/acme/widgets/check-runs'],
    ['error', 'Cannot read properties of undefined']
  ] as const)(
    'a failed run (%s) before any push: the error quoted, no label claimed, no branch link, nothing empty',
    (reason, error) => {
      const s = baseState({ outcome: 'failed', reason, error, phase: 'done' })
      const text = renderHandBack(s, WORDS)
      expect(text).toContain('### nightshift could not work on this issue: ')
      expect(text).toContain(`**Error:**\n\`\`\`text\n${error}\n\`\`\``)
      expect(text.indexOf('**Error:**')).toBeLessThan(text.indexOf('**Next step:**'))
      expect(text).toContain('**Branch:** nothing was pushed')
      expect(text).not.toContain('/tree/')
      expect(text).not.toContain('agent-escalated')
      expect(text).not.toContain('What was tried')
      expect(text).not.toMatch(/clarify the issue/i)
      if (reason !== 'error') expect(text).toContain('nothing is wrong with the issue')
    }
  )

  it('a failed run after pushed attempts keeps the branch and what was tried, still without the label', () => {
    const s = escalatedOnBudget()
    Object.assign(s, {
      outcome: 'failed',
      reason: 'github-error',
      error: 'Not Found (404) on PATCH …/git/refs'
    })
    const text = renderHandBack(s, WORDS)
    expect(text).toContain('(last commit `3f3c2a9`)')
    expect(text).toContain('#### What was tried')
    expect(text).not.toContain('agent-escalated')
  })

  it("counts every API request of the task, not only the attempts' share", () => {
    const s = successAfterTwo()
    expect(renderPullRequestLink(s, s.pullRequest!)).toContain(' · 18 API requests')
    s.spent.api = { requests: 51, notModified: 7 }
    expect(renderPullRequestLink(s, s.pullRequest!)).toContain(' · 51 API requests')
  })

  it('the hand-back after a rebase conflict names the files', () => {
    const text = renderHandBack(rebaseConflict(), WORDS)
    expect(text).toContain('the rebase on the default branch had conflicts')
    expect(text).toContain('- `src/parse-date.ts`\n- `CHANGELOG.md`')
  })

  it('createTexts wires the renderers to the loop port', () => {
    const texts = createTexts(WORDS, { checkRunUrl })
    const s = successAfterTwo()
    expect(texts.pullRequest(s)).toEqual(renderPullRequest(s, { checkRunUrl }))
    expect(texts.handBack(escalatedOnBudget())).toContain('agent-escalated')
    expect(texts.pullRequestLink(s, s.pullRequest!)).toContain('#42')
  })
})

describe('status answer and job summary', () => {
  it('answers with the phase, attempts, spent budget against limits, and links', () => {
    const s = running()
    const text = renderStatus(
      s,
      s.startedAt + 7 * 60_000,
      WORDS,
      { maxAttempts: 4, maxCostUsd: 2, timeLimitMinutes: 30 },
      { checkRunUrl }
    )
    expect(text).toContain('**nightshift status:** Running: waiting for CI (attempt 2)')
    expect(text).toContain('- Phase: waiting for CI')
    expect(text).toContain('- Attempts: 2 of 4')
    expect(text).toContain('- Spent: $0.41 of $2.00, 104k tokens, 7m 0s of 30m')
    expect(text).toContain(
      '- Last CI: [failure](https://github.com/acme/widgets/actions/runs/6001), 1 failure(s)'
    )
    expect(text).toContain('- Report: [check run](https://github.com/acme/widgets/runs/77)')
    expect(text).toContain('Comment `/nightshift stop` to stop it.')
  })

  it('answers for a finished or unknown task', () => {
    expect(renderStatus(cancelledMidAttempt(), 0, WORDS)).toContain('- Phase: finished (`cancelled`)')
    expect(renderStatus(null, 0, WORDS)).toContain('No nightshift run is recorded for this issue')
  })

  it('the job summary is the check-run summary', () => {
    const s = successAfterTwo()
    expect(renderJobSummary(s, WORDS)).toBe(renderSummary(s, WORDS))
  })
})
