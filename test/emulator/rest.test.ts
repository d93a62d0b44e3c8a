import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '../../src/github/client.js'
import { plainClient } from './helpers.js'
import { openApiValidator } from './openapi-validator.js'
import { SAMPLE_MAINTAINER, SAMPLE_REPOSITORY, startSampleEmulator } from './sample.js'
import type { Emulator } from './server.js'
import type { Issue } from './model.js'

const o = { owner: 'octo', repo: 'tinyledger' }
let emulator: Emulator
let issue: Issue
let logDir: string
let logFile: string

beforeAll(async () => {
  logDir = await mkdtemp(join(tmpdir(), 'emulator-log-'))
  logFile = join(logDir, 'exchanges.jsonl')
  ;({ emulator, issue } = await startSampleEmulator({ logFile }))
})

afterAll(async () => {
  await emulator?.close()
  await rm(logDir, { recursive: true, force: true })
})

interface Exchange {
  method: string
  path: string
  status: number
  request: unknown
  response: unknown
}

function exchanges(): Exchange[] {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(l => JSON.parse(l) as Exchange)
}

describe('the REST subset, through a real Octokit client', () => {
  test('repository, issues, comments, labels, events and permissions', async () => {
    const gh = plainClient(emulator)
    const repo = await gh.rest.repos.get(o)
    expect(repo.data).toMatchObject({
      full_name: SAMPLE_REPOSITORY,
      default_branch: 'main',
      clone_url: `${emulator.serverUrl}/${SAMPLE_REPOSITORY}.git`
    })

    const got = await gh.rest.issues.get({ ...o, issue_number: issue.number })
    expect(got.data.title).toMatch(/one decimal digit/)
    expect(got.data.labels.map(l => (typeof l === 'string' ? l : l.name))).toEqual(['bug'])

    emulator.addLabel(SAMPLE_REPOSITORY, issue.number, 'agent-ok', SAMPLE_MAINTAINER)
    const listed = await gh.rest.issues.listForRepo({ ...o, labels: 'agent-ok', state: 'open' })
    expect(listed.data.map(i => i.number)).toEqual([issue.number])
    expect((await gh.rest.issues.listForRepo({ ...o, labels: 'agent-ok,nope' })).data).toEqual([])

    const events = await gh.rest.issues.listEvents({ ...o, issue_number: issue.number })
    const labeled = events.data.filter(e => e.event === 'labeled') as Array<{
      actor: { login: string }
      label: { name: string }
    }>
    expect(labeled.map(e => [e.label.name, e.actor.login])).toEqual([
      ['bug', SAMPLE_MAINTAINER],
      ['agent-ok', SAMPLE_MAINTAINER]
    ])

    const created = await gh.rest.issues.createComment({
      ...o,
      issue_number: issue.number,
      body: 'Working on it'
    })
    expect(created.status).toBe(201)
    const updated = await gh.rest.issues.updateComment({ ...o, comment_id: created.data.id, body: 'Done' })
    expect(updated.data.body).toBe('Done')
    const comments = await gh.rest.issues.listComments({ ...o, issue_number: issue.number })
    expect(comments.data.map(c => [c.body, c.user?.login])).toEqual([['Done', 'github-actions[bot]']])

    const added = await gh.rest.issues.addLabels({
      ...o,
      issue_number: issue.number,
      labels: ['nightshift:working']
    })
    expect(added.data.map(l => l.name)).toEqual(['bug', 'agent-ok', 'nightshift:working'])
    const removed = await gh.rest.issues.removeLabel({
      ...o,
      issue_number: issue.number,
      name: 'nightshift:working'
    })
    expect(removed.data.map(l => l.name)).toEqual(['bug', 'agent-ok'])
    await expect(
      gh.rest.issues.removeLabel({ ...o, issue_number: issue.number, name: 'absent' })
    ).rejects.toMatchObject({ status: 404 })
    // `doctor` reads the trigger label; names match case-insensitively.
    expect((await gh.rest.issues.getLabel({ ...o, name: 'Agent-OK' })).data).toMatchObject({
      name: 'agent-ok'
    })
    await expect(gh.rest.issues.getLabel({ ...o, name: 'absent' })).rejects.toMatchObject({ status: 404 })

    const assigned = await gh.rest.issues.addAssignees({
      ...o,
      issue_number: issue.number,
      assignees: ['nightshift-bot']
    })
    expect(assigned.data.assignees?.map(a => a.login)).toEqual(['nightshift-bot'])
    const newIssue = await gh.rest.issues.create({ ...o, title: 'Second', labels: ['agent-ok'] })
    expect(newIssue.data.number).toBe(issue.number + 1)

    const perm = await gh.rest.repos.getCollaboratorPermissionLevel({ ...o, username: SAMPLE_MAINTAINER })
    expect(perm.data).toMatchObject({ permission: 'admin', role_name: 'admin' })
    emulator.addCollaborator(SAMPLE_REPOSITORY, 'reader', 'triage')
    expect(
      (await gh.rest.repos.getCollaboratorPermissionLevel({ ...o, username: 'reader' })).data.permission
    ).toBe('read')
    await expect(
      gh.rest.repos.getCollaboratorPermissionLevel({ ...o, username: 'stranger' })
    ).rejects.toMatchObject({ status: 404 })
    emulator.assertClean()
  })

  test('git refs, contents and pull requests', async () => {
    const gh = plainClient(emulator)
    const main = await gh.rest.git.getRef({ ...o, ref: 'heads/main' })
    const sha = main.data.object.sha
    expect(sha).toMatch(/^[0-9a-f]{40}$/)
    const created = await gh.rest.git.createRef({ ...o, ref: 'refs/heads/agent/1-amounts', sha })
    expect(created.status).toBe(201)
    await expect(
      gh.rest.git.createRef({ ...o, ref: 'refs/heads/agent/1-amounts', sha })
    ).rejects.toMatchObject({ status: 422 })
    const matching = await gh.rest.git.listMatchingRefs({ ...o, ref: 'heads/agent/' })
    expect(matching.data.map(r => r.ref)).toEqual(['refs/heads/agent/1-amounts'])
    expect((await gh.rest.git.getRef({ ...o, ref: 'heads/agent/1-amounts' })).data.object.sha).toBe(sha)

    const content = await gh.rest.repos.getContent({ ...o, path: '.github/workflows/ci.yml', ref: 'main' })
    const file = content.data as { content: string; encoding: string; type: string }
    expect(file.type).toBe('file')
    expect(Buffer.from(file.content, 'base64').toString()).toContain('workflow_dispatch:')
    const dir = await gh.rest.repos.getContent({ ...o, path: 'src' })
    expect((dir.data as Array<{ name: string }>).map(e => e.name)).toEqual([
      'ledger.js',
      'money.js',
      'settle.js'
    ])
    await expect(gh.rest.repos.getContent({ ...o, path: 'missing.txt' })).rejects.toMatchObject({
      status: 404
    })

    // A pull request needs commits between base and head.
    await expect(
      gh.rest.pulls.create({ ...o, head: 'agent/1-amounts', base: 'main', title: 'Fix' })
    ).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: 'No commits between main and agent/1-amounts'
            }
          ]
        }
      }
    })
    const next = await emulator.pushToDefault(SAMPLE_REPOSITORY, { 'NOTES.md': 'x\n' }, 'Notes')
    await gh.rest.git.updateRef({ ...o, ref: 'heads/agent/1-amounts', sha: next })
    await gh.rest.git.updateRef({ ...o, ref: 'heads/main', sha, force: true })
    const pr = await gh.rest.pulls.create({
      ...o,
      head: 'octo:agent/1-amounts',
      base: 'main',
      title: 'Fix amounts',
      body: 'Closes #1',
      draft: true
    })
    expect(pr.data).toMatchObject({
      title: 'Fix amounts',
      draft: true,
      state: 'open',
      head: { ref: 'agent/1-amounts', sha: next }
    })
    await expect(
      gh.rest.pulls.create({ ...o, head: 'agent/1-amounts', base: 'main', title: 'Again' })
    ).rejects.toMatchObject({ status: 422 })
    expect(
      (await gh.rest.pulls.list({ ...o, head: 'octo:agent/1-amounts' })).data.map(p => p.number)
    ).toEqual([pr.data.number])
    expect((await gh.rest.pulls.list({ ...o, head: 'octo:other' })).data).toEqual([])
    // A review with an inline comment on the diff, its comments, and a reply in the thread
    // (test/emulator/reviews.test.ts covers them in depth).
    const review = await gh.rest.pulls.createReview({
      ...o,
      pull_number: pr.data.number,
      event: 'COMMENT',
      comments: [{ path: 'NOTES.md', line: 1, body: 'Say more.' }]
    })
    const [thread] = (
      await gh.rest.pulls.listCommentsForReview({
        ...o,
        pull_number: pr.data.number,
        review_id: review.data.id
      })
    ).data
    await gh.rest.pulls.createReplyForReviewComment({
      ...o,
      pull_number: pr.data.number,
      comment_id: thread!.id,
      body: 'Will do.'
    })
    expect(
      (await gh.rest.pulls.listReviewComments({ ...o, pull_number: pr.data.number })).data.map(c => c.body)
    ).toEqual(['Say more.', 'Will do.'])
    const upd = await gh.rest.pulls.update({
      ...o,
      pull_number: pr.data.number,
      body: 'Closes #1, rebased',
      state: 'closed'
    })
    expect(upd.data).toMatchObject({ body: 'Closes #1, rebased', state: 'closed' })
    expect((await gh.rest.pulls.get({ ...o, pull_number: pr.data.number })).data.state).toBe('closed')
    await gh.rest.git.deleteRef({ ...o, ref: 'heads/agent/1-amounts' })
    await expect(gh.rest.git.getRef({ ...o, ref: 'heads/agent/1-amounts' })).rejects.toMatchObject({
      status: 404
    })
    emulator.assertClean()
  })

  test('git data: trees, commits and refs in any namespace, with compare-and-set; the commits of a branch', async () => {
    const gh = plainClient(emulator)
    const tree = await gh.rest.git.createTree({
      ...o,
      tree: [{ path: 'LEASE', mode: '100644', type: 'blob', content: 'lease\n' }]
    })
    expect(tree.data.tree.map(e => e.path)).toEqual(['LEASE'])
    const first = await gh.rest.git.createCommit({ ...o, message: 'one\n\nKey: 1\n', tree: tree.data.sha })
    expect(first.data).toMatchObject({ message: 'one\n\nKey: 1', parents: [], tree: { sha: tree.data.sha } })
    const second = await gh.rest.git.createCommit({
      ...o,
      message: 'two',
      tree: tree.data.sha,
      parents: [first.data.sha]
    })
    const got = await gh.rest.git.getCommit({ ...o, commit_sha: second.data.sha })
    expect(got.data.parents.map(p => p.sha)).toEqual([first.data.sha])
    await expect(
      gh.rest.git.createCommit({ ...o, message: 'x', tree: 'f'.repeat(40) })
    ).rejects.toMatchObject({
      status: 422
    })
    await expect(gh.rest.git.getCommit({ ...o, commit_sha: 'f'.repeat(40) })).rejects.toMatchObject({
      status: 404
    })

    // A ref outside heads/ and tags/, created only if absent and moved only by fast-forward.
    await gh.rest.git.createRef({ ...o, ref: 'refs/nightshift/lock/9', sha: first.data.sha })
    await expect(
      gh.rest.git.createRef({ ...o, ref: 'refs/nightshift/lock/9', sha: second.data.sha })
    ).rejects.toMatchObject({ status: 422, message: expect.stringContaining('Reference already exists') })
    await gh.rest.git.updateRef({ ...o, ref: 'nightshift/lock/9', sha: second.data.sha })
    await expect(
      gh.rest.git.updateRef({ ...o, ref: 'nightshift/lock/9', sha: first.data.sha })
    ).rejects.toMatchObject({ status: 422, message: expect.stringContaining('not a fast forward') })
    expect((await gh.rest.git.getRef({ ...o, ref: 'nightshift/lock/9' })).data.object.sha).toBe(
      second.data.sha
    )
    await expect(gh.rest.git.createRef({ ...o, ref: 'refs/x', sha: first.data.sha })).rejects.toMatchObject({
      status: 422
    })

    const commits = await gh.rest.repos.listCommits({ ...o, sha: 'main', per_page: 1 })
    expect(commits.data).toHaveLength(1)
    expect(commits.data[0]!.commit.message).toBeTruthy()
    await expect(gh.rest.repos.listCommits({ ...o, sha: 'agent/none' })).rejects.toMatchObject({
      status: 404
    })
    emulator.assertClean()
  })

  test('check runs: create, update with appended annotations, list for ref, limits', async () => {
    const gh = plainClient(emulator)
    const sha = (await gh.rest.git.getRef({ ...o, ref: 'heads/main' })).data.object.sha
    const run = await gh.rest.checks.create({
      ...o,
      name: 'nightshift',
      head_sha: sha,
      status: 'in_progress',
      output: { title: 'Working', summary: 'Attempt 1' }
    })
    expect(run.data).toMatchObject({
      status: 'in_progress',
      conclusion: null,
      output: { title: 'Working', annotations_count: 0 }
    })
    const annotation = (n: number) => ({
      path: 'src/money.js',
      start_line: n,
      end_line: n,
      annotation_level: 'failure' as const,
      message: `m${n}`
    })
    await gh.rest.checks.update({
      ...o,
      check_run_id: run.data.id,
      output: {
        title: 'Working',
        summary: 'A',
        annotations: Array.from({ length: 50 }, (_, i) => annotation(i + 1))
      }
    })
    const done = await gh.rest.checks.update({
      ...o,
      check_run_id: run.data.id,
      conclusion: 'failure',
      output: { title: 'Failed', summary: 'B', annotations: [annotation(51)] }
    })
    expect(done.data).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: { annotations_count: 51 }
    })
    const page2 = await gh.rest.checks.listAnnotations({
      ...o,
      check_run_id: run.data.id,
      per_page: 50,
      page: 2
    })
    expect(page2.data.map(a => a.message)).toEqual(['m51'])
    const all = await gh.paginate(gh.rest.checks.listAnnotations, {
      ...o,
      check_run_id: run.data.id,
      per_page: 20
    })
    expect(all).toHaveLength(51)
    const forRef = await gh.rest.checks.listForRef({ ...o, ref: 'main', check_name: 'nightshift' })
    expect(forRef.data.check_runs.map(c => c.id)).toEqual([run.data.id])
    expect((await gh.rest.checks.get({ ...o, check_run_id: run.data.id })).data.output.summary).toBe('B')
    emulator.assertClean()

    // GitHub's limits: 65,535 characters of summary, 50 annotations a request.
    await expect(
      gh.rest.checks.update({
        ...o,
        check_run_id: run.data.id,
        output: { title: 't', summary: 'x'.repeat(65536) }
      })
    ).rejects.toMatchObject({ status: 422 })
    await expect(
      gh.rest.checks.update({
        ...o,
        check_run_id: run.data.id,
        output: { title: 't', summary: 's', annotations: Array.from({ length: 51 }, (_, i) => annotation(i)) }
      })
    ).rejects.toMatchObject({ status: 422 })
    const v = emulator.takeViolations()
    expect(v.map(x => [x.kind, x.operationId])).toEqual([
      ['request', 'checks/update'],
      ['request', 'checks/update']
    ])
    expect(v[0]!.problems.join()).toMatch(/65535/)
    expect(v[1]!.problems.join()).toMatch(/50 items/)
  })

  test('every exchange is in the JSONL log, and every operation was served and validated', async () => {
    // The dispatch family is exercised in runner.test.ts; serve them here too so this file covers all.
    const gh = plainClient(emulator)
    const wf = await gh.rest.actions.listRepoWorkflows(o)
    expect(wf.data.workflows.map(w => [w.name, w.path])).toEqual([
      ['CI', '.github/workflows/ci.yml'],
      ['nightshift', '.github/workflows/nightshift.yml']
    ])
    const d = await gh.rest.actions.createWorkflowDispatch({
      ...o,
      workflow_id: 'ci.yml',
      ref: 'main',
      inputs: { 'nightshift-id': 'rest-1', scope: 'fast' },
      return_run_details: true
    } as never)
    const runId = (d.data as unknown as { workflow_run_id: number }).workflow_run_id
    await emulator.idle()
    await gh.rest.actions.getWorkflow({ ...o, workflow_id: wf.data.workflows[0]!.id })
    // The default token permissions need administration, which GITHUB_TOKEN never has; a PAT can read them.
    await expect(
      gh.rest.actions.getGithubActionsDefaultWorkflowPermissionsRepository(o)
    ).rejects.toMatchObject({
      status: 403
    })
    const admin = plainClient(
      emulator,
      emulator.addToken({ login: 'octo', scopes: { administration: 'read' } })
    )
    expect((await admin.rest.actions.getGithubActionsDefaultWorkflowPermissionsRepository(o)).data).toEqual({
      default_workflow_permissions: 'read',
      can_approve_pull_request_reviews: false
    })
    await gh.rest.actions.listWorkflowRuns({ ...o, workflow_id: 'ci.yml' })
    await gh.rest.actions.listWorkflowRunsForRepo(o)
    await gh.rest.actions.getWorkflowRun({ ...o, run_id: runId })
    const jobs = await gh.rest.actions.listJobsForWorkflowRun({ ...o, run_id: runId })
    await gh.rest.actions.getJobForWorkflowRun({ ...o, job_id: jobs.data.jobs[0]!.id })
    await gh.rest.actions.downloadJobLogsForWorkflowRun({ ...o, job_id: jobs.data.jobs[0]!.id })
    await expect(gh.rest.actions.cancelWorkflowRun({ ...o, run_id: runId })).rejects.toMatchObject({
      status: 409
    })
    const d2 = await gh.rest.actions.createWorkflowDispatch({ ...o, workflow_id: 'ci.yml', ref: 'main' })
    expect(d2.status).toBe(204)
    const runs = await gh.rest.actions.listWorkflowRuns({ ...o, workflow_id: 'ci.yml', per_page: 1 })
    expect(
      (await gh.rest.actions.cancelWorkflowRun({ ...o, run_id: runs.data.workflow_runs[0]!.id })).status
    ).toBe(202)
    await emulator.idle()
    // The cancelled run's jobs run again as its second attempt (rerun.test.ts checks what re-runs).
    const cancelled = runs.data.workflow_runs[0]!.id
    expect((await gh.rest.actions.reRunWorkflowFailedJobs({ ...o, run_id: cancelled })).status).toBe(201)
    await emulator.idle()
    expect((await gh.rest.actions.getWorkflowRun({ ...o, run_id: cancelled })).data).toMatchObject({
      run_attempt: 2,
      status: 'completed'
    })
    expect((await gh.rest.rateLimit.get()).data.rate.limit).toBe(1000)

    const log = exchanges()
    for (const e of log) expect(Object.keys(e)).toEqual(['method', 'path', 'status', 'request', 'response'])
    expect(log.find(e => e.method === 'POST' && e.path.endsWith('/comments'))).toMatchObject({
      status: 201,
      request: { body: 'Working on it' },
      response: { body: 'Working on it' }
    })
    const served = new Set<string>()
    const { matchRoute } = await import('./api-pipeline.js')
    for (const e of log) {
      const m = matchRoute(e.method, new URL(e.path, 'http://x').pathname)
      if (m && e.status < 400) served.add(m.operationId)
    }
    expect([...served].sort()).toEqual(Object.keys(openApiValidator().operations()).sort())
    emulator.assertClean()
  })

  test('the createClient of the action works unchanged', async () => {
    const gh = createClient({ token: emulator.token, baseUrl: emulator.apiUrl, retryBaseMs: 1 })
    expect((await gh.rest.repos.get(o)).data.default_branch).toBe('main')
  })
})
