/**
 * Every renderer words its commands and labels from the configuration: with `command: /bot`,
 * `trigger-label: robot-ok` and `escalated-label: robot-escalated`, no text for people names the
 * defaults, for any outcome and reason.
 */
import { describe, expect, it } from '@jest/globals'
import { checkWorkflowEvents } from '../../src/cli/workflow-events.js'
import { parseSettings } from '../../src/config/parse.js'
import type { Outcome, LoopState } from '../../src/loop/state.js'
import { REASONS } from '../../src/loop/reasons.js'
import { replies } from '../../src/pr-work/review-replies.js'
import { renderCheckRun, renderJobSummary, superseded } from '../../src/report/check-run.js'
import { cancelledUnsaved, interruptedState } from '../../src/report/interrupted.js'
import { plural } from '../../src/report/markdown.js'
import { headline, stepFailure } from '../../src/report/outcome.js'
import { createTexts, renderHandBack, renderStatus } from '../../src/report/texts.js'
import { DEFAULT_VOCABULARY, vocabularyOf, type Vocabulary } from '../../src/report/vocabulary.js'
import { withoutState } from '../../src/state/codec.js'
import { refusalComment } from '../../src/task/refusal.js'
import type { ReviewRound } from '../../src/trigger/types.js'
import {
  baseState,
  cancelledMidAttempt,
  escalatedOnBudget,
  rebaseConflict,
  refused,
  running,
  successAfterTwo
} from './states.js'

const BOT: Vocabulary = { command: '/bot', triggerLabel: 'robot-ok', escalatedLabel: 'robot-escalated' }
/** The default command (not a path such as `refs/nightshift/lock`) and the default labels. */
const DEFAULTS = /\/nightshift(?![\w/-])|agent-ok|agent-escalated/

const OUTCOMES: (Outcome | null)[] = [
  'success',
  'escalated',
  'refused',
  'stopped',
  'cancelled',
  'failed',
  null
]

/** Every outcome with every reason, on a state with pushed attempts (so every branch of the texts runs). */
function everyState(): LoopState[] {
  return OUTCOMES.flatMap(outcome =>
    REASONS.map(reason => ({ ...escalatedOnBudget(), outcome, reason, nextStep: null }))
  )
}

/** Everything a person reads of a check run: the hidden state copy is base64, not text. */
function checkRunText(state: LoopState): string {
  const out = renderCheckRun(state, BOT)
  return [out.title, out.summary, withoutState(out.text ?? '')].join('\n')
}

describe('texts in the configured words', () => {
  it('the check run, job summary, hand-back and status answer never name the defaults, for any outcome and reason', () => {
    const texts = createTexts(BOT)
    for (const s of everyState()) {
      for (const text of [
        checkRunText(s),
        renderJobSummary(s, BOT),
        texts.handBack(s),
        renderStatus(s, s.updatedAt, BOT)
      ])
        expect(text).not.toMatch(DEFAULTS)
    }
  })

  it('names the configured command where the default texts name /nightshift', () => {
    expect(renderHandBack(escalatedOnBudget(), BOT)).toContain(
      'comment `/bot retry` to continue with a fresh budget, or take it over'
    )
    expect(renderHandBack(escalatedOnBudget(), BOT)).toContain('The label `robot-escalated` is applied.')
    expect(checkRunText(refused())).toContain('then comment `/bot run`.')
    expect(checkRunText(successAfterTwo())).toContain('comment `/bot <request>` on it for another round')
    expect(checkRunText(running())).toContain('Comment `/bot stop` to stop it.')
    expect(checkRunText(rebaseConflict())).toContain('then comment `/bot retry`, or take it over')
    const stopped = baseState({ outcome: 'stopped', reason: 'stop-command', phase: 'done' })
    expect(headline(stopped, BOT)).toBe('Stopped after 0 attempts: stopped by /bot stop')
    expect(checkRunText(stopped)).toContain('stopped by `/bot stop`')
  })

  it('the status answer for an issue without a run names the trigger label and the run command', () => {
    expect(renderStatus(null, 0, BOT)).toBe(
      'No nightshift run is recorded for this issue. Label it `robot-ok` or comment `/bot run` to start one.'
    )
    expect(renderStatus(null, 0, DEFAULT_VOCABULARY)).toBe(
      'No nightshift run is recorded for this issue. Label it `agent-ok` or comment `/nightshift run` to start one.'
    )
  })

  it("the step's failure message names the configured retry, and no command when the inputs could not be read", () => {
    for (const reason of REASONS) expect(stepFailure(reason, 'boom', BOT)).not.toMatch(DEFAULTS)
    expect(stepFailure('api-unavailable', 'HTTP 503', BOT)).toBe(
      'nightshift failed (api-unavailable): HTTP 503\nGitHub did not answer; re-run the job, or comment `/bot retry`, once it does.'
    )
    expect(stepFailure('ci-setup', 'npm ci failed', BOT)).toContain('then comment `/bot retry`.')
    expect(stepFailure('rate-limited', 'HTTP 429', null)).toBe(
      'nightshift failed (rate-limited): HTTP 429\nGitHub kept rate-limiting; re-run the job later.'
    )
    expect(stepFailure('ci-setup', 'npm ci failed', null)).toContain('then re-run the job.')
  })

  it('the post step: an interrupted run and a job that ended before its first save name the configured retry', () => {
    const interrupted = interruptedState({ ...cancelledMidAttempt(), outcome: null, phase: 'ci' }, BOT)
    expect(interrupted.nextStep).toContain('comment `/bot retry` to resume')
    expect(checkRunText(interrupted)).not.toMatch(DEFAULTS)
    expect(cancelledUnsaved(BOT)).toEqual({
      conclusion: 'cancelled',
      output: {
        title: 'Cancelled',
        summary: 'The job ended before nightshift saved its first step. Comment `/bot retry` to start again.'
      }
    })
    expect(JSON.stringify(superseded('0123456789abcdef', null))).not.toMatch(DEFAULTS)
  })

  it('a reply in a review thread and the refusal comment name the configured command', async () => {
    // A comment on a file no attempt of the round changed: not addressed, and how to ask again.
    const review: ReviewRound = {
      id: 1,
      commitId: 'a1',
      comments: [{ id: 7, path: 'docs/untouched.md', line: 4, startLine: null, diffHunk: '', body: 'reword' }]
    }
    const [reply] = await replies(review, successAfterTwo(), async () => null, BOT)
    expect(reply?.body).toContain('Reply with `/bot <request>` here')
    expect(reply?.body).not.toMatch(DEFAULTS)
    expect(refusalComment(refused().verdict, BOT.command)).toContain('/bot run --force')
  })

  it("doctor quotes the workflow's own command", () => {
    const workflow = (command: string) => `
on:
  issues:
    types: [labeled]
jobs:
  nightshift:
    runs-on: ubuntu-latest
    steps:
      - uses: owner/nightshift@v1
        with:
          ${command}
`
    const detail = (text: string) =>
      checkWorkflowEvents('nightshift.yml', text, 'CI').find(c => c.name.endsWith('fix-ci on failed runs'))
        ?.detail
    expect(detail(workflow('command: /bot'))).toBe('not enabled (optional): `/bot fix-ci` still works')
    expect(detail(workflow('model: openai:gpt-4.1'))).toBe(
      'not enabled (optional): `/nightshift fix-ci` still works'
    )
  })
})

describe('the vocabulary', () => {
  it('is built from the settings, and its defaults are the inputs’ defaults', () => {
    const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''
    expect(vocabularyOf(parseSettings(read({ 'github-token': 't' })))).toEqual(DEFAULT_VOCABULARY)
    expect(
      vocabularyOf(
        parseSettings(
          read({
            'github-token': 't',
            command: '/bot',
            'trigger-label': 'robot-ok',
            'escalated-label': 'robot-escalated'
          })
        )
      )
    ).toEqual(BOT)
  })

  it('plural() counts in the right number', () => {
    expect([plural(0, 'attempt'), plural(1, 'attempt'), plural(2, 'file')]).toEqual([
      '0 attempts',
      '1 attempt',
      '2 files'
    ])
    expect(plural(1, 'step', { count: false })).toBe('step')
    expect(plural(3, 'step', { count: false })).toBe('steps')
  })
})
