import { modelLadder } from '../../src/agent/models.js'
import { resumeState } from '../../src/loop/run-loop.js'
import type { LoopState } from '../../src/loop/state.js'
import { SetupError } from '../../src/errors.js'
import { headline, nextStepFor } from '../../src/report/outcome.js'
import { failure } from './fakes.js'
import { setup, task } from './setup.js'
import { DEFAULT_VOCABULARY as WORDS } from '../../src/report/vocabulary.js'

describe('runLoop', () => {
  it('succeeds in one attempt: fast CI green, rebase, full CI green, pull request and a link comment', async () => {
    const t = setup({})
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'success', reason: 'green' })
    expect(t.ci.calls).toEqual([
      'preflight',
      'dispatch agent/7-add-returns-a-wrong-sum fast',
      'wait 1 success',
      'dispatch agent/7-add-returns-a-wrong-sum full',
      'wait 2 success'
    ])
    expect(t.workspace.calls).toEqual([
      'prepare agent/7-add-returns-a-wrong-sum main',
      'scrub',
      'hand over',
      'snapshot .github/workflows/**',
      'commit 1',
      'push',
      'rebase'
    ])
    expect(t.forge.pullRequests).toHaveLength(1)
    expect(t.forge.pullRequests[0]).toMatchObject({
      branch: 'agent/7-add-returns-a-wrong-sum',
      body: 'Closes #7',
      draft: false
    })
    expect(t.forge.comments.map(c => [c.issue, c.body])).toEqual([
      [7, `Opened ${t.forge.pullRequests[0]!.url}`]
    ])
    expect(t.reporter.calls.at(-1)).toBe('complete success')
    expect(s.finalCi?.scope).toBe('full')
  })

  it('feeds the CI failures of a failed attempt to the next one', async () => {
    const t = setup({
      fast: [{ outcome: 'failure', failures: [failure('add handles negatives')] }, { outcome: 'success' }]
    })
    const s = await t.run()
    expect(s.outcome).toBe('success')
    expect(s.attempts).toHaveLength(2)
    expect(t.engine.inputs[0]!.feedback).toBeNull()
    expect(t.engine.inputs[1]!.feedback).toContain('add handles negatives')
    expect(t.engine.inputs[1]!.history[0]).toMatchObject({ attempt: 1, ciOutcome: 'failure' })
    expect(t.reporter.calls).toContain('annotate 1')
    expect(t.store.saves).toBeGreaterThanOrEqual(2)
  })

  it('hands back when the attempt budget runs out, with a comment and the escalated label', async () => {
    const fast = [1, 2, 3].map(i => ({ outcome: 'failure' as const, failures: [failure(`test ${i}`)] }))
    const t = setup({
      fast,
      config: {
        budget: {
          maxAttempts: 3,
          deadline: Date.parse('2026-11-23T11:00:00Z'),
          reserveMs: 0,
          minAttemptMs: 0,
          maxCostUsd: null,
          maxTokens: null
        }
      }
    })
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'escalated', reason: 'max-attempts' })
    expect(s.attempts).toHaveLength(3)
    expect(t.forge.comments[0]!.body).toBe('Handing back: max-attempts')
    expect([...(t.forge.labels.get(7) ?? [])]).toEqual(['agent-escalated'])
    expect(t.forge.pullRequests).toHaveLength(0)
    expect(nextStepFor(s, WORDS)).toMatch(/`agent\/7-add-returns-a-wrong-sum` has the partial work/)
  })

  it('stops early when the same failures come back, switching once to the escalation model first', async () => {
    const same = { outcome: 'failure' as const, failures: [failure('add handles negatives')] }
    const t = setup({
      fast: [same, same, same, same],
      config: { ladder: modelLadder(['m:small'], 'm:large', 9) }
    })
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'escalated', reason: 'no-progress' })
    expect(t.engine.inputs.map(i => i.budget.model)).toEqual(['m:small', 'm:small', 'm:large'])
  })

  it('without an escalation model, hands back at the first repeat', async () => {
    const same = {
      outcome: 'failure' as const,
      failures: [failure('add handles negatives', 'test/math.test.js', 3)]
    }
    const moved = {
      outcome: 'failure' as const,
      failures: [failure('add handles negatives', 'test/math.test.js', 9)]
    }
    const t = setup({ fast: [same, moved] })
    const s = await t.run()
    expect(s.reason).toBe('no-progress')
    expect(s.attempts).toHaveLength(2)
  })

  it('climbs a longer ladder one rung per attempt without progress, and never steps back down', async () => {
    const same = { outcome: 'failure' as const, failures: [failure('add handles negatives')] }
    const other = { outcome: 'failure' as const, failures: [failure('add handles zero')] }
    const t = setup({
      // 1 fails; 2 fails the same way (climb); 3 fails differently (progress: stay up); 4 passes.
      fast: [same, same, other, { outcome: 'success' as const }],
      config: { ladder: modelLadder(['m:nano', 'm:mini'], 'm:large', 9) }
    })
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'success', reason: 'green' })
    expect(t.engine.inputs.map(i => i.budget.model)).toEqual(['m:nano', 'm:nano', 'm:mini', 'm:mini'])
    // The report's attempts carry each attempt's model and cost.
    expect(s.attempts.map(a => [a.model, a.costUsd])).toEqual([
      ['m:nano', 0.01],
      ['m:nano', 0.01],
      ['m:mini', 0.01],
      ['m:mini', 0.01]
    ])
  })

  it('climbs one rung per attempt from escalation-attempt on', async () => {
    const fail = (n: string) => ({ outcome: 'failure' as const, failures: [failure(n)] })
    const t = setup({
      fast: [fail('a'), fail('b'), fail('c'), fail('d')],
      config: { ladder: modelLadder(['m:nano', 'm:mini', 'm:large'], null, 2) }
    })
    await t.run()
    expect(t.engine.inputs.map(i => i.budget.model)).toEqual(['m:nano', 'm:mini', 'm:large', 'm:large'])
  })

  it("carries the previous attempt's trail into the next attempt's history", async () => {
    const trail = {
      read: ['src/add.js'],
      changed: ['src/add.js'],
      commands: [{ command: 'npm test', result: 'exit code 1' }]
    }
    const t = setup({
      engine: [{ files: ['src/add.js'], trail }, { files: ['src/add.js'] }],
      fast: [{ outcome: 'failure' as const, failures: [failure('add handles negatives')] }]
    })
    const s = await t.run()
    expect(s.attempts[0]!.trail).toEqual(trail)
    expect(t.engine.inputs[1]!.history).toEqual([expect.objectContaining({ attempt: 1, trail })])
  })

  it('without an escalation model, hands back at the first repeat', async () => {
    const same = {
      outcome: 'failure' as const,
      failures: [failure('add handles negatives', 'test/math.test.js', 3)]
    }
    const moved = {
      outcome: 'failure' as const,
      failures: [failure('add handles negatives', 'test/math.test.js', 9)]
    }
    const t = setup({ fast: [same, moved] })
    const s = await t.run()
    expect(s.reason).toBe('no-progress')
    expect(s.attempts).toHaveLength(2)
  })

  it('hands back a rebase conflict with the files, without a pull request', async () => {
    const t = setup({})
    t.workspace.rebaseResult = 'conflict'
    t.workspace.conflicts = ['src/math.js']
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'escalated', reason: 'rebase-conflict' })
    expect(s.rebase?.conflicts).toEqual(['src/math.js'])
    expect(nextStepFor(s, WORDS)).toMatch(/conflicts with `main` in 1 file/)
    expect(t.ci.calls.filter(c => c.includes('full'))).toEqual([])
    expect(t.forge.pullRequests).toHaveLength(0)
  })

  it('after a rebase that moved the base, pushes the new head and runs full CI on it', async () => {
    const t = setup({ fastIsFull: true })
    t.workspace.rebaseResult = 'rebased'
    const s = await t.run()
    expect(s.outcome).toBe('success')
    expect(s.rebase?.movedBase).toBe(true)
    expect(t.workspace.calls.slice(-2)).toEqual(['rebase', 'push'])
    expect(t.ci.calls).toContain('dispatch agent/7-add-returns-a-wrong-sum full')
  })

  it('skips the second run when fast CI is the full CI and the base did not move', async () => {
    const t = setup({ fastIsFull: true })
    const s = await t.run()
    expect(s.outcome).toBe('success')
    expect(t.ci.calls.filter(c => c.startsWith('dispatch'))).toEqual([
      'dispatch agent/7-add-returns-a-wrong-sum fast'
    ])
  })

  it('goes back to the attempts when full CI fails after the rebase', async () => {
    const t = setup({
      full: [{ outcome: 'failure', failures: [failure('integration')] }, { outcome: 'success' }]
    })
    t.workspace.rebaseResult = 'rebased'
    const s = await t.run()
    expect(s.outcome).toBe('success')
    expect(s.attempts).toHaveLength(2)
    expect(t.engine.inputs[1]!.feedback).toContain('full CI on the rebased branch failed')
    expect(t.engine.inputs[1]!.feedback).toContain('integration')
  })

  it('counts an empty diff as a failed attempt with its reason, and tells the agent', async () => {
    const t = setup({ engine: [{ files: [] }, { files: ['src/math.js'] }] })
    const s = await t.run()
    expect(s.outcome).toBe('success')
    expect(s.attempts[0]).toMatchObject({ problem: 'the agent changed no files', commit: null, ci: null })
    expect(t.engine.inputs[1]!.feedback).toMatch(/did not change any file/)
  })

  it('refuses and discards protected-path changes before anything is pushed', async () => {
    const t = setup({ engine: [{ files: ['.github/workflows/ci.yml'] }, { files: ['src/math.js'] }] })
    t.workspace.protectedHits = ['.github/workflows/ci.yml']
    const s = await t.run()
    expect(s.attempts[0]!.problem).toMatch(/refused and discarded: \.github\/workflows\/ci\.yml/)
    expect(t.workspace.calls.slice(2, 6)).toEqual([
      'hand over',
      'snapshot .github/workflows/**',
      'hand over',
      'snapshot .github/workflows/**'
    ])
    expect(t.workspace.calls.filter(c => c === 'push')).toHaveLength(1)
    expect(t.engine.inputs[1]!.feedback).toMatch(/Do not make them/)
  })

  it('names CI that never started, and does not burn attempts on it', async () => {
    const t = setup({ fast: [{ outcome: 'never_started' }] })
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'escalated', reason: 'ci-never-ran' })
    expect(s.attempts).toHaveLength(1)
    expect(t.reporter.calls.at(-1)).toBe('complete escalated')
  })

  it('names a cancelled CI run apart from one that never started, for the attempt and the final gate alike', async () => {
    const attempt = await setup({ fast: [{ outcome: 'cancelled' }] }).run()
    expect(attempt).toMatchObject({ outcome: 'escalated', reason: 'ci-cancelled' })
    const final = await setup({ full: [{ outcome: 'cancelled' }] }).run()
    expect(final).toMatchObject({ outcome: 'escalated', reason: 'ci-cancelled' })
    expect(final.attempts).toHaveLength(1)
    const lost = await setup({ full: [{ outcome: 'never_started' }] }).run()
    expect(lost).toMatchObject({ outcome: 'escalated', reason: 'ci-never-ran' })
  })

  it("is in phase 'ci' while CI judges an attempt, in the saved state and the check run's title", async () => {
    const t = setup({})
    const seen: string[] = []
    const wait = t.ci.wait.bind(t.ci)
    t.ci.wait = async (run, deadline) => {
      const saved = (await t.store.load('issue-7')) as LoopState
      seen.push(`${saved.phase} ${headline(saved, WORDS)}`)
      return wait(run, deadline)
    }
    await t.run()
    expect(seen).toEqual([
      'ci Running: waiting for CI (attempt 1)',
      'final-ci Running: running the final full CI'
    ])
  })

  it('honours /nightshift stop between steps', async () => {
    const t = setup({ fast: [{ outcome: 'failure', failures: [failure('x')] }] })
    t.forge.requestStop(7, t.clock.now() + 1)
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'stopped', reason: 'stop-command' })
    expect(s.attempts).toHaveLength(0)
  })

  it('stops on the money cap and reports partial spend', async () => {
    const t = setup({
      engine: [
        { files: ['a.js'], costUsd: 0.6 },
        { files: ['b.js'], costUsd: 0.6 }
      ],
      fast: [
        { outcome: 'failure', failures: [failure('a')] },
        { outcome: 'failure', failures: [failure('b')] }
      ],
      config: {
        budget: {
          maxAttempts: 9,
          deadline: Date.parse('2026-11-23T11:00:00Z'),
          reserveMs: 0,
          minAttemptMs: 0,
          maxCostUsd: 1,
          maxTokens: null
        }
      }
    })
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'escalated', reason: 'cost-limit' })
    expect(s.spent.costUsd).toBeCloseTo(1.2)
    expect(t.engine.inputs[1]!.budget.maxCostUsd).toBeCloseTo(0.4)
  })

  it('ends as failed with the message when setup is wrong, and tells the issue', async () => {
    const t = setup({ preflightError: new SetupError('ci.yml has no workflow_dispatch trigger. Add: ...') })
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'failed', reason: 'config-error' })
    expect(s.error).toContain('no workflow_dispatch trigger')
    expect(t.forge.labels.size).toBe(0)
    expect(t.forge.comments).toHaveLength(1)
    expect(t.reporter.calls).toEqual([])
  })

  it('resumes a stored state with its history and a fresh round of attempts', async () => {
    const first = setup({
      fast: [1, 2].map(i => ({ outcome: 'failure' as const, failures: [failure(`t${i}`)] })),
      config: {
        budget: {
          maxAttempts: 2,
          deadline: Date.parse('2026-11-23T11:00:00Z'),
          reserveMs: 0,
          minAttemptMs: 0,
          maxCostUsd: null,
          maxTokens: null
        }
      }
    })
    const ended = await first.run()
    expect(ended.reason).toBe('max-attempts')
    const second = setup({ fast: [{ outcome: 'success' }] })
    const stored = (await first.store.load('issue-7')) as LoopState
    const s = await second.run(resumeState(stored, task, second.clock.now()))
    expect(s.outcome).toBe('success')
    expect(s.attempts.map(a => a.attempt)).toEqual([1, 2, 3])
    expect(second.engine.inputs[0]!.attempt).toBe(3)
    expect(second.engine.inputs[0]!.history).toHaveLength(2)
    expect(second.engine.inputs[0]!.feedback).toContain('t2')
  })

  it('an engine that throws before changing anything ends as failed (agent-error), not a crash', async () => {
    const t = setup({ engine: [{ throws: 'spawn claude ENOENT' }, { files: ['src/math.js'] }] })
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'failed', reason: 'agent-error', error: 'spawn claude ENOENT' })
    expect(s.attempts[0]!.problem).toContain('spawn claude ENOENT')
    expect(t.engine.inputs).toHaveLength(1)
    expect(t.forge.labels.size).toBe(0)
  })

  it.each([
    ['model', 'model-error', 'Model request to "openai:gpt-x" failed after 3 tries: 401 Incorrect API key'],
    ['agent', 'agent-error', '`claude -p` exited with 127 and changed nothing:\nclaude: command not found']
  ] as const)(
    'a %s error with no change stops at once as failed (%s) with its message; one comment, no label',
    async (kind, reason, error) => {
      const t = setup({
        engine: [{ stopReason: 'error', errorKind: kind, error }, { files: ['src/math.js'] }]
      })
      const s = await t.run()
      expect(s).toMatchObject({ outcome: 'failed', reason, error })
      expect(t.engine.inputs).toHaveLength(1)
      expect(t.forge.labels.size).toBe(0)
      expect(t.forge.comments).toHaveLength(1)
    }
  )

  it('the log folds by phase: prepare, each attempt with its model, the final gate; never nested', async () => {
    const t = setup({ fast: [{ outcome: 'failure', failures: [failure('t1')] }, { outcome: 'success' }] })
    const groups: string[] = []
    let open = 0
    t.deps.group = async (title, work) => {
      expect(open).toBe(0)
      open++
      groups.push(title)
      try {
        return await work()
      } finally {
        open--
      }
    }
    let requests = 0
    t.deps.meter = { snapshot: () => ({ requests: (requests += 3), notModified: 1 }) }
    const s = await t.run()
    expect(s.outcome).toBe('success')
    expect(groups).toEqual([
      'Prepare: the CI workflow and the branch agent/7-add-returns-a-wrong-sum',
      'Attempt 1 (openai:small)',
      'Attempt 2 (openai:small)',
      'Final gate: rebase on main, full CI'
    ])
    // The report's request count is the meter's total for the run, not the attempts' share of it.
    expect(s.spent.api?.requests).toBe(requests)
    expect(t.reporter.calls[0]).toBe('start sha0 until pushed')
  })

  it('an engine error after the agent changed files is judged by CI like any attempt', async () => {
    const t = setup({
      engine: [{ files: ['src/math.js'], stopReason: 'error', errorKind: 'model', error: 'connection reset' }]
    })
    const s = await t.run()
    expect(s.outcome).toBe('success')
    expect(s.attempts[0]!.problem).toContain('connection reset')
  })
})

describe('runLoop when GitHub fails mid-loop', () => {
  it('keeps the pushed attempt in the saved state when CI cannot be read, and ends as failed', async () => {
    const t = setup({})
    t.ci.wait = async () => {
      throw new Error('Could not read the workflow run 1: HTTP 502')
    }
    const s = await t.run()
    expect(s).toMatchObject({ outcome: 'failed', reason: 'error' })
    expect(s.error).toContain('HTTP 502')
    expect(s.attempts).toHaveLength(1)
    expect(s.attempts[0]).toMatchObject({
      commit: expect.any(String),
      problem: expect.stringContaining('HTTP 502')
    })
    const saved = (await t.store.load('issue-7')) as LoopState
    expect(saved.attempts).toHaveLength(1)
  })
})
