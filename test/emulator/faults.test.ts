import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createClient } from '../../src/github/client.js'
import { plainClient } from './helpers.js'
import { SAMPLE_REPOSITORY, startSampleEmulator } from './sample.js'
import type { Emulator } from './server.js'
import { Faults, routeMatches } from './faults.js'

const o = { owner: 'octo', repo: 'tinyledger' }
let emulator: Emulator

beforeAll(async () => {
  ;({ emulator } = await startSampleEmulator({ blobTtlMs: 300 }))
  // Workflows whose runs last long enough to be cancelled or timed out.
  await emulator.pushToDefault(
    SAMPLE_REPOSITORY,
    {
      '.github/workflows/slow.yml':
        'name: Slow\non: workflow_dispatch\njobs:\n  s:\n    runs-on: x\n    timeout-minutes: 5\n    steps:\n      - run: echo first\n      - run: sleep 20\n      - if: always()\n        run: echo cleanup\n'
    },
    'Slow workflow'
  )
})

afterAll(async () => {
  await emulator?.close()
})

async function dispatchSlow() {
  const gh = plainClient(emulator)
  const res = await gh.rest.actions.createWorkflowDispatch({
    ...o,
    workflow_id: 'slow.yml',
    ref: 'main',
    return_run_details: true
  } as never)
  return (res.data as unknown as { workflow_run_id: number }).workflow_run_id
}

describe('faults on demand', () => {
  test('route patterns: operationId or METHOD with * and **', () => {
    expect(
      routeMatches('actions/get-workflow-run', 'GET', '/repos/a/b/actions/runs/1', 'actions/get-workflow-run')
    ).toBe(true)
    expect(routeMatches('GET /repos/*/*/actions/runs/*', 'GET', '/repos/a/b/actions/runs/1', null)).toBe(true)
    expect(routeMatches('GET /repos/*/*/actions/runs/*', 'GET', '/repos/a/b/actions/runs/1/jobs', null)).toBe(
      false
    )
    expect(routeMatches('* /repos/**', 'PATCH', '/repos/a/b/check-runs/1', null)).toBe(true)
    expect(routeMatches('POST /repos/**', 'GET', '/repos/a/b', null)).toBe(false)
  })

  test('5xx for the next N calls: the action client retries through them', async () => {
    emulator.faults.add({ kind: 'status', route: 'repos/get', status: 502, times: 2 })
    await expect(plainClient(emulator).rest.repos.get(o)).rejects.toMatchObject({ status: 502 })
    const gh = createClient({ token: emulator.token, baseUrl: emulator.apiUrl, retryBaseMs: 1 })
    const before = emulator.usage().used
    expect((await gh.rest.repos.get(o)).status).toBe(200)
    // One more failure, then success: two requests for this call, only the successful one counted.
    expect(emulator.usage().used - before).toBe(1)
  })

  test('429 and 403 with retry-after', async () => {
    emulator.faults.add({ kind: 'rate-limit', route: 'GET /repos/*/*', status: 429, retryAfter: 1 })
    const err = await plainClient(emulator)
      .rest.repos.get(o)
      .catch((e: unknown) => e as { status: number; response: { headers: Record<string, string> } })
    expect(err).toMatchObject({ status: 429, response: { headers: { 'retry-after': '1' } } })
    emulator.faults.add({ kind: 'rate-limit', route: 'repos/get', status: 403, retryAfter: 1 })
    const gh = createClient({ token: emulator.token, baseUrl: emulator.apiUrl, retryBaseMs: 1 })
    const started = Date.now()
    expect((await gh.rest.repos.get(o)).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
  })

  test('latency, and faults armed from outside through the control route', async () => {
    emulator.faults.add({ kind: 'latency', route: 'issues/get', ms: 300, times: 1 })
    const started = Date.now()
    await plainClient(emulator).rest.issues.get({ ...o, issue_number: 1 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    const armed = await fetch(`${emulator.serverUrl}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'status', route: 'issues/get', status: 503 })
    })
    expect(armed.status).toBe(204)
    await expect(plainClient(emulator).rest.issues.get({ ...o, issue_number: 1 })).rejects.toMatchObject({
      status: 503
    })
    expect((await plainClient(emulator).rest.issues.get({ ...o, issue_number: 1 })).status).toBe(200)
  })

  test('a dispatch whose run never appears', async () => {
    emulator.faults.add({ kind: 'lose-dispatch' })
    const gh = plainClient(emulator)
    const before = (await gh.rest.actions.listWorkflowRunsForRepo(o)).data.total_count
    const id = await dispatchSlow()
    await expect(gh.rest.actions.getWorkflowRun({ ...o, run_id: id })).rejects.toMatchObject({ status: 404 })
    expect((await gh.rest.actions.listWorkflowRunsForRepo(o)).data.total_count).toBe(before)
  })

  test('a run cancelled mid-way', async () => {
    emulator.faults.add({ kind: 'cancel-run', afterSteps: 1 })
    const id = await dispatchSlow()
    const started = Date.now()
    await emulator.idle()
    expect(Date.now() - started).toBeLessThan(15_000)
    const gh = plainClient(emulator)
    expect((await gh.rest.actions.getWorkflowRun({ ...o, run_id: id })).data).toMatchObject({
      status: 'completed',
      conclusion: 'cancelled'
    })
    const job = (await gh.rest.actions.listJobsForWorkflowRun({ ...o, run_id: id })).data.jobs[0]!
    expect(job.conclusion).toBe('cancelled')
    expect(job.steps!.map(s => s.conclusion)).toEqual([
      'success',
      'success',
      'cancelled',
      'success',
      'success'
    ])
    const log = String((await gh.rest.actions.downloadJobLogsForWorkflowRun({ ...o, job_id: job.id })).data)
    expect(log).toContain('##[error]The operation was canceled.')
    expect(log).toContain(' cleanup\n')
  })

  test('a job that times out', async () => {
    emulator.faults.add({ kind: 'timeout-job', afterSteps: 1 })
    const id = await dispatchSlow()
    await emulator.idle()
    const gh = plainClient(emulator)
    const job = (await gh.rest.actions.listJobsForWorkflowRun({ ...o, run_id: id })).data.jobs[0]!
    expect(job.conclusion).toBe('cancelled')
    const annotations = (await gh.rest.checks.listAnnotations({ ...o, check_run_id: job.id })).data
    expect(annotations.map(a => a.message)).toContain(
      'The job running on runner emulator has exceeded the maximum execution time of 5 minutes.'
    )
    expect(job.steps!.map(s => s.conclusion)).toEqual([
      'success',
      'success',
      'cancelled',
      'skipped',
      'success'
    ])
  })

  test('job log URLs expire', async () => {
    const gh = plainClient(emulator)
    const runs = (await gh.rest.actions.listWorkflowRunsForRepo(o)).data.workflow_runs
    const job = (await gh.rest.actions.listJobsForWorkflowRun({ ...o, run_id: runs[0]!.id })).data.jobs[0]!
    const res = await fetch(`${emulator.apiUrl}/repos/octo/tinyledger/actions/jobs/${job.id}/logs`, {
      headers: { authorization: `token ${emulator.token}` },
      redirect: 'manual'
    })
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect((await fetch(location)).status).toBe(200)
    await new Promise(r => setTimeout(r, 400))
    expect((await fetch(location)).status).toBe(403)
    expect(emulator.violations()).toEqual([])
  })
})

describe('an older server (GitHub Enterprise Server ≤ 3.20)', () => {
  test('answers return_run_details with 400 and dispatches with 204', async () => {
    const { emulator: ghes } = await startSampleEmulator({ legacyDispatch: true })
    try {
      const gh = plainClient(ghes)
      await expect(
        gh.rest.actions.createWorkflowDispatch({
          ...o,
          workflow_id: 'ci.yml',
          ref: 'main',
          return_run_details: true
        } as never)
      ).rejects.toMatchObject({ status: 400 })
      expect(
        (
          await gh.rest.actions.createWorkflowDispatch({
            ...o,
            workflow_id: 'ci.yml',
            ref: 'main',
            inputs: { 'nightshift-id': 'x' }
          })
        ).status
      ).toBe(204)
      const runs = await gh.rest.actions.listWorkflowRuns({
        ...o,
        workflow_id: 'ci.yml',
        event: 'workflow_dispatch',
        branch: 'main',
        created: `>=${new Date(Date.now() - 60_000).toISOString()}`
      })
      expect(runs.data.workflow_runs.map(r => r.display_title)).toEqual(['CI x'])
      await gh.rest.actions.cancelWorkflowRun({ ...o, run_id: runs.data.workflow_runs[0]!.id })
      await ghes.idle()
      ghes.assertClean()
    } finally {
      await ghes.close()
    }
  })
})

describe('route faults by time, by count and by body', () => {
  test('an outage (`forMs`) fails every matching request until it is over', async () => {
    const faults = new Faults()
    faults.add({ kind: 'status', route: '* /**', status: 503, forMs: 80 })
    expect(faults.forRequest('GET', '/repos/a/b', 'repos/get').failure?.kind).toBe('status')
    expect(faults.forRequest('POST', '/repos/a/b/check-runs', 'checks/create').failure?.kind).toBe('status')
    await new Promise(r => setTimeout(r, 120))
    expect(faults.forRequest('GET', '/repos/a/b', 'repos/get').failure).toBeNull()
  })

  test('`after` lets the first matching requests through; `bodyIncludes` picks requests by their body', () => {
    const faults = new Faults()
    faults.add({ kind: 'status', route: 'checks/create', status: 502, after: 1, times: 2 })
    faults.add({
      kind: 'status',
      route: 'checks/update',
      status: 503,
      bodyIncludes: '"conclusion":"failure"'
    })
    expect(faults.forRequest('POST', '/x', 'checks/create').failure).toBeNull()
    expect(faults.forRequest('POST', '/x', 'checks/create').failure).toMatchObject({ status: 502 })
    expect(faults.forRequest('POST', '/x', 'checks/create').failure).toMatchObject({ status: 502 })
    expect(faults.forRequest('POST', '/x', 'checks/create').failure).toBeNull()
    expect(faults.forRequest('PATCH', '/x', 'checks/update', '{"output":{}}').failure).toBeNull()
    expect(
      faults.forRequest('PATCH', '/x', 'checks/update', '{"status":"completed","conclusion":"failure"}')
        .failure
    ).toMatchObject({ status: 503 })
  })
})
