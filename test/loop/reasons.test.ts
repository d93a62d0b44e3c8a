import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { REASONS } from '../../src/loop/reasons.js'

describe('the reasons a loop ends with', () => {
  it('the README lists exactly them, in order', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const listed = /The `reason` output \(and the report's\) is one of: ([^.]+)\./.exec(
      readme.replace(/\n/g, ' ')
    )
    expect(listed?.[1]?.match(/`([a-z-]+)`/g)?.map(x => x.slice(1, -1))).toEqual([...REASONS])
  })
})
