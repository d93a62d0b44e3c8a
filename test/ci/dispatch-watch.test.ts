import type { Emulator } from '../emulator/server.js'
import { workflowFixture } from './helpers.js'
import { backend, emulatorForFile, dispatchBodies, harness, requestsTo, type Backend } from './scenarios.js'

const BRANCH = 'agent/12-fix-parser'
const HOUR = 3_600_000

let emulator: Emulator
emulatorForFile(e => (emulator = e))

/** A repository with the ready ci.yml and the agent's branch. */
function ready(): Promise<Backend> {
  return backend(emulator, { workflows: { 'ci.yml': workflowFixture('ready.yml') }, branches: [BRANCH] })
}

describe('dispatch and correlation', () => {
  let gh: Backend
  beforeEach(async () => {
    gh = await ready()
  })

  it('takes the run id from return_run_details and sends the nonce and scope', async () => {
    gh.scriptNextRun({ states: ['completed:success'] })
    gh.scriptNextRun({ states: ['completed:success'] })
    const { ci, api, clock } = harness(gh)
    const run = await ci.dispatch(BRANCH, 'fast')
    const [body] = dispatchBodies(gh) as {
      ref: string
      inputs: Record<string, string>
      return_run_details: boolean
    }[]
    expect(body).toEqual({
      ref: BRANCH,
      inputs: { 'nightshift-id': run.correlationId, scope: 'fast' },
      return_run_details: true
    })
    expect(run.id).toBeGreaterThan(0)
    expect(run.url).toContain(`/actions/runs/${run.id}`)
    expect(api.runDetailsSupported).toBe(true)
    expect(requestsTo(gh, /\/runs\?/)).toHaveLength(0)
    expect(clock.sleeps).toEqual([])
    await ci.dispatch(BRANCH, 'full')
    expect((dispatchBodies(gh)[1] as { inputs: Record<string, string> }).inputs.scope).toBe('full')
  })

  it('retries without the field after a 400, finds the run by its title, and remembers', async () => {
    emulator.setDispatchReply('reject-field')
    await gh.addForeignRun(BRANCH, 'ns-someoneelse')
    gh.scriptNextRun({ states: ['queued'], hiddenFromListings: 1 })
    const { ci, api } = harness(gh)
    const run = await ci.dispatch(BRANCH, 'fast')
    const bodies = dispatchBodies(gh) as Record<string, unknown>[]
    expect(bodies.map(b => 'return_run_details' in b)).toEqual([true, false])
    expect(api.runDetailsSupported).toBe(false)
    const listed = requestsTo(gh, /\/actions\/workflows\/ci\.yml\/runs\?/)
    expect(listed).toHaveLength(2)
    const query = new URL(listed[0]!.path, gh.apiUrl).searchParams
    expect(query.get('event')).toBe('workflow_dispatch')
    expect(query.get('branch')).toBe(BRANCH)
    expect(query.get('created')).toMatch(/^>=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    const listedRuns = (listed[1]!.response as { workflow_runs: { id: number; display_title: string }[] })
      .workflow_runs
    expect(listedRuns).toHaveLength(2)
    expect(listedRuns.find(r => r.id === run.id)?.display_title).toBe(`CI ${run.correlationId}`)

    // The second dispatch skips the try that failed.
    gh.scriptNextRun({ states: ['completed:success'] })
    await ci.dispatch(BRANCH, 'full')
    expect((dispatchBodies(gh) as Record<string, unknown>[]).map(b => 'return_run_details' in b)).toEqual([
      true,
      false,
      false
    ])
  })

  it('correlates after a 204 (server ignores the field)', async () => {
    emulator.setDispatchReply('no-content')
    await gh.addForeignRun(BRANCH, 'ns-000000000000')
    gh.scriptNextRun({ states: ['completed:success'] })
    const { ci, api } = harness(gh)
    const run = await ci.dispatch(BRANCH, 'fast')
    expect(api.runDetailsSupported).toBe(false)
    const runs = requestsTo(gh, /\/runs\?/)[0]!.response as {
      workflow_runs: { id: number; display_title: string }[]
    }
    expect(runs.workflow_runs.find(r => r.id === run.id)?.display_title).toBe(`CI ${run.correlationId}`)
  })

  it('falls back to the newest run and warns when run-name does not show the nonce', async () => {
    await gh.setWorkflow('ci.yml', workflowFixture('map-null.yml'))
    await gh.branch(BRANCH)
    emulator.setDispatchReply('no-content')
    gh.scriptNextRun({ states: ['completed:success'] })
    gh.scriptNextRun({ states: ['completed:success'] })
    const { ci, warnings } = harness(gh)
    const first = await ci.dispatch(BRANCH, 'fast')
    // map-null.yml declares no inputs: sending any would make GitHub answer 422.
    expect((dispatchBodies(gh)[0] as { inputs: Record<string, string> }).inputs).toEqual({})
    const second = await ci.dispatch(BRANCH, 'fast')
    expect(second.id).not.toBe(first.id)
    expect(warnings.some(w => w.includes('Matching the run of "ci.yml"') && w.includes('run-name'))).toBe(
      true
    )
  })

  it('ends in never_started when no run appears before the limit', async () => {
    emulator.setDispatchReply('no-content')
    emulator.faults.add({ kind: 'lose-dispatch' })
    const { ci, clock } = harness(gh)
    const run = await ci.dispatch(BRANCH, 'fast')
    expect(run.neverStarted).toBe(true)
    // 2s, 4s, 8s, then 15s until 3 minutes have passed.
    expect(clock.sleeps).toEqual([2000, 4000, 8000, ...Array(12).fill(15000)])
    expect(requestsTo(gh, /\/runs\?/)).toHaveLength(15)
    const result = await ci.wait(run, clock.now() + HOUR)
    expect(result.outcome).toBe('never_started')
    expect(result.conclusion).toBeNull()
    expect((await ci.failures(result)).feedback).toContain('CI did not start')
  })
})

describe('watching a run', () => {
  let gh: Backend
  beforeEach(async () => {
    gh = await ready()
  })

  it('rides on 304s while nothing changes, on the 5s..30s schedule', async () => {
    gh.scriptNextRun({ states: ['queued', ...Array(8).fill('in_progress'), 'completed:success'] })
    const { ci, clock } = harness(gh)
    const run = await ci.dispatch(BRANCH, 'fast')
    const result = await ci.wait(run, clock.now() + HOUR)
    expect(result.outcome).toBe('success')
    expect(result.failedJobs).toEqual([])
    const reads = requestsTo(gh, new RegExp(`/actions/runs/${run.id}$`))
    expect(reads.map(r => r.status)).toEqual([200, 200, 304, 304, 304, 304, 304, 304, 304, 200])
    expect(reads.slice(1).every(r => typeof r.headers['if-none-match'] === 'string')).toBe(true)
    // dispatch + 10 reads, 7 of them free.
    expect(result.api).toEqual({ requests: 11, notModified: 7 })
    expect(clock.sleeps).toEqual([5000, 10000, 15000, 20000, 25000, 30000, 30000, 30000, 30000])
  })

  it.each([
    ['completed:failure', 'failure'],
    ['completed:startup_failure', 'failure'],
    ['completed:action_required', 'failure'],
    ['completed:cancelled', 'cancelled'],
    ['completed:timed_out', 'timed_out'],
    ['completed:skipped', 'cancelled'],
    ['completed:neutral', 'cancelled']
  ] as const)('maps %s to %s, never success', async (state, outcome) => {
    gh.scriptNextRun({ states: ['in_progress', state] })
    const { ci, clock } = harness(gh)
    const result = await ci.wait(await ci.dispatch(BRANCH, 'fast'), clock.now() + HOUR)
    expect(result.outcome).toBe(outcome)
    expect(result.conclusion).toBe(state.split(':')[1])
    expect(result.headSha).toMatch(/^[0-9a-f]{40}$/)
  })

  it('stops at the wall-clock deadline with watch_timeout', async () => {
    gh.scriptNextRun({ states: ['queued', 'in_progress'] })
    const { ci, clock } = harness(gh)
    const run = await ci.dispatch(BRANCH, 'fast')
    const deadline = clock.now() + 60_000
    const result = await ci.wait(run, deadline)
    expect(result.outcome).toBe('watch_timeout')
    expect(clock.now()).toBe(deadline)
    expect(clock.sleeps).toEqual([5000, 10000, 15000, 20000, 10000])
  })

  it('waits out a rate limit for as long as retry-after says, without failing', async () => {
    gh.scriptNextRun({ states: ['in_progress', 'completed:success'] })
    const { ci, clock } = harness(gh)
    const run = await ci.dispatch(BRANCH, 'fast')
    emulator.faults.add({
      kind: 'rate-limit',
      route: 'actions/get-workflow-run',
      status: 403,
      retryAfter: 90,
      times: 2
    })
    const result = await ci.wait(run, clock.now() + HOUR)
    expect(result.outcome).toBe('success')
    expect(clock.sleeps.slice(0, 2)).toEqual([90_000, 90_000])
    expect(requestsTo(gh, /\/actions\/runs\/\d+$/).map(r => r.status)).toEqual([403, 403, 200, 200])
  })
})
