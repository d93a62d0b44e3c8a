import { GitError, GuardError } from '../../src/errors.js'
import { agentPushRef, pushRejection, PushRejectedError } from '../../src/workspace/branch.js'

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

describe('pushRejection', () => {
  const failed = (stderr: string) => new GitError('git push failed', ['push'], 1, stderr)

  it('names two pushes racing for the branch ("cannot lock ref") as a moved branch', () => {
    // What receive-pack answers when another push holds the ref's lock or moved it under ours.
    const stderr = [
      'To http://127.0.0.1:4000/octo/tinyledger.git',
      " ! [remote rejected] 5afdb93f -> agent/1-x (cannot lock ref 'refs/heads/agent/1-x': is at 4f89a977 but expected 1c2d3e4f)",
      "error: failed to push some refs to 'http://127.0.0.1:4000/octo/tinyledger.git'"
    ].join('\n')
    const e = pushRejection(failed(stderr), 'agent/1-x')
    expect(e).toBeInstanceOf(PushRejectedError)
    expect(e.reason).toBe('rejected')
    expect(e.message).toMatch(/lost a race: another push updated the branch at the same moment/)
    expect(e.message).not.toMatch(/failed: git push failed/)
  })

  it('keeps the other causes apart', () => {
    expect(pushRejection(failed(' ! [rejected] HEAD -> agent/1-x (fetch first)'), 'agent/1-x').reason).toBe(
      'rejected'
    )
    expect(pushRejection(failed('fatal: Authentication failed for'), 'agent/1-x').reason).toBe('auth')
    expect(pushRejection(failed('fatal: the remote end hung up unexpectedly'), 'agent/1-x').reason).toBe(
      'other'
    )
  })
})
