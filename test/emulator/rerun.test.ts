/**
 * "Re-run failed jobs" as GitHub does it: the run keeps its id, its `run_attempt` grows, the failed and
 * cancelled jobs run again with the jobs that need them, and the jobs that passed are carried over
 * (https://docs.github.com/en/actions/how-tos/manage-workflow-runs/re-run-workflows-and-jobs,
 * https://docs.github.com/en/rest/actions/workflow-runs#re-run-failed-jobs-from-a-workflow-run).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { plainClient } from './helpers.js'
import { SAMPLE_REPOSITORY, startSampleEmulator } from './sample.js'
import type { Emulator } from './server.js'
import { runWorkflow, STAMP } from './workflow-harness.js'

let emulator: Emulator
const [owner, repo] = SAMPLE_REPOSITORY.split('/') as [string, string]

beforeAll(async () => {
  ;({ emulator } = await startSampleEmulator())
})

afterAll(async () => {
  await emulator?.close()
})

// Leg 2 fails on the first attempt only; `report` needs the matrix; `lint` stands alone.
const WORKFLOW = `name: R
on: workflow_dispatch
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: echo "lint attempt $GITHUB_RUN_ATTEMPT"
  test:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: true
      max-parallel: 1
      matrix:
        n: [1, 2, 3]
    steps:
      - run: |
          echo "leg \${{ matrix.n }} attempt $GITHUB_RUN_ATTEMPT"
          if [ "\${{ matrix.n }}" = 2 ] && [ "$GITHUB_RUN_ATTEMPT" = 1 ]; then exit 1; fi
  report:
    needs: test
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo "report attempt $GITHUB_RUN_ATTEMPT"
`

describe('re-running failed jobs', () => {
  test('the failed and cancelled legs and their dependents run again; the passed jobs are carried over', async () => {
    const first = await runWorkflow(emulator, SAMPLE_REPOSITORY, WORKFLOW)
    expect(first.run.conclusion).toBe('failure')
    const conclusions = Object.fromEntries(first.jobs.map(j => [j.name, j.conclusion]))
    expect(conclusions).toEqual({
      lint: 'success',
      'test (1)': 'success',
      'test (2)': 'failure',
      'test (3)': 'cancelled',
      report: 'success'
    })
    const gh = plainClient(emulator)
    const { data: runs } = await gh.rest.actions.listWorkflowRunsForRepo({ owner, repo, per_page: 1 })
    const runId = runs.workflow_runs[0]!.id
    const rerun = await gh.rest.actions.reRunWorkflowFailedJobs({ owner, repo, run_id: runId })
    expect(rerun.status).toBe(201)
    await emulator.idle()
    const { data: run } = await gh.rest.actions.getWorkflowRun({ owner, repo, run_id: runId })
    expect({ attempt: run.run_attempt, status: run.status, conclusion: run.conclusion }).toEqual({
      attempt: 2,
      status: 'completed',
      conclusion: 'success'
    })
    const jobs = await gh.paginate(gh.rest.actions.listJobsForWorkflowRun, { owner, repo, run_id: runId })
    expect(Object.fromEntries(jobs.map(j => [j.name, j.conclusion]))).toEqual({
      lint: 'success',
      'test (1)': 'success',
      'test (2)': 'success',
      'test (3)': 'success',
      report: 'success'
    })
    const log = async (name: string) => {
      const id = jobs.find(j => j.name === name)!.id
      const res = await gh.rest.actions.downloadJobLogsForWorkflowRun({ owner, repo, job_id: id })
      return String(res.data).replace(STAMP, '')
    }
    // Carried over: the log of the first attempt. Run again: the second attempt's.
    expect(await log('lint')).toContain('lint attempt 1')
    expect(await log('test (1)')).toContain('leg 1 attempt 1')
    expect(await log('test (2)')).toContain('leg 2 attempt 2')
    expect(await log('test (3)')).toContain('leg 3 attempt 2')
    // `report` needs the matrix, which ran again: it runs again too.
    expect(await log('report')).toContain('report attempt 2')
    // Nothing failed any more: a second re-run is refused, as GitHub refuses it.
    await expect(
      gh.rest.actions.reRunWorkflowFailedJobs({ owner, repo, run_id: runId })
    ).rejects.toMatchObject({
      status: 403
    })
  })
})
