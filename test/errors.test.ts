import { ConfigError, errorMessage, GitError } from '../src/errors.js'

describe('errorMessage', () => {
  it('reads Error, string, object and undefined values', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom')
    expect(errorMessage('plain')).toBe('plain')
    expect(errorMessage({ code: 7 })).toBe('{"code":7}')
    expect(errorMessage(undefined)).toBe('undefined')
  })

  it('names typed errors and lists every config problem', () => {
    const e = new ConfigError([
      'max-attempts: "x" is not a whole number',
      'agent: "y" is not builtin or command'
    ])
    expect(e.name).toBe('ConfigError')
    expect(e.message).toContain('Invalid inputs:')
    expect(e.message).toContain('- agent:')
    const g = new GitError('push failed', ['push'], 1, 'denied')
    expect(g.name).toBe('GitError')
    expect(g.exitCode).toBe(1)
  })
})
