/**
 * The complete workflow's job `if:` and concurrency group, evaluated by GitHub's own expression
 * evaluator on real webhook payloads: which events start a runner, and which loop group they join.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { evaluateCondition, evaluateSync, type Value } from './emulator/expressions.js'
import { payload } from './trigger/helpers.js'

const wf = parse(readFileSync('examples/nightshift.yml', 'utf8')) as {
  concurrency: { group: string }
  jobs: { nightshift: { if: string } }
}
const condition = wf.jobs.nightshift.if

function github(event: string, p: Record<string, unknown>): Record<string, Value> {
  return { github: { event_name: event, event: p as Value, run_id: '42' }, inputs: {} }
}

const runs = (event: string, p: Record<string, unknown>) =>
  evaluateCondition(condition, { contexts: github(event, p) })

/** The group as GitHub computes it: the `${{ }}` parts of the block scalar, evaluated. */
function groupOf(event: string, p: Record<string, unknown>): string {
  return wf.concurrency.group.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e: string) =>
    String(evaluateSync(e, github(event, p)))
  )
}

describe('the workflow events', () => {
  it('starts a runner for a review requesting changes, not for an approval or a plain comment review', async () => {
    const asked = payload('pull_request_review', 'submitted', { 'review.state': 'changes_requested' })
    expect(await runs('pull_request_review', asked)).toBe(true)
    expect(
      await runs(
        'pull_request_review',
        payload('pull_request_review', 'submitted', { 'review.state': 'approved' })
      )
    ).toBe(false)
    const command = payload('pull_request_review', 'submitted', { 'review.body': '/nightshift tidy up' })
    expect(await runs('pull_request_review', command)).toBe(true)
    expect(groupOf('pull_request_review', asked)).toBe(
      `nightshift-${String((asked.pull_request as { number: number }).number)}-loop`
    )
  })

  it('runs for a review comment only when it is a command by a person', async () => {
    expect(
      await runs(
        'pull_request_review_comment',
        payload('pull_request_review_comment', 'created', { 'comment.body': 'nit' })
      )
    ).toBe(false)
    expect(
      await runs(
        'pull_request_review_comment',
        payload('pull_request_review_comment', 'created', { 'comment.body': '/nightshift x' })
      )
    ).toBe(true)
  })

  it('runs for a failed CI run on a pull request, in that pull request’s group; not for a green run or one without', async () => {
    const pulls = [{ number: 9, head: { ref: 'x', sha: 'a' }, base: { ref: 'main' } }]
    const failed = payload('workflow_run', 'completed', {
      'workflow_run.conclusion': 'failure',
      'workflow_run.pull_requests': pulls
    })
    expect(await runs('workflow_run', failed)).toBe(true)
    expect(groupOf('workflow_run', failed)).toBe('nightshift-9-loop')
    expect(
      await runs('workflow_run', {
        ...failed,
        workflow_run: { ...(failed.workflow_run as object), conclusion: 'success' }
      })
    ).toBe(false)
    expect(
      await runs(
        'workflow_run',
        payload('workflow_run', 'completed', {
          'workflow_run.conclusion': 'failure',
          'workflow_run.pull_requests': []
        })
      )
    ).toBe(false)
  })

  it('keeps the issue events and comment commands as they were', async () => {
    expect(await runs('issues', payload('issues', 'assigned'))).toBe(true)
    expect(
      await runs('issue_comment', payload('issue_comment', 'created', { 'comment.body': '/nightshift run' }))
    ).toBe(true)
    expect(
      await runs('issue_comment', payload('issue_comment', 'created', { 'comment.body': 'thanks' }))
    ).toBe(false)
    expect(
      groupOf('issue_comment', payload('issue_comment', 'created', { 'comment.body': '/nightshift status' }))
    ).toBe(
      `nightshift-${String((payload('issue_comment', 'created').issue as { number: number }).number)}-42`
    )
  })
})
