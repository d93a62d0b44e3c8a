import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { plainClient } from './helpers.js'
import { SAMPLE_REPOSITORY, startSampleEmulator } from './sample.js'
import type { Emulator } from './server.js'

const o = { owner: 'octo', repo: 'tinyledger' }
let emulator: Emulator

beforeAll(async () => {
  ;({ emulator } = await startSampleEmulator({ recordExchanges: true }))
})

afterAll(async () => {
  await emulator?.close()
})

async function dispatch(): Promise<number> {
  const res = await plainClient(emulator).rest.actions.createWorkflowDispatch({
    ...o,
    workflow_id: 'ci.yml',
    ref: 'main',
    inputs: { 'nightshift-id': 'ns-1' },
    return_run_details: true
  } as never)
  return (res.data as unknown as { workflow_run_id: number }).workflow_run_id
}

describe('a scripted run (the script-run fault)', () => {
  test('armed from outside, it moves one state per read, keeps its ETag while unchanged, and hides from the first listing', async () => {
    const armed = await fetch(`${emulator.serverUrl}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({
        kind: 'script-run',
        states: ['queued', 'in_progress', 'in_progress', 'completed:startup_failure'],
        hiddenFromListings: 1,
        jobs: [
          {
            name: 'build',
            conclusion: 'failure',
            steps: [{ name: 'Run make', conclusion: 'failure' }],
            annotations: [
              { path: 'a.c', start_line: 3, annotation_level: 'failure', title: 'cc', message: 'boom' }
            ],
            log: { lines: 3 }
          }
        ]
      })
    })
    expect(armed.status).toBe(204)
    const id = await dispatch()
    const gh = plainClient(emulator)
    const list = async () =>
      (await gh.rest.actions.listWorkflowRuns({ ...o, workflow_id: 'ci.yml', branch: 'main' })).data
        .workflow_runs
    expect((await list()).map(r => r.id)).not.toContain(id)
    expect((await list()).map(r => r.id)).toContain(id)

    const seen: string[] = []
    let etag: string | undefined
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${emulator.apiUrl}/repos/${SAMPLE_REPOSITORY}/actions/runs/${id}`, {
        headers: { authorization: `token ${emulator.token}`, ...(etag ? { 'if-none-match': etag } : {}) }
      })
      if (res.status === 304) seen.push('304')
      else {
        etag = res.headers.get('etag') ?? undefined
        const run = (await res.json()) as { status: string; conclusion: string | null }
        seen.push(`${run.status}:${run.conclusion}`)
      }
    }
    expect(seen).toEqual(['queued:null', 'in_progress:null', '304', 'completed:startup_failure', '304'])

    const [job] = (await gh.rest.actions.listJobsForWorkflowRun({ ...o, run_id: id })).data.jobs
    expect(job).toMatchObject({ name: 'build', conclusion: 'failure', steps: [{ name: 'Run make' }] })
    const annotations = await gh.rest.checks.listAnnotations({ ...o, check_run_id: job!.id })
    expect(annotations.data).toEqual([
      expect.objectContaining({ path: 'a.c', start_line: 3, message: 'boom' })
    ])
    const log = await gh.rest.actions.downloadJobLogsForWorkflowRun({ ...o, job_id: job!.id })
    expect(String(log.data).split('\n').filter(Boolean)).toHaveLength(3)
    expect(emulator.violations()).toEqual([])
  })

  test('a log URL fault answers as the blob store does; exchanges record blob fetches and their headers', async () => {
    emulator.faults.add({
      kind: 'script-run',
      states: ['completed:failure'],
      jobs: [{ name: 'j', conclusion: 'failure', steps: [], log: 'x\n' }]
    })
    const id = await dispatch()
    const gh = plainClient(emulator)
    const [job] = (await gh.rest.actions.listJobsForWorkflowRun({ ...o, run_id: id })).data.jobs
    const res = await fetch(`${emulator.apiUrl}/repos/${SAMPLE_REPOSITORY}/actions/jobs/${job!.id}/logs`, {
      headers: { authorization: `token ${emulator.token}` },
      redirect: 'manual'
    })
    emulator.faults.add({ kind: 'status', route: 'GET /_blobs/*', status: 403 })
    const location = res.headers.get('location')!
    const expired = await fetch(location)
    expect(expired.status).toBe(403)
    expect(await expired.text()).toContain('<Code>AuthenticationFailed</Code>')
    expect((await fetch(location)).status).toBe(200)
    const blobs = emulator.exchanges().filter(e => e.path.startsWith('/_blobs/'))
    expect(blobs.slice(-2).map(e => e.status)).toEqual([403, 200])
    expect(blobs.at(-1)!.headers.authorization).toBeUndefined()
  })
})

describe('server variants and token permissions', () => {
  test('a server that ignores return_run_details answers 204 and still starts the run', async () => {
    emulator.setDispatchReply('no-content')
    emulator.faults.add({ kind: 'script-run', states: ['queued'] })
    try {
      const res = await plainClient(emulator).rest.actions.createWorkflowDispatch({
        ...o,
        workflow_id: 'ci.yml',
        ref: 'main',
        inputs: { 'nightshift-id': 'ns-204' },
        return_run_details: true
      } as never)
      expect(res.status).toBe(204)
      const runs = [...emulator.repo(SAMPLE_REPOSITORY).runs.values()]
      expect(runs.at(-1)!.displayTitle).toBe('CI ns-204')
    } finally {
      emulator.setDispatchReply('details')
    }
  })

  test('repos/get says whether the asking token can push', async () => {
    const reader = emulator.addToken({ login: 'reader', scopes: { contents: 'read', metadata: 'read' } })
    expect((await plainClient(emulator).rest.repos.get(o)).data.permissions).toMatchObject({ push: true })
    expect((await plainClient(emulator, reader).rest.repos.get(o)).data.permissions).toMatchObject({
      push: false,
      admin: false
    })
  })
})
