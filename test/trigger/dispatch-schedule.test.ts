import { decide, describeDecision } from '../../src/trigger/decide.js'
import type { Decision } from '../../src/trigger/types.js'
import { FakeTriggerApi, issueData, options, payload, user } from './helpers.js'

function api(): FakeTriggerApi {
  const fake = new FakeTriggerApi()
  // The workflow_dispatch example's sender is octocat; the repository_dispatch one's is Codertocat.
  fake.permissions = { octocat: 'admin', Codertocat: 'write', maint: 'maintain', reader: 'read' }
  fake.issues[42] = issueData(42)
  fake.labelledBy[42] = { login: 'maint', type: 'User' }
  return fake
}

const dispatch = (inputs: Record<string, unknown>, patches: Record<string, unknown> = {}) => ({
  name: 'workflow_dispatch',
  payload: payload('workflow_dispatch', undefined, { inputs, ...patches })
})
const repoDispatch = (clientPayload: Record<string, unknown>, patches: Record<string, unknown> = {}) => ({
  name: 'repository_dispatch',
  payload: payload('repository_dispatch', 'on-demand-test', { client_payload: clientPayload, ...patches })
})

function ignoredCode(d: Decision): string {
  if (d.kind !== 'ignored') throw new Error(`expected ignored, got ${d.kind}`)
  return d.code
}

describe('workflow_dispatch', () => {
  it('runs the issue named by the `issue` input, as a string, "#42" or a number', async () => {
    for (const issue of ['42', '#42', ' 42 ', 42]) {
      const fake = api()
      const d = await decide(dispatch({ issue }), options, fake)
      expect(d).toMatchObject({
        kind: 'run',
        issue: { number: 42 },
        requester: { login: 'octocat' },
        force: false,
        source: 'workflow_dispatch'
      })
      expect(fake.calls).toEqual([
        'permission(octocat)',
        'issue(42)',
        'labelAppliedBy(42,agent-ok)',
        'permission(maint)'
      ])
    }
  })

  it('reads `force` as the string GitHub delivers, or a boolean', async () => {
    expect(await decide(dispatch({ issue: '42', force: 'true' }), options, api())).toMatchObject({
      force: true
    })
    expect(await decide(dispatch({ issue: '42', force: false }), options, api())).toMatchObject({
      force: false
    })
  })

  it('still needs the trusted label: force only overrides the classifier', async () => {
    const fake = api()
    fake.issues[42] = issueData(42, { labels: ['bug'] })
    expect(ignoredCode(await decide(dispatch({ issue: '42', force: 'true' }), options, fake))).toBe(
      'label-missing'
    )
  })

  it('ignores a missing issue, a pull request, a closed issue, a reader and a bot sender', async () => {
    const fake = api()
    fake.issues[5] = issueData(5, { isPullRequest: true })
    fake.issues[6] = issueData(6, { state: 'closed' })
    expect(ignoredCode(await decide(dispatch({ issue: '404' }), options, fake))).toBe('not-found')
    expect(ignoredCode(await decide(dispatch({ issue: '5' }), options, fake))).toBe('pull-request')
    expect(ignoredCode(await decide(dispatch({ issue: '6' }), options, fake))).toBe('closed')
    expect(
      ignoredCode(await decide(dispatch({ issue: '42' }, { sender: user('reader') }), options, fake))
    ).toBe('no-permission')
    expect(
      ignoredCode(
        await decide(dispatch({ issue: '42' }, { sender: user('deploy[bot]', 'Bot') }), options, fake)
      )
    ).toBe('bot-actor')
  })

  it('drains the queue when no issue is given: a manual run of the queue workflow', async () => {
    for (const inputs of [{}, { issue: '' }]) {
      const fake = api()
      const d = await decide(dispatch(inputs), options, fake)
      expect(d).toMatchObject({ kind: 'queue', issues: [42], source: 'workflow_dispatch' })
      expect(fake.calls[0]).toBe('permission(octocat)')
    }
    const reader = api()
    expect(ignoredCode(await decide(dispatch({}, { sender: user('reader') }), options, reader))).toBe(
      'no-permission'
    )
    expect(reader.calls).toEqual(['permission(reader)'])
  })

  it("runs the `issue` action input (the queue's matrix job) even when the dispatch names none", async () => {
    const fake = api()
    fake.issues[7] = issueData(7)
    fake.labelledBy[7] = { login: 'maint', type: 'User' }
    expect(await decide(dispatch({}), { ...options, issue: 7 }, fake)).toMatchObject({
      kind: 'run',
      issue: { number: 7 },
      source: 'workflow_dispatch'
    })
  })

  it.each([
    [{ issue: 'abc' }, /"inputs.issue" is "abc" \(string\); expected an issue number such as 42/],
    [{ issue: '-3' }, /"-3"/],
    [{ issue: '4.5' }, /"4.5"/],
    [{ issue: '0' }, /"0"/],
    [{ issue: '42', force: 'yes' }, /"inputs.force" is "yes" \(string\); expected true or false/]
  ])('throws PayloadError for inputs %j', async (inputs, message) => {
    const fake = api()
    await expect(decide(dispatch(inputs), options, fake)).rejects.toMatchObject({
      name: 'PayloadError',
      message: expect.stringMatching(message)
    })
    expect(fake.calls).toEqual([])
  })
})

describe('repository_dispatch', () => {
  it('runs an issue by number', async () => {
    expect(await decide(repoDispatch({ issue: 42 }), options, api())).toMatchObject({
      kind: 'run',
      source: 'repository_dispatch',
      requester: { login: 'Codertocat' }
    })
  })

  it('turns a title and body into a ticket, with optional labels and force', async () => {
    const fake = api()
    const d = await decide(
      repoDispatch({
        title: ' Export fails for empty reports ',
        body: 'From ticket OPS-1432.',
        labels: ['bug'],
        force: true
      }),
      options,
      fake
    )
    expect(d).toEqual({
      kind: 'ticket',
      ticket: { title: 'Export fails for empty reports', body: 'From ticket OPS-1432.', labels: ['bug'] },
      requester: { login: 'Codertocat', id: 21031067 },
      force: true,
      source: 'repository_dispatch'
    })
    expect(fake.calls).toEqual(['permission(Codertocat)'])
    expect(describeDecision(d)).toBe('New ticket "Export fails for empty reports" from @Codertocat (forced).')
  })

  it('refuses a ticket from a reader or a bot', async () => {
    expect(
      ignoredCode(
        await decide(repoDispatch({ title: 't', body: 'b' }, { sender: user('reader') }), options, api())
      )
    ).toBe('no-permission')
    expect(
      ignoredCode(
        await decide(repoDispatch({ title: 't', body: 'b' }, { sender: user('zapier[bot]') }), options, api())
      )
    ).toBe('bot-actor')
  })

  it.each([
    [{}, /"client_payload.issue" is missing; expected an issue number, or "title" and "body"/],
    [{ issue: 42, title: 'x', body: 'y' }, /not both/],
    [{ issue: 'forty-two' }, /"client_payload.issue" is "forty-two"/],
    [{ issue: true }, /"client_payload.issue" is true \(boolean\)/],
    [{ title: 'No body' }, /"client_payload.body" is missing; expected a string/],
    [{ title: '   ', body: 'b' }, /"client_payload.title" is " {3}" \(string\); expected a non-empty title/],
    [{ title: 'x'.repeat(257), body: 'b' }, /at most 256 characters/],
    [{ title: 't', body: 7 }, /"client_payload.body" is 7 \(number\)/],
    [
      { title: 't', body: 'b', labels: 'bug' },
      /"client_payload.labels" is "bug" \(string\); expected an array/
    ],
    [{ title: 't', body: 'b', labels: [1] }, /"client_payload.labels\[0\]" is 1/]
  ])('throws PayloadError for client_payload %j', async (clientPayload, message) => {
    await expect(decide(repoDispatch(clientPayload), options, api())).rejects.toMatchObject({
      name: 'PayloadError',
      message: expect.stringMatching(message)
    })
  })

  it('throws when client_payload is missing', async () => {
    await expect(decide(repoDispatch({}, { client_payload: undefined }), options, api())).rejects.toThrow(
      /Malformed repository_dispatch event: "client_payload" is missing; expected an object/
    )
  })
})

describe('schedule', () => {
  const scheduleEvent = {
    name: 'schedule',
    payload: { schedule: '17 3 * * *', workflow: '.github/workflows/nightshift.yml' }
  }

  function queueApi(): FakeTriggerApi {
    const fake = new FakeTriggerApi()
    fake.permissions = { maint: 'maintain', reader: 'read' }
    for (let n = 10; n <= 18; n++) {
      fake.issues[n] = issueData(n, { createdAt: `2026-03-${30 - n}T08:00:00Z` })
      fake.labelledBy[n] = { login: 'maint', type: 'User' }
    }
    fake.issues[99] = issueData(99, { labels: ['bug'] })
    return fake
  }

  it('queues the oldest labelled issues without branch or PR, up to the limit', async () => {
    const fake = queueApi()
    fake.branches = ['agent/18-old-work', 'agent/notanissue', 'main-agent/17-x']
    fake.prBranches = ['agent/17-fix-it']
    fake.labelledBy[16] = { login: 'reader', type: 'User' }
    fake.labelledBy[15] = { login: 'labeler[bot]', type: 'Bot' }
    const d = await decide(scheduleEvent, { ...options, queueLimit: 3 }, fake)
    // Oldest first: #18 was opened first (2026-03-12), #10 last (2026-03-20).
    expect(d).toEqual({
      kind: 'queue',
      source: 'schedule',
      issues: [14, 13, 12],
      skipped: [
        { issue: 18, reason: 'has an agent branch' },
        { issue: 17, reason: 'has an open agent pull request' },
        { issue: 16, reason: expect.stringContaining('@reader, whose permission is "read"') },
        { issue: 15, reason: expect.stringContaining('bot account "labeler[bot]"') },
        { issue: 11, reason: 'the queue limit (3) was reached' },
        { issue: 10, reason: 'the queue limit (3) was reached' }
      ]
    })
    // One permission call per labeller, and no label lookups once the queue is full.
    expect(fake.calls.filter(c => c.startsWith('permission'))).toEqual([
      'permission(reader)',
      'permission(maint)'
    ])
    expect(fake.calls).not.toContain('labelAppliedBy(11,agent-ok)')
    expect(describeDecision(d)).toBe('Queued 3 issue(s): #14, #13, #12.')
  })

  it('returns an empty queue when nothing waits', async () => {
    const fake = new FakeTriggerApi()
    const d = await decide(scheduleEvent, options, fake)
    expect(d).toEqual({ kind: 'queue', source: 'schedule', issues: [], skipped: [] })
    expect(describeDecision(d)).toBe('Nothing to queue.')
  })

  it('runs one queued issue (the matrix job) with the labeller as requester, gated again', async () => {
    const fake = queueApi()
    expect(await decide(scheduleEvent, { ...options, issue: 12 }, fake)).toMatchObject({
      kind: 'run',
      source: 'schedule',
      issue: { number: 12 },
      requester: { login: 'maint' },
      force: false
    })
    fake.issues[13] = issueData(13, { labels: [] })
    expect(ignoredCode(await decide(scheduleEvent, { ...options, issue: 13 }, fake))).toBe('label-missing')
    fake.issues[14] = issueData(14, { state: 'closed' })
    expect(ignoredCode(await decide(scheduleEvent, { ...options, issue: 14 }, fake))).toBe('closed')
    fake.labelledBy[12] = { login: 'reader', type: 'User' }
    expect(ignoredCode(await decide(scheduleEvent, { ...options, issue: 12 }, fake))).toBe(
      'label-not-trusted'
    )
  })
})

describe('events the action does not handle, and malformed payloads', () => {
  it.each(['push', 'pull_request', 'check_run', ''])('throws PayloadError for a "%s" event', async name => {
    await expect(decide({ name, payload: {} }, options, api())).rejects.toMatchObject({
      name: 'PayloadError',
      message: expect.stringMatching(
        /does not handle .* events; expected one of issues, issue_comment, workflow_dispatch/
      )
    })
  })

  it.each([null, 'text', [1, 2]])('throws PayloadError for a payload that is %j', async p => {
    await expect(decide({ name: 'issues', payload: p }, options, api())).rejects.toThrow(
      /Malformed issues event: the payload is/
    )
  })

  it.each([
    ['issues', 'assigned', { action: undefined }, /"action" is missing; expected a string/],
    ['issues', 'assigned', { action: 7 }, /"action" is 7 \(number\)/],
    ['issues', 'assigned', { issue: undefined }, /"issue" is missing; expected an object/],
    [
      'issues',
      'assigned',
      { 'issue.number': '1' },
      /"issue.number" is "1" \(string\); expected a positive whole number/
    ],
    [
      'issues',
      'assigned',
      { 'issue.labels': 'agent-ok' },
      /"issue.labels" is "agent-ok" \(string\); expected an array/
    ],
    ['issues', 'assigned', { 'issue.labels': [{ id: 1 }] }, /"issue.labels\[0\].name" is missing/],
    [
      'issues',
      'assigned',
      { 'issue.state': 'locked' },
      /"issue.state" is "locked" \(string\); expected "open" or "closed"/
    ],
    ['issues', 'assigned', { 'issue.title': null }, /"issue.title" is null; expected a string/],
    ['issues', 'assigned', { sender: undefined }, /"sender" is missing; expected an object/],
    ['issues', 'assigned', { assignee: undefined }, /"assignee" is missing/],
    ['issues', 'labeled', { label: undefined }, /"label" is missing; expected an object/],
    ['issues', 'labeled', { 'sender.login': 5 }, /"sender.login" is 5 \(number\)/],
    [
      'issue_comment',
      'created',
      { comment: undefined },
      /Malformed issue_comment event: "comment" is missing/
    ],
    ['issue_comment', 'created', { 'comment.body': 42 }, /"comment.body" is 42 \(number\)/],
    ['issue_comment', 'created', { 'comment.user': undefined }, /"comment.user" is missing/],
    [
      'issue_comment',
      'created',
      { 'issue.assignees': [{ id: 3 }] },
      /"issue.assignees\[0\].login" is missing/
    ]
  ])('%s.%s with %j throws PayloadError', async (event, action, patches, message) => {
    const fake = api()
    fake.permissions.Codertocat = 'admin'
    const p = payload(event, action, {
      'issue.labels': [{ name: 'agent-ok' }],
      label: { name: 'agent-ok' },
      'comment.body': '/nightshift run',
      ...patches
    })
    await expect(decide({ name: event, payload: p }, options, fake)).rejects.toMatchObject({
      name: 'PayloadError',
      message: expect.stringMatching(message)
    })
    expect(fake.calls).toEqual([])
  })
})
