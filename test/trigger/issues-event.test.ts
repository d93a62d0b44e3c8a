import { decide } from '../../src/trigger/decide.js'
import type { Decision } from '../../src/trigger/types.js'
import { FakeTriggerApi, label, options, payload, user } from './helpers.js'

const labelled = [label('bug'), label('agent-ok')]

function writerApi(): FakeTriggerApi {
  const api = new FakeTriggerApi()
  api.permissions = {
    Codertocat: 'write',
    maint: 'maintain',
    boss: 'admin',
    reader: 'read',
    triager: 'triage'
  }
  return api
}

function expectIgnored(d: Decision, code: string): string {
  expect(d.kind).toBe('ignored')
  if (d.kind !== 'ignored') throw new Error('unreachable')
  expect(d.code).toBe(code)
  expect(d.reason).not.toMatch(/\n/)
  return d.reason
}

describe('issues.assigned', () => {
  it('runs a labelled issue assigned by a writer, when a writer applied the label', async () => {
    const api = writerApi()
    api.labelledBy[1] = { login: 'maint', type: 'User' }
    const d = await decide(
      { name: 'issues', payload: payload('issues', 'assigned', { 'issue.labels': labelled }) },
      options,
      api
    )
    expect(d).toMatchObject({
      kind: 'run',
      force: false,
      source: 'issues.assigned',
      requester: { login: 'Codertocat', id: 21031067 },
      issue: {
        number: 1,
        labels: ['bug', 'agent-ok'],
        assignees: ['Codertocat'],
        state: 'open',
        isPullRequest: false
      }
    })
    expect(api.calls).toEqual(['permission(Codertocat)', 'labelAppliedBy(1,agent-ok)', 'permission(maint)'])
  })

  it('saves the second permission call when the assigner applied the label', async () => {
    const api = writerApi()
    api.labelledBy[1] = { login: 'codertocat', type: 'User' }
    const d = await decide(
      { name: 'issues', payload: payload('issues', 'assigned', { 'issue.labels': labelled }) },
      options,
      api
    )
    expect(d.kind).toBe('run')
    expect(api.calls).toEqual(['permission(Codertocat)', 'labelAppliedBy(1,agent-ok)'])
  })

  it('matches the label case-insensitively', async () => {
    const api = writerApi()
    api.labelledBy[1] = { login: 'Codertocat', type: 'User' }
    const p = payload('issues', 'assigned', { 'issue.labels': [label('Agent-OK')] })
    expect((await decide({ name: 'issues', payload: p }, options, api)).kind).toBe('run')
  })

  it('ignores an issue without the label, with no API call', async () => {
    const api = writerApi()
    const reason = expectIgnored(
      await decide({ name: 'issues', payload: payload('issues', 'assigned') }, options, api),
      'label-missing'
    )
    expect(reason).toContain('"agent-ok"')
    expect(api.calls).toEqual([])
  })

  it('ignores a label applied by a reader, a triager, a bot, or nobody found', async () => {
    const cases: [Record<number, { login: string; type: string }>, RegExp][] = [
      [{ 1: { login: 'reader', type: 'User' } }, /@reader, whose permission is "read"/],
      [{ 1: { login: 'triager', type: 'User' } }, /@triager, whose permission is "triage"/],
      [{ 1: { login: 'renovate[bot]', type: 'Bot' } }, /bot account "renovate\[bot\]"/],
      [{ 1: { login: 'sneaky', type: 'Bot' } }, /bot account "sneaky"/],
      [{}, /no "labeled" event/]
    ]
    for (const [labelledBy, expected] of cases) {
      const api = writerApi()
      api.labelledBy = labelledBy
      const d = await decide(
        { name: 'issues', payload: payload('issues', 'assigned', { 'issue.labels': labelled }) },
        options,
        api
      )
      expect(expectIgnored(d, 'label-not-trusted')).toMatch(expected)
    }
  })

  it('ignores an assigner without write permission before looking at the label', async () => {
    const api = writerApi()
    const p = payload('issues', 'assigned', { 'issue.labels': labelled, sender: user('triager') })
    const reason = expectIgnored(await decide({ name: 'issues', payload: p }, options, api), 'no-permission')
    expect(reason).toContain('@triager')
    expect(reason).toContain('"triage"')
    expect(api.calls).toEqual(['permission(triager)'])
  })

  it('treats a user the permission API does not know as "none"', async () => {
    const api = writerApi()
    const p = payload('issues', 'assigned', { 'issue.labels': labelled, sender: user('stranger') })
    expect(
      expectIgnored(await decide({ name: 'issues', payload: p }, options, api), 'no-permission')
    ).toContain('"none"')
  })

  it('ignores bots by login suffix and by account type, with no API call', async () => {
    for (const sender of [
      user('github-actions[bot]', 'Bot'),
      user('dependabot[bot]'),
      user('ci-helper', 'Bot')
    ]) {
      const api = writerApi()
      api.permissions[sender.login] = 'admin'
      const p = payload('issues', 'assigned', { 'issue.labels': labelled, sender })
      expectIgnored(await decide({ name: 'issues', payload: p }, options, api), 'bot-actor')
      expect(api.calls).toEqual([])
    }
  })

  it('honours the assignee option (case-insensitive) and refuses other assignees', async () => {
    const api = writerApi()
    api.labelledBy[1] = { login: 'Codertocat', type: 'User' }
    const p = payload('issues', 'assigned', { 'issue.labels': labelled, assignee: user('nightshift-agent') })
    const d = await decide({ name: 'issues', payload: p }, { ...options, assignee: 'Nightshift-Agent' }, api)
    expect(d.kind).toBe('run')
    const other = payload('issues', 'assigned', { 'issue.labels': labelled })
    const reason = expectIgnored(
      await decide({ name: 'issues', payload: other }, { ...options, assignee: 'nightshift-agent' }, api),
      'assignee-mismatch'
    )
    expect(reason).toContain('@Codertocat, not to @nightshift-agent')
  })

  it('ignores a closed issue and a pull request', async () => {
    const api = writerApi()
    const closed = payload('issues', 'assigned', { 'issue.labels': labelled, 'issue.state': 'closed' })
    expectIgnored(await decide({ name: 'issues', payload: closed }, options, api), 'closed')
    const pr = payload('issues', 'assigned', { 'issue.labels': labelled, 'issue.pull_request': { url: 'x' } })
    expectIgnored(await decide({ name: 'issues', payload: pr }, options, api), 'pull-request')
    expect(api.calls).toEqual([])
  })
})

describe('issues.labeled', () => {
  const added = { label: label('agent-ok'), 'issue.labels': labelled }

  it('runs when the trigger label is added to an assigned issue (the labeller is the sender)', async () => {
    const api = writerApi()
    const d = await decide({ name: 'issues', payload: payload('issues', 'labeled', added) }, options, api)
    expect(d).toMatchObject({ kind: 'run', source: 'issues.labeled', requester: { login: 'Codertocat' } })
    expect(api.calls).toEqual(['permission(Codertocat)'])
  })

  it('ignores another label', async () => {
    const api = writerApi()
    const reason = expectIgnored(
      await decide({ name: 'issues', payload: payload('issues', 'labeled') }, options, api),
      'other-label'
    )
    expect(reason).toContain('labelled "bug", not "agent-ok"')
    expect(api.calls).toEqual([])
  })

  it('waits for an assignment: unassigned, or not assigned to the configured assignee', async () => {
    const api = writerApi()
    const unassigned = payload('issues', 'labeled', {
      ...added,
      'issue.assignees': [],
      'issue.assignee': null
    })
    expect(
      expectIgnored(await decide({ name: 'issues', payload: unassigned }, options, api), 'not-assigned')
    ).toContain('not assigned to anyone yet')
    const elsewhere = payload('issues', 'labeled', added)
    const reason = expectIgnored(
      await decide({ name: 'issues', payload: elsewhere }, { ...options, assignee: 'nightshift-agent' }, api),
      'not-assigned'
    )
    expect(reason).toContain('@nightshift-agent')
    expect(api.calls).toEqual([])
  })

  it('refuses a labeller without write permission', async () => {
    const api = writerApi()
    const p = payload('issues', 'labeled', { ...added, sender: user('reader') })
    expectIgnored(await decide({ name: 'issues', payload: p }, options, api), 'no-permission')
  })

  it('ignores other issue actions without an error', async () => {
    for (const action of ['opened', 'edited', 'unlabeled', 'unassigned', 'closed']) {
      const api = writerApi()
      const p = payload('issues', action === 'closed' ? 'opened' : action, { action })
      expect(
        expectIgnored(await decide({ name: 'issues', payload: p }, options, api), 'unhandled-action')
      ).toContain(`issues.${action}`)
      expect(api.calls).toEqual([])
    }
  })
})
