import { decide } from '../../src/trigger/decide.js'
import type { Decision } from '../../src/trigger/types.js'
import { FakeTriggerApi, issueData, options, payload } from './helpers.js'

const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821'

function api(): FakeTriggerApi {
  const fake = new FakeTriggerApi()
  fake.permissions = { boss: 'admin', human: 'write' }
  fake.issues[2] = issueData(2, { isPullRequest: true, title: 'Add greetings' })
  fake.labelledBy[2] = { login: 'boss', type: 'User' }
  fake.pulls[2] = {
    number: 2,
    branch: 'changes',
    sameRepository: true,
    base: 'master',
    headSha: HEAD,
    author: 'human'
  }
  return fake
}

const withPull = { number: 2, head: { ref: 'changes', sha: HEAD }, base: { ref: 'master' } }

/** A real workflow_run.completed payload, patched to a failed ci.yml run on pull request #2. */
function failedRun(patches: Record<string, unknown> = {}) {
  return {
    name: 'workflow_run',
    payload: payload('workflow_run', 'completed', {
      'workflow_run.conclusion': 'failure',
      'workflow_run.path': '.github/workflows/ci.yml',
      'workflow_run.head_branch': 'changes',
      'workflow_run.head_sha': HEAD,
      'workflow_run.pull_requests': [withPull],
      ...patches
    })
  }
}

function code(d: Decision): string {
  if (d.kind !== 'ignored') throw new Error(`expected ignored, got ${d.kind}`)
  return d.code
}

describe('workflow_run', () => {
  it('a failed CI run on a labelled pull request starts fix-ci on that run, for the labeller', async () => {
    const fake = api()
    const d = await decide(failedRun(), { ...options, ciWorkflow: 'ci.yml' }, fake)
    expect(d).toMatchObject({
      kind: 'fix-ci',
      source: 'workflow_run',
      requester: { login: 'boss' },
      pullRequest: { number: 2, branch: 'changes', base: 'master', headSha: HEAD, authorCanWrite: true }
    })
    if (d.kind === 'fix-ci') expect(d.runId).toBeGreaterThan(0)
  })

  it('ignores green runs, other workflows, agent branches, runs without a pull request and stale heads', async () => {
    const o = { ...options, ciWorkflow: 'ci.yml' }
    const cases: [Record<string, unknown>, string][] = [
      [{ 'workflow_run.conclusion': 'success' }, 'not-a-failed-pr-run'],
      [{ 'workflow_run.path': '.github/workflows/lint.yml' }, 'not-a-failed-pr-run'],
      [{ 'workflow_run.head_branch': 'agent/2-x' }, 'not-a-failed-pr-run'],
      [{ 'workflow_run.pull_requests': [] }, 'not-a-failed-pr-run'],
      [{ 'workflow_run.head_sha': 'f'.repeat(40) }, 'not-a-failed-pr-run'],
      [{ action: 'requested' }, 'unhandled-action']
    ]
    for (const [p, expected] of cases) {
      const d = await decide(failedRun(p), o, api())
      expect([JSON.stringify(p), code(d)]).toEqual([JSON.stringify(p), expected])
    }
  })

  it('needs the trigger label, applied by a writer', async () => {
    const unlabelled = api()
    unlabelled.issues[2] = issueData(2, { isPullRequest: true, labels: [] })
    const event = failedRun()
    expect(code(await decide(event, options, unlabelled))).toBe('label-missing')
    const byReader = api()
    byReader.labelledBy[2] = { login: 'reader', type: 'User' }
    expect(code(await decide(event, options, byReader))).toBe('label-not-trusted')
  })
})
