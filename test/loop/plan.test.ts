import { describe, expect, it } from '@jest/globals'
import { ACTIONS_TIMING, LOCAL_TIMING, planRun, type RunRequest } from '../../src/loop/plan.js'
import { initialState } from '../../src/loop/run-loop.js'
import type { LoopState } from '../../src/loop/state.js'
import type { Verdict } from '../../src/task/types.js'
import { task, verdict } from './setup.js'

const NOW = Date.UTC(2026, 10, 30, 4, 0)
const humanOnly: Verdict = {
  ...verdict,
  confidence: 'HUMAN_ONLY',
  reasons: ['The issue asks for a design decision.']
}

function request(over: Partial<RunRequest> = {}): RunRequest {
  return {
    issue: 7,
    branch: 'agent/7-add',
    baseBranch: 'main',
    task,
    verdict,
    previous: null,
    now: NOW,
    limits: { maxAttempts: 4, timeLimitMinutes: 60, maxCostUsd: null, maxTokens: null },
    timing: ACTIONS_TIMING,
    agent: { kind: 'builtin', models: ['openai:small'], escalationModel: 'openai:big', escalationAttempt: 3 },
    protectedPaths: ['.github/workflows/**'],
    baseline: 'auto',
    draft: false,
    escalatedLabel: 'agent-escalated',
    stateKey: 'o-r-7',
    coAuthor: null,
    links: { issue: task.url, branch: null, run: 'https://github.test/o/r/actions/runs/1' },
    humanOnlyOverride: null,
    newWork: false,
    afterSuccess: 'continue',
    eventTime: null,
    ...over
  }
}

/** A state an earlier run saved, ended with `outcome`, started at `startedAt`. */
function saved(outcome: LoopState['outcome'], startedAt = NOW - 3_600_000): LoopState {
  const config = (planRun(request()) as { config: Parameters<typeof initialState>[2] }).config
  const s = initialState(task, humanOnly, config, startedAt)
  s.outcome = outcome
  s.attempts = [{ ...structuredClone(emptyAttempt), attempt: 1 }]
  return s
}

const emptyAttempt: LoopState['attempts'][number] = {
  attempt: 1,
  model: 'openai:small',
  startedAt: NOW - 3_600_000,
  durationMs: 1,
  tokens: { input: 1, output: 1, cached: 0 },
  costUsd: 0,
  stopReason: 'finished',
  summary: 'first try',
  changedFiles: ['src/math.js'],
  commit: 'a'.repeat(40),
  pushed: 'a'.repeat(40),
  problem: null,
  guard: { refused: [], flagged: [] },
  ci: null,
  api: { requests: 0, notModified: 0 }
}

function run(over: Partial<RunRequest>) {
  const plan = planRun(request(over))
  if (plan.kind !== 'run') throw new Error(`expected a run, got ${plan.kind}`)
  return plan
}

describe('planRun', () => {
  it('keeps a reserve at the end sized to where the run reports: 3 minutes on GitHub, 1 locally, at most a tenth', () => {
    expect(run({}).config.budget).toMatchObject({
      deadline: NOW + 3_600_000,
      reserveMs: 180_000,
      minAttemptMs: 120_000
    })
    expect(run({ timing: LOCAL_TIMING }).config.budget).toMatchObject({
      reserveMs: 60_000,
      minAttemptMs: 60_000
    })
    const short = run({ limits: { maxAttempts: 4, timeLimitMinutes: 5, maxCostUsd: 1, maxTokens: 9 } }).config
    expect(short.budget).toMatchObject({
      reserveMs: 30_000,
      minAttemptMs: 30_000,
      maxCostUsd: 1,
      maxTokens: 9
    })
  })

  it('climbs the model ladder to the escalation model; a command agent has one rung, named after it', () => {
    expect(run({}).config.ladder).toEqual({ models: ['openai:small', 'openai:big'], escalationAttempt: 3 })
    const command = run({
      agent: { kind: 'command', models: ['x:y'], escalationModel: 'x:z', escalationAttempt: 3 }
    })
    expect(command.config.ladder.models).toEqual(['command agent'])
  })

  it('refuses an issue the classifier judged for a human, unless something overrides it', () => {
    expect(planRun(request({ verdict: humanOnly }))).toEqual({ kind: 'refuse', verdict: humanOnly })
    const forced = run({ verdict: humanOnly, humanOnlyOverride: '@octocat forced the run' })
    expect(forced.warning).toBeNull()
    expect(forced.state.verdict).toBe(humanOnly)
  })

  it('says so when a saved state carries a refused issue on, in the report and the log', () => {
    const plan = run({ verdict: humanOnly, previous: saved('escalated'), notices: ['risk'] })
    expect(plan.warning).toMatch(
      /judged this issue one for a human \(The issue asks for a design decision\.\)/
    )
    expect(plan.warning).toMatch(/earlier run on it saved its state/)
    expect(plan.state.notices).toEqual([plan.warning, 'risk'])
  })

  it('resumes an unfinished run: history kept, a fresh round, leftover work judged first', () => {
    const plan = run({ previous: saved('escalated') })
    expect(plan.state.attempts).toHaveLength(1)
    expect(plan.state).toMatchObject({ roundStart: 1, outcome: null, startedAt: NOW })
    expect(plan.config.resume).toBe(true)
    expect(run({ previous: saved('escalated'), newWork: true }).config.resume).toBe(false)
  })

  it('after a success, carries the history on (GitHub) or starts over (locally); nothing is re-judged', () => {
    const onGitHub = run({ previous: saved('success') })
    expect(onGitHub.state.attempts).toHaveLength(1)
    expect(onGitHub.config.resume).toBe(false)
    const local = run({ previous: saved('success'), afterSuccess: 'start-over' })
    expect(local.state.attempts).toEqual([])
    expect(local.config.resume).toBe(false)
  })

  it('is a duplicate when a saved run started after the event that asked for this one', () => {
    const later = saved('success', NOW + 1_000)
    expect(planRun(request({ previous: later, eventTime: NOW }))).toEqual({
      kind: 'duplicate',
      previous: later
    })
    expect(planRun(request({ previous: later, eventTime: null })).kind).toBe('run')
    expect(planRun(request({ previous: saved('success', NOW - 1), eventTime: NOW })).kind).toBe('run')
  })

  it("starts from the given feedback and links, and follows other people's pushes unless told not to", () => {
    const plan = run({ feedback: 'CI failed on the pull request', followMoves: false })
    expect(plan.state.lastFeedback).toBe('CI failed on the pull request')
    expect(plan.state.links).toEqual(request().links)
    expect(plan.config.followMoves).toBe(false)
    expect('followMoves' in run({}).config).toBe(false)
  })
})
