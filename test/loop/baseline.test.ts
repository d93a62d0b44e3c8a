/**
 * The loop judged against the base: a red base does not cost the agent its attempts, a base whose CI
 * cannot run stops before attempt 1, a flaky test gets one re-run, an agent that changes nothing ends
 * `no-changes`. The CI port is a recording fake scripted by run: the base's, each attempt's, the full
 * one's, the re-runs'.
 */
import { describe, expect, test } from '@jest/globals'
import type { BaselineMode } from '../../src/ci/baseline.js'
import type { CI, CiOutcome, CiScope, FailureOptions, RunRef, RunResult } from '../../src/ci/types.js'
import type { Failure } from '../../src/feedback/types.js'
import { nextStepFor } from '../../src/report/outcome.js'
import { renderPullRequest } from '../../src/report/texts.js'
import { renderSummary } from '../../src/report/check-run.js'
import { failure, type EngineStep } from './fakes.js'
import { setupWith } from './setup.js'
import { DEFAULT_VOCABULARY as WORDS } from '../../src/report/vocabulary.js'

interface Step {
  outcome: CiOutcome
  failures?: Failure[]
  conclusion?: string
}

/** A CI port scripted per run; `found` answers `completedRun`, the base's dispatch takes `base`. */
class ScriptedCi implements CI {
  calls: string[] = []
  omitted: Failure[] = []
  private n = 0
  private readonly steps = new Map<number, Step>()
  constructor(
    private readonly script: {
      found?: Step | null
      base?: Step
      fast?: Step[]
      full?: Step[]
      reruns?: Step[]
    }
  ) {}
  async preflight() {
    this.calls.push('preflight')
  }
  fastIsFull() {
    return false
  }
  private result(run: RunRef, step: Step, attempt?: number): RunResult {
    this.steps.set(run.id * 10 + (attempt ?? 1), step)
    return {
      run,
      outcome: step.outcome,
      conclusion: step.conclusion ?? step.outcome,
      // The commit the loop asked to judge (the base's run: a commit of its own).
      headSha: run.headSha ?? 'b'.repeat(40),
      durationMs: 1000,
      failedJobs:
        step.outcome === 'success'
          ? []
          : [{ id: 1, name: 'test', conclusion: 'failure', failedSteps: [], url: '' }],
      runAttempt: attempt ?? 1
    }
  }
  private ref(ref: string): RunRef {
    this.n++
    return {
      id: this.n,
      url: `https://example.test/runs/${this.n}`,
      correlationId: `c${this.n}`,
      workflow: 'ci.yml',
      ref
    }
  }
  async completedRun(base: { branch: string; sha: string | null }) {
    this.calls.push(`completedRun ${base.branch} ${base.sha?.slice(0, 4) ?? 'null'}`)
    const found = this.script.found
    return found ? this.result(this.ref(base.branch), found) : null
  }
  private queue = new Map<number, Step>()
  async dispatch(ref: string, scope: CiScope): Promise<RunRef> {
    this.calls.push(`dispatch ${ref} ${scope}`)
    const run = this.ref(ref)
    const step =
      ref === 'main'
        ? (this.script.base ?? { outcome: 'success' })
        : scope === 'full'
          ? (this.script.full?.shift() ?? { outcome: 'success' })
          : (this.script.fast?.shift() ?? { outcome: 'success' })
    this.queue.set(run.id, step)
    return run
  }
  async wait(run: RunRef): Promise<RunResult> {
    if (run.attempt) {
      const step = this.script.reruns?.shift() ?? { outcome: 'success' }
      this.calls.push(`wait ${run.id}#${run.attempt} ${step.outcome}`)
      return this.result(run, step, run.attempt)
    }
    const step = this.queue.get(run.id)!
    this.calls.push(`wait ${run.id} ${step.outcome}`)
    return this.result(run, step)
  }
  async failures(result: RunResult, options: FailureOptions = {}) {
    const all = this.steps.get(result.run.id * 10 + (result.runAttempt ?? 1))?.failures ?? []
    this.calls.push(`failures ${result.run.id}`)
    const shown = all.filter(f => !options.omit?.(f))
    this.omitted.push(...all.filter(f => options.omit?.(f)))
    return {
      failures: all,
      feedback:
        shown.map(f => `${f.file}:${f.line} ${f.test}: ${f.message}`).join('\n') ||
        'No failures were recognised in the logs.',
      room: options.reserveChars ? 700 : 0
    }
  }
  async rerunFailed(result: RunResult): Promise<RunRef> {
    this.calls.push(`rerunFailed ${result.run.id}`)
    return { ...result.run, attempt: (result.runAttempt ?? 1) + 1 }
  }
  async setupAdvice() {
    return 'Fix the workflow "ci.yml" on the base branch.'
  }
}

function setup(ci: ScriptedCi, opts: { engine?: EngineStep[]; baseline?: BaselineMode } = {}) {
  return setupWith(ci, { engine: opts.engine ?? [], config: { baseline: opts.baseline ?? 'auto' } })
}

/** Already failing on main: a test of another module the task does not name. */
const OLD = failure('ledger settles debts', 'test/ledger.test.js', 12)
const NEW = failure('add handles negatives', 'test/math.test.js', 3)

describe('a red base', () => {
  test('failures already on main are not charged: the attempt is green, the pull request names them', async () => {
    const ci = new ScriptedCi({
      found: { outcome: 'failure', failures: [OLD] },
      fast: [
        { outcome: 'failure', failures: [{ ...OLD, line: 14 }, NEW] },
        { outcome: 'failure', failures: [{ ...OLD, line: 14 }] }
      ],
      full: [{ outcome: 'failure', failures: [OLD] }]
    })
    // The agent edits src/math.js, which test/math.test.js tests: its failure is real, not flaky.
    const t = setup(ci, { engine: [{ files: ['src/math.js'] }, { files: ['src/math.js'] }] })
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'success', reason: 'green' })
    expect(ci.calls.filter(c => c.startsWith('rerunFailed'))).toEqual([])
    // The base's run was found by the commit the new branch starts at: nothing dispatched on main.
    expect(ci.calls.slice(0, 2)).toEqual(['preflight', `completedRun main ${'sha0'}`])
    expect(ci.calls.filter(c => c.startsWith('dispatch main'))).toEqual([])
    expect(s.baseline).toMatchObject({ source: 'found', failureCount: 1 })
    // Attempt 1 failed with a failure of its own; the feedback names it and says the other is not the agent's.
    const feedback = t.engine.inputs[1]!.feedback!
    expect(feedback.split('\n')[0]).toBe(
      'Already failing on main, not yours (leave them): node-test ledger settles debts (test/ledger.test.js).'
    )
    expect(feedback).toContain('add handles negatives')
    expect(feedback.split('\n').slice(1).join('\n')).not.toContain('ledger settles debts')
    expect(s.attempts.map(a => [a.ci?.outcome, a.ci?.failureCount, a.ci?.preExistingCount])).toEqual([
      ['failure', 1, 1],
      ['success', 0, 1]
    ])
    expect(s.attempts[1]!.ci?.conclusion).toBe('failure')
    expect(s.finalCi).toMatchObject({
      scope: 'full',
      outcome: 'success',
      conclusion: 'failure',
      preExistingCount: 1
    })
    const body = renderPullRequest(s).body
    expect(body).toContain('the head of this pull request, apart from 1 failure already failing on `main`')
    expect(body).toContain('ledger settles debts')
    expect(renderSummary(s, WORDS)).toMatch(
      /CI already failed on `main`.* with 1 failure; they are not charged/
    )
  })

  test('with `baseline: dispatch` a run is dispatched on the base even when one exists; `off` asks nothing', async () => {
    const dispatched = new ScriptedCi({ found: { outcome: 'success' }, base: { outcome: 'success' } })
    expect((await setup(dispatched, { baseline: 'dispatch' }).run()).outcome).toBe('success')
    expect(dispatched.calls.slice(0, 3)).toEqual(['preflight', 'dispatch main full', 'wait 1 success'])
    const off = new ScriptedCi({ found: { outcome: 'failure', failures: [OLD] } })
    const s = await setup(off, { baseline: 'off' }).run()
    expect(off.calls.filter(c => c.includes('main'))).toEqual([])
    expect(s.baseline).toMatchObject({ source: 'off' })
  })
})

describe('a base that cannot run', () => {
  test('stops before attempt 1 with the error quoted, as a setup problem: the step fails, the agent never runs', async () => {
    const npm: Failure = {
      tool: 'npm',
      file: null,
      line: null,
      column: null,
      test: null,
      message:
        'npm error code EUSAGE\n`npm ci` can only install packages when your package.json and package-lock.json are in sync.'
    }
    const ci = new ScriptedCi({ found: null, base: { outcome: 'failure', failures: [npm] } })
    const t = setup(ci)
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'failed', reason: 'ci-setup', attempts: [] })
    expect(t.engine.inputs).toEqual([])
    expect(s.error).toContain('CI cannot run on main, before any change: a setup problem')
    expect(s.error).toContain('npm error code EUSAGE')
    expect(s.error).toContain('Fix the workflow "ci.yml" on the base branch.')
    expect(nextStepFor(s, WORDS)).toMatch(/^CI cannot run on `main` even without any change/)
    expect(t.reporter.calls.at(-1)).toBe('complete failed')
  })

  test('a base whose CI never starts is handed back before attempt 1', async () => {
    const ci = new ScriptedCi({ found: null, base: { outcome: 'never_started' } })
    const t = setup(ci)
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'escalated', reason: 'ci-never-ran', attempts: [] })
    expect(t.engine.inputs).toEqual([])
  })
})

describe('flaky tests', () => {
  const FLAKY = failure('settles before the timeout', 'test/clock.test.js', 5)

  test('a test the change does not touch that fails, then passes on the re-run, is named flaky and not charged', async () => {
    const ci = new ScriptedCi({
      found: { outcome: 'success' },
      fast: [{ outcome: 'failure', failures: [FLAKY] }],
      reruns: [{ outcome: 'success' }]
    })
    const s = await setup(ci).run()
    expect(s).toMatchObject({ outcome: 'success', reason: 'green' })
    expect(s.attempts).toHaveLength(1)
    expect(s.attempts[0]!.ci).toMatchObject({
      outcome: 'success',
      flaky: ['settles before the timeout'],
      failureCount: 0
    })
    expect(ci.calls).toContain('rerunFailed 2')
    expect(renderSummary(s, WORDS)).toContain(
      '`settles before the timeout` failed, then passed when its jobs ran again (attempt 1)'
    )
  })

  test('failing again is real; a test the change touches is never re-run; one re-run per attempt', async () => {
    const ci = new ScriptedCi({
      found: { outcome: 'success' },
      fast: [
        { outcome: 'failure', failures: [FLAKY] },
        { outcome: 'failure', failures: [NEW] },
        { outcome: 'success' }
      ],
      reruns: [{ outcome: 'failure', failures: [FLAKY] }]
    })
    const s = await setup(ci, { engine: [{ files: ['src/math.js'] }, { files: ['src/math.js'] }] }).run()
    expect(s.outcome).toBe('success')
    expect(s.attempts.map(a => a.ci?.outcome)).toEqual(['failure', 'failure', 'success'])
    // Attempt 1: re-run once, failed again. Attempt 2: test/math.test.js tests src/math.js, which changed.
    expect(ci.calls.filter(c => c.startsWith('rerunFailed'))).toEqual(['rerunFailed 2'])
    expect(s.attempts[0]!.ci?.flaky).toBeUndefined()
  })
})

describe('attempts that change nothing', () => {
  test('run no CI and end no-changes, not "the same failures came back"', async () => {
    const ci = new ScriptedCi({ found: { outcome: 'success' } })
    const t = setup(ci, { engine: [{ files: [] }, { files: [] }, { files: ['src/math.js'] }] })
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'escalated', reason: 'no-changes' })
    expect(s.attempts.map(a => [a.commit, a.ci])).toEqual([
      [null, null],
      [null, null]
    ])
    expect(ci.calls.filter(c => c.startsWith('dispatch'))).toEqual([])
    expect(nextStepFor(s, WORDS)).toMatch(/without changing any file/)
    expect(nextStepFor(s, WORDS)).not.toMatch(/same failures/)
  })
})

describe('no progress', () => {
  test('with one model, the hand-back does not claim a model was switched', async () => {
    const ci = new ScriptedCi({
      found: { outcome: 'success' },
      fast: [
        { outcome: 'failure', failures: [NEW] },
        { outcome: 'failure', failures: [{ ...NEW, line: 9 }] }
      ]
    })
    const s = await setup(ci, { engine: [{ files: ['src/math.js'] }, { files: ['src/math.js'] }] }).run()
    expect(s).toMatchObject({ outcome: 'escalated', reason: 'no-progress' })
    expect(nextStepFor(s, WORDS)).toMatch(/^The same failures came back in consecutive attempts\./)
  })
})
