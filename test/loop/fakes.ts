/**
 * Recording fakes of the loop's ports (engine, CI, workspace, reporter, store, clock, texts).
 * Each scripted by plain data; every call is recorded so tests assert on what the loop did.
 */
import type { AttemptInput, AttemptResult, Engine } from '../../src/agent/types.js'
import type { CI, CiOutcome, CiScope, RunRef, RunResult } from '../../src/ci/types.js'
import type { Failure } from '../../src/feedback/types.js'
import type { Clock, Reporter, Store, Texts } from '../../src/loop/ports.js'
import type { LoopState } from '../../src/loop/state.js'
import type { ChangedFile, RebaseResult, Snapshot, Workspace } from '../../src/workspace/types.js'

export class FakeClock implements Clock {
  constructor(public t = Date.parse('2026-11-23T10:00:00Z')) {}
  now = () => this.t
  sleep = async (ms: number) => {
    this.t += ms
  }
}

export class FakeWorkspace implements Workspace {
  readonly dir = '/tmp/fake-workspace'
  calls: string[] = []
  pending: ChangedFile[] = []
  heads = 0
  rebaseResult: RebaseResult['status'] = 'up_to_date'
  conflicts: string[] = []
  protectedHits: string[] = []
  /** What the fake remote branch holds (null: no branch yet); `prepare` checks it out when set. */
  remote: string | null = null
  /** A push fails with this (once), e.g. a PushRejectedError. */
  pushError: Error | null = null
  /** The checked-out commit. */
  current = this.sha()
  async prepare(branch: string, base: string) {
    this.calls.push(`prepare ${branch} ${base}`)
    this.current = this.remote ?? this.sha()
    return {
      resumed: this.remote !== null,
      head: this.current,
      sandbox: { isolation: 'user' as const, user: 'nightshift-agent', warning: null }
    }
  }
  sha() {
    return `sha${this.heads}`.padEnd(40, '0')
  }
  async handOver() {
    this.calls.push('hand over')
  }
  async snapshot(paths: string[]): Promise<Snapshot> {
    this.calls.push(`snapshot ${paths.join(',')}`)
    const refused = this.pending.filter(c => this.protectedHits.includes(c.path))
    this.pending = this.pending.filter(c => !this.protectedHits.includes(c.path))
    return {
      changes: [...this.pending],
      guard: { refused: refused.map(c => ({ path: c.path, reason: 'protected path' })), flagged: [] }
    }
  }
  async commit(_message: string, trailers: Record<string, string>) {
    if (this.pending.length === 0) return null
    this.calls.push(`commit ${trailers['Nightshift-Attempt']}`)
    this.pending = []
    this.heads++
    this.current = this.sha()
    return this.current
  }
  async push() {
    this.calls.push('push')
    const error = this.pushError
    this.pushError = null
    if (error) throw error
    this.remote = this.current
    return this.current
  }
  async rebase(_base: string): Promise<RebaseResult> {
    this.calls.push('rebase')
    if (this.rebaseResult === 'rebased') {
      this.heads++
      this.current = this.sha()
    }
    return {
      status: this.rebaseResult,
      conflicts: this.rebaseResult === 'conflict' ? this.conflicts : [],
      head: this.current,
      base: 'base0'
    }
  }
  async head() {
    return this.current
  }
  async scrubCredentials() {
    this.calls.push('scrub')
  }
}

/** An engine that plays one scripted step per attempt: which files it touches, and its usage. */
export interface EngineStep {
  files?: string[]
  tokens?: number
  /** The engine could not count tokens (a command agent that reports none). */
  tokensUnknown?: boolean
  costUsd?: number | null
  stopReason?: AttemptResult['stopReason']
  error?: string
  errorKind?: AttemptResult['errorKind']
  throws?: string
  /** What the engine reports it read, changed and ran. */
  trail?: AttemptResult['trail']
}

export class FakeEngine implements Engine {
  inputs: AttemptInput[] = []
  constructor(
    private readonly workspace: FakeWorkspace,
    private readonly steps: EngineStep[]
  ) {}
  async attempt(input: AttemptInput): Promise<AttemptResult> {
    this.inputs.push(structuredClone(input))
    const step = this.steps[this.inputs.length - 1] ?? { files: ['src/fix.js'] }
    if (step.throws) throw new Error(step.throws)
    for (const path of step.files ?? []) this.workspace.pending.push({ path, status: 'modified' })
    return {
      summary: `attempt ${input.attempt}: edited ${(step.files ?? []).join(', ')}`,
      tokens: step.tokensUnknown
        ? { input: 0, output: 0, cached: 0 }
        : { input: step.tokens ?? 1000, output: 100, cached: 0 },
      ...(step.tokensUnknown ? { tokensUnknown: true } : {}),
      costUsd: step.costUsd === undefined ? 0.01 : step.costUsd,
      stopReason: step.stopReason ?? 'finished',
      ...(step.error ? { error: step.error } : {}),
      ...(step.errorKind ? { errorKind: step.errorKind } : {}),
      ...(step.trail ? { trail: step.trail } : {})
    }
  }
}

export function failure(test: string, file = 'test/math.test.js', line = 3): Failure {
  return { tool: 'node-test', file, line, column: 1, test, message: `${test} failed\nexpected 4\nreceived 5` }
}

export interface CiStep {
  outcome: CiOutcome
  failures?: Failure[]
}

export class FakeCi implements CI {
  calls: string[] = []
  private n = 0
  constructor(
    private readonly fast: CiStep[],
    private readonly full: CiStep[] = [{ outcome: 'success' }],
    private readonly preflightError: Error | null = null,
    public fastIsFullValue = false
  ) {}
  fastIsFull() {
    return this.fastIsFullValue
  }
  private fastIndex = 0
  private fullIndex = 0
  async preflight() {
    this.calls.push('preflight')
    if (this.preflightError) throw this.preflightError
  }
  /** Scope of each dispatched (or resumed: `fast` unless told) run id. */
  readonly scopes = new Map<number, CiScope>()
  async dispatch(ref: string, scope: CiScope): Promise<RunRef> {
    this.n++
    this.scopes.set(this.n, scope)
    this.calls.push(`dispatch ${ref} ${scope}`)
    return {
      id: this.n,
      url: `https://example.test/runs/${this.n}`,
      correlationId: `c${this.n}`,
      workflow: 'ci.yml',
      ref
    }
  }
  private steps = new Map<number, CiStep>()
  /** The commit a run tests (default: the one the loop asked for); another sha ends `other_head`, like GitHub's watcher. */
  headOf: ((run: RunRef) => string | null) | null = null
  async wait(run: RunRef, _deadline: number): Promise<RunResult> {
    const head = this.headOf?.(run) ?? run.headSha ?? null
    if (run.headSha && head && head !== run.headSha) {
      this.calls.push(`wait ${run.id} other_head`)
      return { run, outcome: 'other_head', conclusion: null, headSha: head, durationMs: 1000, failedJobs: [] }
    }
    const scope = this.scopes.get(run.id) ?? 'fast'
    const step =
      scope === 'full'
        ? (this.full[this.fullIndex++] ?? { outcome: 'success' })
        : (this.fast[this.fastIndex++] ?? { outcome: 'success' })
    this.steps.set(run.id, step)
    this.calls.push(`wait ${run.id} ${step.outcome}`)
    return {
      run,
      outcome: step.outcome,
      conclusion: step.outcome,
      headSha: head,
      durationMs: 60_000,
      failedJobs: []
    }
  }
  async failures(result: RunResult) {
    const f = this.steps.get(result.run.id)?.failures ?? []
    this.calls.push(`failures ${result.run.id}`)
    return { failures: f, feedback: f.map(x => `${x.file}:${x.line} ${x.test}: ${x.message}`).join('\n') }
  }
}

export class FakeReporter implements Reporter {
  calls: string[] = []
  final: LoopState | null = null
  /** Makes the named method reject with these errors, one per call, before it records anything. */
  failures: Partial<Record<keyof Reporter, Error[]>> = {}
  private fail(method: keyof Reporter) {
    const e = this.failures[method]?.shift()
    if (e) {
      this.calls.push(`${method} failed`)
      throw e
    }
  }
  async start(head: string, _state: LoopState, options?: { untilPushed?: boolean }) {
    this.fail('start')
    this.calls.push(`start ${head.slice(0, 4)}${options?.untilPushed ? ' until pushed' : ''}`)
  }
  async update(state: LoopState) {
    this.fail('update')
    this.calls.push(`update ${state.phase}`)
  }
  async moveTo(head: string) {
    this.fail('moveTo')
    this.calls.push(`moveTo ${head.slice(0, 4)}`)
  }
  async annotate(failures: Failure[]) {
    this.fail('annotate')
    this.calls.push(`annotate ${failures.length}`)
  }
  async complete(state: LoopState) {
    this.fail('complete')
    this.calls.push(`complete ${state.outcome}`)
    this.final = structuredClone(state)
  }
}

export class MemoryStore implements Store {
  saved = new Map<string, unknown>()
  saves = 0
  async load(key: string) {
    return this.saved.has(key) ? structuredClone(this.saved.get(key)) : null
  }
  async save(key: string, state: unknown) {
    this.saves++
    this.saved.set(key, structuredClone(state))
  }
}

export const plainTexts: Texts = {
  pullRequest: s => ({ title: s.task.title, body: `Closes #${s.issue}` }),
  pullRequestLink: (_s, pr) => `Opened ${pr.url}`,
  handBack: s => `Handing back: ${s.reason}`
}
