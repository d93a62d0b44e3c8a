import { describe, expect, it } from '@jest/globals'
import { inertLines } from '../src/log-lines.js'

describe('log lines that cannot act as workflow commands', () => {
  it.each([
    ['$ echo ok\n::set-output name=outcome::success', '$ echo ok\n| ::set-output name=outcome::success'],
    ['a\r::add-mask::secret', 'a\n| ::add-mask::secret'],
    ['x\r\n   ::stop-commands::token', 'x\n|    ::stop-commands::token'],
    ['\t##[group]Run fake', '| \t##[group]Run fake'],
    ['::error file=a.js::boom', '| ::error file=a.js::boom']
  ])('%j is neutralised', (input, expected) => {
    expect(inertLines(input)).toBe(expected)
  })

  it('leaves ordinary lines and colons inside a line alone', () => {
    const text = 'Attempt 1: openai:gpt-4.1\nsee a::b and #[x]'
    expect(inertLines(text)).toBe(text)
  })
})
