import { readFileSync } from 'node:fs'
import picomatch from 'picomatch'
import { parse } from 'yaml'
import { readSettings } from '../../src/config/read.js'
import { ConfigError } from '../../src/errors.js'
import { isPlainPattern } from '../../src/workspace/glob-shape.js'

const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }> }

function reader(values: Record<string, string>) {
  return (name: string) => values[name] ?? action.inputs[name]?.default ?? ''
}

async function problems(values: Record<string, string>): Promise<string[]> {
  try {
    await readSettings(reader(values))
  } catch (e) {
    if (e instanceof ConfigError) return e.problems
    throw e
  }
  return []
}

describe('readSettings', () => {
  it('refuses protected-paths it cannot parse, rather than leaving the path unprotected', async () => {
    expect(
      await problems({
        'github-token': 't',
        'protected-paths': '.github/workflows/**, src/[abc, a/{b, docs/[xy]/**'
      })
    ).toEqual([
      expect.stringContaining('protected-paths: "src/[abc" is not a valid glob'),
      expect.stringContaining('protected-paths: "a/{b" is not a valid glob')
    ])
  })

  it('reports the inputs parseSettings refuses first, as before', async () => {
    expect(await problems({ 'github-token': '', 'protected-paths': 'src/[abc' })).toEqual([
      expect.stringMatching(/^github-token: empty/)
    ])
  })

  it('gives the settings when every pattern parses', async () => {
    const s = await readSettings(
      reader({ 'github-token': 't', 'protected-paths': 'infra/**, docs/[ab]/*.md' })
    )
    expect(s.protectedPaths).toEqual(['infra/**', 'docs/[ab]/*.md'])
  })
})

describe('a plain protected-paths pattern', () => {
  const options = { dot: true, nocase: true, strictBrackets: true, posix: true }
  // Every pattern the fast path skips must be one picomatch accepts: built from the plain alphabet,
  // in every arrangement of up to three pieces.
  const pieces = ['a', '.', '_', '-', ' ', '/', '*', '**', 'é', '7', '.github', 'x-y_z']

  it('is one picomatch parses, in every arrangement of its characters', () => {
    let checked = 0
    const grow = (prefix: string, depth: number): void => {
      if (prefix !== '' && prefix.trim() !== '') {
        expect(isPlainPattern(prefix)).toBe(true)
        expect(() => picomatch.makeRe(prefix.trim(), options)).not.toThrow()
        checked++
      }
      if (depth === 3) return
      for (const p of pieces) grow(prefix + p, depth + 1)
    }
    grow('', 0)
    expect(checked).toBeGreaterThan(1_500)
  })

  it('excludes every character picomatch gives a meaning that can be left open', () => {
    for (const c of ['[', ']', '{', '}', '(', ')', '?', '!', '+', '@', '\\', ',', '|', '$', '^'])
      expect(isPlainPattern(`src/${c}x`)).toBe(false)
  })
})
