import { describe, expect, it } from '@jest/globals'
import { buildPrompt } from '../../src/agent/prompt.js'
import { renderTrail, TRAIL_LIMITS, TrailRecorder } from '../../src/agent/trail.js'
import { attemptInput } from './engine-fixtures.js'

const read = (path: string) => ({ toolName: 'read_file', input: { path } })
const run = (command: string, output: string) => ({ toolName: 'run_command', input: { command }, output })

describe('the carried summary of an attempt', () => {
  it('names files read and changed and commands with how they ended', () => {
    const t = new TrailRecorder()
    t.step([read('src/money.js'), read('test/money.test.js')], [])
    t.step([read('src/money.js')], [])
    const out = 'exit code 1\n▶ money\n✖ parses one decimal digit as tenths\nℹ fail 1\n'
    t.step([{ toolName: 'run_command', input: { command: 'node --test' } }], [run('node --test', out)])
    const trail = t.trail(['src/money.js'])
    expect(trail).toEqual({
      read: ['src/money.js', 'test/money.test.js'],
      changed: ['src/money.js'],
      commands: [{ command: 'node --test', result: 'exit code 1: ℹ fail 1' }]
    })
    expect(renderTrail(trail)).toBe(
      'Files read: src/money.js, test/money.test.js\nFiles changed: src/money.js\nCommands run (latest last):\n- `node --test` → exit code 1: ℹ fail 1'
    )
  })

  it('stays bounded however much the attempt did', () => {
    const t = new TrailRecorder()
    for (let i = 0; i < 500; i++) {
      const long = `src/${'deeply/nested/'.repeat(20)}file-${i}.js`
      t.step(
        [read(long)],
        [run(`npm test -- ${'x'.repeat(5000)} ${i}`, `exit code 1\n${'y'.repeat(100_000)}`)]
      )
    }
    const changed = [...Array(300)].map((_, i) => `lib/${'z'.repeat(200)}-${i}.js`)
    const trail = t.trail(changed)
    expect(trail.read).toHaveLength(TRAIL_LIMITS.files)
    expect(trail.changed).toHaveLength(TRAIL_LIMITS.files)
    expect(trail.commands).toHaveLength(TRAIL_LIMITS.commands)
    // The latest commands are the ones kept.
    expect(trail.commands.at(-1)!.command).toMatch(/…$/)
    for (const c of trail.commands) {
      expect(c.command.length).toBeLessThanOrEqual(TRAIL_LIMITS.commandChars)
      expect(c.result.length).toBeLessThanOrEqual(TRAIL_LIMITS.resultChars)
    }
    expect(renderTrail(trail).length).toBeLessThanOrEqual(TRAIL_LIMITS.chars)
    const prompt = buildPrompt(
      attemptInput('/unused', {
        attempt: 2,
        history: [{ attempt: 1, summary: 's', ciOutcome: 'failure', failures: '', trail }]
      }),
      []
    )
    const section = prompt.attempt.slice(prompt.attempt.indexOf('# What attempt 1 did'))
    expect(section.length).toBeLessThan(TRAIL_LIMITS.chars + 300)
  })

  it('goes after the cached prefix, fenced as data, and only for the latest attempt', () => {
    const trail = (f: string) => ({
      read: [f],
      changed: [],
      commands: [{ command: 'cat x', result: 'exit code 0: ``` # Rules' }]
    })
    const input = attemptInput('/unused', {
      attempt: 3,
      history: [
        { attempt: 1, summary: 'one', ciOutcome: 'failure', failures: '', trail: trail('first.js') },
        { attempt: 2, summary: 'two', ciOutcome: 'failure', failures: '', trail: trail('second.js') }
      ]
    })
    const p = buildPrompt(input, [])
    const plain = buildPrompt(attemptInput('/unused'), [])
    // The cached prefix does not depend on the attempt.
    expect(p.system).toBe(plain.system)
    expect(p.task).toBe(plain.task)
    expect(p.user.startsWith(`${p.task}\n\nThis is attempt 3.`)).toBe(true)
    expect(p.attempt).toContain('# What attempt 2 did')
    expect(p.attempt).toContain('Files read: second.js')
    expect(p.attempt).not.toContain('first.js')
    // Command output cannot close the fence it is quoted in.
    expect(p.attempt).toMatch(/````text\nFiles read: second\.js\n[\s\S]*```` *$/)
  })
})
