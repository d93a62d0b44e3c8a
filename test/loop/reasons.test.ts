import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { REASONS } from '../../src/loop/reasons.js'

describe('the reasons a loop ends with', () => {
  it('the README table lists exactly them, in order', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const table = readme.slice(readme.indexOf('| reason | outcome |'))
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2)
    expect(rows.map(r => /^\| `([a-z-]+)` \|/.exec(r)?.[1])).toEqual([...REASONS])
  })
})
