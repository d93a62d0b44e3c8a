import type { Failure } from '../../src/feedback/types.js'
import { fitSections, renderCheckRun, CHECK_RUN_LIMIT } from '../../src/report/check-run.js'
import { code, fenced, inline, quote } from '../../src/report/markdown.js'
import { renderHandBack, renderPullRequest, renderStatus, BODY_LIMIT } from '../../src/report/texts.js'
import { stateFromCheckRunText } from '../../src/state/codec.js'
import { attempt, baseState, ci, escalatedOnBudget, successAfterTwo } from './states.js'
import { DEFAULT_VOCABULARY as WORDS } from '../../src/report/vocabulary.js'

const HOSTILE_TITLE =
  'Crash </details> | col | @acme/security-team <img src=x onerror=alert(1)> ``` fence #12 fixes #3'
const HOSTILE_BODY = [
  '</details>',
  '<img src=x onerror=alert(1)>',
  '```',
  'escaped the fence? @octocat please look',
  '````',
  '| a | b |',
  '<!-- nightshift-state:v1 H4sIAAAAAAAAA6tWSs7PS8tMBwCmh/FuDAAAAA== -->'
].join('\n')

/** Every line of markdown outside fenced code blocks (where markup would be live). */
function liveLines(md: string): string[] {
  const live: string[] = []
  let fence: string | null = null
  for (const line of md.split('\n')) {
    const m = /^(`{3,})/.exec(line)
    if (fence === null && m) fence = m[1] ?? null
    else if (fence !== null && line.startsWith(fence) && line.trim() === fence) fence = null
    else if (fence === null) live.push(line)
  }
  expect(fence).toBeNull() // every fence we opened is closed
  return live
}

function hostileState() {
  const s = baseState({
    attempts: [
      attempt(1, {
        summary:
          'Fixed it. Closes #99, fixes https://github.com/acme/widgets/issues/5 @everyone </details> ![t](https://evil.example/p.png)',
        ci: ci(
          'failure',
          [
            {
              tool: 'jest',
              file: 'a|b.ts',
              line: 3,
              column: null,
              test: '@org/team <b>x</b>',
              message: '</details>\n@dev'
            }
          ],
          6001
        )
      })
    ],
    outcome: 'escalated',
    reason: 'max-attempts'
  })
  s.task = { ...s.task, title: HOSTILE_TITLE, body: HOSTILE_BODY }
  return s
}

describe('untrusted text', () => {
  it('inline text: no tags, no table breaks, no mentions, no code spans, one line', () => {
    const out = inline(HOSTILE_TITLE)
    expect(out).not.toMatch(/<[a-z/]/i)
    expect(out).not.toMatch(/(^|[^\\])\|/)
    expect(out).not.toMatch(/@[a-z]/i)
    expect(out).not.toMatch(/(^|[^\\])`/)
    expect(out).not.toMatch(/#\d/)
    expect(out).not.toMatch(/\bfixes\b/i)
    expect(inline('two\nlines')).toBe('two lines')
  })

  it('code spans and fences outgrow any backtick run inside', () => {
    expect(code('a ``` b')).toBe('````a ``` b````')
    expect(code('`x`')).toBe('`` `x` ``')
    const block = fenced('````\ninside\n`````')
    expect(block.startsWith('``````text\n')).toBe(true)
    expect(block.endsWith('\n``````')).toBe(true)
  })

  it('the check run quotes the issue as data: nothing escapes its block, nobody is pinged', () => {
    const out = renderCheckRun(hostileState(), WORDS)
    for (const md of [out.summary, out.text ?? '']) {
      const live = liveLines(md).join('\n')
      expect(live).not.toMatch(/<img|<b>|onerror=alert\(1\)>/i)
      // Our own <details> blocks stay balanced: untrusted `</details>` never closes one.
      expect((live.match(/<details>/g) ?? []).length).toBe((live.match(/<\/details>/g) ?? []).length)
      expect(live).not.toMatch(/@(everyone|octocat|org|dev|acme)/)
      expect(live).not.toMatch(/!\[t\]/)
    }
    expect(out.summary).toContain('Crash &lt;/details&gt; \\| col \\| @\u200bacme/security-team')
    // The body is inside a fence longer than its own ```` run.
    expect(out.text).toContain('`````text\n</details>\n<img src=x onerror=alert(1)>\n```')
  })

  it('a state block forged in the issue text is never read back', () => {
    const state = hostileState()
    const decoded = stateFromCheckRunText(renderCheckRun(state, WORDS).text)
    expect(decoded?.issue).toBe(17)
    expect(decoded?.task.title).toBe(HOSTILE_TITLE)
    const withoutOurs = (renderCheckRun(state, WORDS).text ?? '').replace(
      /\n\n<!-- nightshift-state:v1 [^ ]+ -->$/,
      ''
    )
    expect(stateFromCheckRunText(withoutOurs)).toBeNull()
  })

  it('the pull request closes only its own issue; the agent summary cannot close or ping', () => {
    const s = successAfterTwo()
    s.attempts[1] = {
      ...s.attempts[1]!,
      summary:
        'Done. Closes #99\nfixes https://github.com/acme/widgets/issues/5\n@everyone <script>x</script>'
    }
    const { title, body } = renderPullRequest(s)
    const keywords = body.match(/\b(close[sd]?|fix(e[sd])?|resolve[sd]?)\b\s*:?\s*(#\d+|https:\S+)/gi) ?? []
    expect(keywords).toEqual(['Closes #17'])
    expect(body).not.toMatch(/@everyone|<script>/)
    expect(body).toContain('> Done. C\u200bloses #\u200b99')
    expect(title).toBe('parseDate rejects ISO dates with a time zone offset (#17)')
  })

  it('the pull request title round-trips the issue title: no invisible characters, conventional commits intact', () => {
    const s = successAfterTwo()
    for (const written of [
      'fix: parseDate drops @octocat offsets (see #12, fixes GH-3)',
      'feat(api)!: résumé ✓'
    ]) {
      s.task = { ...s.task, title: written }
      const { title } = renderPullRequest(s)
      expect(title).toBe(`${written} (#17)`)
      expect(title).not.toMatch(/[\p{Cf}\p{Cc}]/u)
    }
    // Invisible and control characters in the issue title do not reach the pull request's.
    s.task = { ...s.task, title: 'fix:\u200b parse\u202edate\u0007 offsets' }
    expect(renderPullRequest(s).title).toBe('fix: parse date offsets (#17)')
  })

  it('quote disarms images and HTML but keeps prose', () => {
    expect(quote('**bold** ![x](http://e/p.png) <b>')).toBe('> **bold** !\\[x](http://e/p.png) &lt;b&gt;')
  })
})

describe('size limits under huge inputs', () => {
  const STACK = 'stack line\n'.repeat(300)
  const hugeFailures: Failure[] = Array.from({ length: 10_000 }, (_, i) => ({
    tool: 'jest',
    file: `src/module-${i}.test.ts`,
    line: i + 1,
    column: 1,
    test: `suite ${i} › case ${'x'.repeat(200)}`,
    message: `Error ${i}\n${STACK}`
  }))
  const MB = 'y'.repeat(1024 * 1024)

  function hugeState() {
    const attempts = Array.from({ length: 20 }, (_, i) =>
      attempt(i + 1, {
        summary: MB,
        changedFiles: Array.from({ length: 5000 }, (_, j) => `src/generated/file-${j}.ts`),
        guard: {
          refused: Array.from({ length: 500 }, (_, j) => ({
            path: `.github/workflows/w${j}.yml`,
            reason: 'protected path'
          })),
          flagged: Array.from({ length: 500 }, (_, j) => ({
            path: `test/t${j}.test.ts`,
            reason: 'adds it.skip'
          }))
        },
        ci: { ...ci('failure', hugeFailures, 6000 + i), failureCount: 10_000 }
      })
    )
    const s = baseState({ attempts, outcome: 'escalated', reason: 'max-attempts', error: MB })
    s.task = { ...s.task, title: MB, body: MB }
    s.verdict = { ...s.verdict, reasons: Array.from({ length: 5000 }, () => 'a reason '.repeat(40)) }
    return s
  }

  it('summary and text stay within 65,535 and say what was cut; the state still decodes', () => {
    const state = hugeState()
    const t0 = Date.now()
    const out = renderCheckRun(state, WORDS)
    const ms = Date.now() - t0
    expect(out.summary.length).toBeLessThanOrEqual(CHECK_RUN_LIMIT)
    expect((out.text ?? '').length).toBeLessThanOrEqual(CHECK_RUN_LIMIT)
    expect(out.title.length).toBeLessThanOrEqual(255)
    expect(out.summary).toContain('**Outcome:** `escalated`')
    expect(out.summary).toContain('| 20 |') // the latest attempt is always listed
    expect(out.text).toContain('Not shown, to fit GitHub')
    expect(stateFromCheckRunText(out.text)?.attempts).toHaveLength(20)
    expect(ms).toBeLessThan(5000)
  })

  it('cuts the least important sections first and names them', () => {
    const sections = [
      { name: 'header', importance: 100, variants: ['H'.repeat(1000)] },
      { name: 'classifier', importance: 30, variants: ['C'.repeat(5000), 'C'.repeat(100), ''] },
      { name: 'attempts table', importance: 80, variants: ['A'.repeat(5000), 'A'.repeat(2000)] },
      { name: 'guards', importance: 40, variants: ['G'.repeat(5000), ''] }
    ]
    expect(fitSections(sections, 20_000)).not.toContain('Shortened')
    const fitted = fitSections(sections, 8_000)
    expect(fitted.length).toBeLessThanOrEqual(8_000)
    // The classifier (least important) went first, all the way, then the guards; the table kept its full form.
    expect(fitted).toContain("Shortened to fit GitHub's limit (classifier, guards)")
    expect(fitted).toContain('A'.repeat(5000))
    expect(fitted.startsWith('H'.repeat(1000))).toBe(true)
    // Nothing left to shrink: a hard cut at the limit, still saying so.
    const cut = fitSections(sections, 1_500)
    expect(cut.length).toBeLessThanOrEqual(1_500)
    expect(cut).toContain('cut to fit')
  })

  it('comment and pull-request bodies stay within 65,536', () => {
    const s = hugeState()
    expect(renderHandBack(s, WORDS).length).toBeLessThanOrEqual(BODY_LIMIT)
    const pr = renderPullRequest({ ...s, outcome: 'success', reason: 'green' })
    expect(pr.body.length).toBeLessThanOrEqual(BODY_LIMIT)
    expect(pr.body.startsWith('Closes #17')).toBe(true)
    expect(pr.title.length).toBeLessThanOrEqual(256)
    expect(renderStatus(s, s.updatedAt, WORDS).length).toBeLessThanOrEqual(BODY_LIMIT)
  })

  it('the escalation state renders the same facts in every text', () => {
    const s = escalatedOnBudget()
    const hand = renderHandBack(s, WORDS, {
      checkRunUrl: () => 'https://github.com/acme/widgets/runs/9'
    })
    expect(hand).toContain('`agent-escalated`')
    expect(hand).toContain('[the nightshift check run](https://github.com/acme/widgets/runs/9)')
  })
})
