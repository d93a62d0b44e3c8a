import { startFixCi, type FixCiDeps } from '../../src/pr-work/fix-ci.js'
import type { FixCiTrigger } from '../../src/trigger/types.js'
import { failure, FakeCi, type CiStep } from '../loop/fakes.js'
import { FakeForge } from '../report/fake-forge.js'
import { issueData } from '../trigger/helpers.js'

const HEAD = 'c'.repeat(40)

function trigger(
  patch: Partial<FixCiTrigger['pullRequest']> = {},
  runId: number | null = null
): FixCiTrigger {
  return {
    kind: 'fix-ci',
    issue: issueData(5, { isPullRequest: true, title: 'Add the login page' }),
    requester: { login: 'boss', id: 1 },
    source: 'issue_comment',
    pullRequest: {
      number: 5,
      branch: 'feature/login',
      base: 'main',
      headSha: HEAD,
      authorCanWrite: true,
      ...patch
    },
    runId
  }
}

function deps(full: CiStep[], o: Partial<FixCiDeps> = {}) {
  // A run read by id (not dispatched here) is judged with the same steps.
  const ci = new FakeCi(full, full)
  const forge = new FakeForge()
  const d: FixCiDeps = {
    settings: { branchPrefix: 'agent/', fixCiPush: 'pull-request', command: '/nightshift' },
    forge,
    ci,
    log: () => undefined,
    branchesWithPrefix: async () => [],
    deadline: Date.now() + 60_000,
    defaultBranch: 'main',
    ...o
  }
  return { d, ci, forge }
}

describe('fix-ci before the loop', () => {
  it('judges the head with CI; its failures are the first feedback and the fix goes to its own branch', async () => {
    const { d, ci, forge } = deps([{ outcome: 'failure', failures: [failure('logs in')] }])
    const start = await startFixCi(trigger(), d)
    expect(ci.calls).toEqual(['preflight', 'dispatch feature/login full', 'wait 1 failure', 'failures 1'])
    expect(forge.comments).toEqual([])
    if (start.kind !== 'work') throw new Error(`expected work, got ${start.kind}`)
    expect(start.plan).toMatchObject({
      branch: 'agent/fix-5-add-the-login-page',
      baseBranch: 'feature/login',
      pullRequestBranch: null,
      notices: []
    })
    expect(start.plan.feedback).toContain(`CI failed on the pull request's head ${HEAD.slice(0, 7)}`)
    expect(start.plan.feedback).toContain('logs in')
  })

  it('reads the failed run an event named instead of dispatching, and continues an earlier fix branch', async () => {
    const { d, ci } = deps([{ outcome: 'failure' }], {
      branchesWithPrefix: async p => (p === 'agent/fix-5-' ? ['agent/fix-5-older-title'] : [])
    })
    const start = await startFixCi(trigger({}, 77), d)
    expect(ci.calls).toEqual(['preflight', 'wait 77 failure', 'failures 77'])
    expect(start).toMatchObject({ kind: 'work', plan: { branch: 'agent/fix-5-older-title' } })
  })

  it('answers a green head and fails an unjudged one, on the pull request, with no work', async () => {
    const green = deps([{ outcome: 'success' }])
    expect(await startFixCi(trigger(), green.d)).toMatchObject({ kind: 'done', outcome: 'answered' })
    expect(green.forge.comments[0]!.body).toContain('CI passed on ccccccc')
    const never = deps([{ outcome: 'never_started' }])
    expect(await startFixCi(trigger(), never.d)).toMatchObject({ kind: 'done', outcome: 'failed' })
    expect(never.forge.comments[0]!.body).toContain('CI gave no verdict on ccccccc (never_started)')
  })

  it("`branch` pushes to the pull request's branch only for a writer's, never the default branch, and keeps its text", async () => {
    const settings = { branchPrefix: 'agent/', fixCiPush: 'branch' as const, command: '/nightshift' }
    const own = await startFixCi(trigger(), deps([{ outcome: 'failure' }], { settings }).d)
    if (own.kind !== 'work') throw new Error('expected work')
    expect(own.plan).toMatchObject({
      branch: 'feature/login',
      pullRequestBranch: 'feature/login',
      notices: []
    })
    await own.plan.forge.updatePullRequest(5, { title: 'nightshift title' })
    // The fake knows no pull request 6: the call reaching it is what counts.
    await own.plan.forge.updatePullRequest(6, { title: 'another' }).catch(() => undefined)
    const forge = own.plan.forge as FakeForge
    expect(forge.callsTo('updatePullRequest')).toEqual([[6, { title: 'another' }]])

    const reader = await startFixCi(
      trigger({ authorCanWrite: false }),
      deps([{ outcome: 'failure' }], { settings }).d
    )
    expect(reader).toMatchObject({
      kind: 'work',
      plan: { pullRequestBranch: null, branch: 'agent/fix-5-add-the-login-page' }
    })
    if (reader.kind === 'work') expect(reader.plan.notices[0]).toContain('has no write access')
    const fromMain = await startFixCi(
      trigger({ branch: 'main' }),
      deps([{ outcome: 'failure' }], { settings }).d
    )
    expect(fromMain).toMatchObject({ kind: 'work', plan: { pullRequestBranch: null } })
    if (fromMain.kind === 'work') expect(fromMain.plan.notices[0]).toContain('never pushes to')
  })
})
