import { characterEntities } from 'character-entities'
import { isOnlyHidden, stripHiddenReferences } from '../../src/task/hidden-chars.js'
import { HIDDEN_NAMED_REFERENCES } from '../../src/task/hidden-references.js'

describe('the named references that decode to hidden text', () => {
  const all = Object.entries(characterEntities)

  it('are exactly those of the HTML list whose text a reader cannot see', () => {
    const derived = all.filter(([, text]) => isOnlyHidden(text)).map(([name]) => name)
    expect(all.length).toBeGreaterThan(2000)
    expect([...HIDDEN_NAMED_REFERENCES].sort()).toEqual(derived.sort())
  })

  it('are removed, and every other named reference is kept', () => {
    const kept = all.filter(([name]) => !HIDDEN_NAMED_REFERENCES.has(name)).map(([name]) => `&${name};`)
    expect(stripHiddenReferences(kept.join(' '))).toBe(kept.join(' '))
    const hidden = [...HIDDEN_NAMED_REFERENCES].map(name => `a&${name};b`)
    expect(hidden.map(stripHiddenReferences)).toEqual(hidden.map(() => 'ab'))
  })

  it('are case-sensitive as HTML is: &ZWJ; names nothing and stays', () => {
    expect(stripHiddenReferences('&ZWJ;&Shy;&zwj;')).toBe('&ZWJ;&Shy;')
  })
})
