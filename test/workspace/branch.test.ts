import { GuardError } from '../../src/errors.js'
import { agentPushRef } from '../../src/workspace/branch.js'

describe('agentPushRef', () => {
  it('allows plain branches under the prefix', () => {
    expect(agentPushRef('agent/42-fix-login', 'agent/')).toBe('refs/heads/agent/42-fix-login')
    expect(agentPushRef('agent/team/7_x.y', 'agent/')).toBe('refs/heads/agent/team/7_x.y')
  })

  // Each name tries to reach another ref, widen the refspec or force the push.
  it.each([
    ['main', /not under the agent prefix/],
    ['refs/heads/main', /not under the agent prefix/],
    ['agentx/1', /not under the agent prefix/],
    ['agent/', /bare prefix/],
    ['agent/1:refs/heads/main', /special/],
    ['+agent/1', /not under the agent prefix/],
    ['agent/+1', /special/],
    ['agent/1 main', /special/],
    ['agent/*', /special/],
    ['agent/1\nmain', /special/],
    ['agent/../main', /not a valid git branch name/],
    ['agent/x@{-1}', /not a valid git branch name/],
    ['agent//main', /not a valid git branch name/],
    ['agent/.hidden', /not a valid git branch name/],
    ['agent/-f', /not a valid git branch name/],
    ['agent/x.lock', /not a valid git branch name/],
    ['agent/x/', /not a valid git branch name/],
    ['agent/x.', /not a valid git branch name/]
  ])('refuses %j', (branch, reason) => {
    expect(() => agentPushRef(branch, 'agent/')).toThrow(GuardError)
    expect(() => agentPushRef(branch, 'agent/')).toThrow(reason)
  })

  it('refuses everything when the prefix itself is unusable', () => {
    expect(() => agentPushRef('main', '')).toThrow(/branch-prefix: "" is not a usable branch prefix/)
    // The target is always under refs/heads/, so even an odd prefix cannot name main itself.
    expect(agentPushRef('refs/heads/main', 'refs/')).toBe('refs/heads/refs/heads/main')
  })
})
