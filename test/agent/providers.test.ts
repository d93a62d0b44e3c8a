import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import ts from 'typescript'
import {
  CREDENTIALS,
  MODEL_EXAMPLES,
  MODEL_PATTERN,
  PROVIDERS,
  missingKey,
  missingServer,
  providerOf,
  readCredentials,
  secretsOf
} from '../../src/agent/providers.js'
import { priceFor } from '../../src/agent/prices.js'
import { missingModelKey, parseSettings } from '../../src/config/parse.js'

describe('the provider table', () => {
  it('names each provider once, and each credential once however many providers share it', () => {
    const ids = PROVIDERS.map(p => p.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(CREDENTIALS.map(c => [c.input, c.env, c.kind])).toEqual([
      ['anthropic-api-key', 'ANTHROPIC_API_KEY', 'key'],
      ['openai-api-key', 'OPENAI_API_KEY', 'key'],
      ['openai-base-url', 'OPENAI_BASE_URL', 'url']
    ])
  })

  it('accepts every provider with its example model, and no other provider', () => {
    for (const p of PROVIDERS) expect(MODEL_PATTERN.test(`${p.id}:${p.example}`)).toBe(true)
    expect(MODEL_PATTERN.test('gemini:pro')).toBe(false)
    expect(MODEL_PATTERN.test('openai-compatiblex:m')).toBe(false)
    expect(MODEL_EXAMPLES).toBe(
      'anthropic:claude-sonnet-4-5, openai:gpt-5 or openai-compatible:qwen3-coder (with openai-base-url)'
    )
  })

  it('prices a model from its own provider row only', () => {
    expect(priceFor('openai:claude-sonnet-4-5')).toBeNull()
    expect(priceFor('anthropic:gpt-5')).toBeNull()
    expect(priceFor('openai:constructor')).toBeNull()
    expect(priceFor('openai-compatible:gpt-5')).toBeNull()
    for (const p of PROVIDERS)
      for (const id of Object.keys(p.prices)) expect(priceFor(`${p.id}:${id}`)).toBe(p.prices[id])
  })

  it('reads the keys the action takes as inputs from the environment for `nightshift local`, and masks keys only', () => {
    const env = { ANTHROPIC_API_KEY: 'sk-ant', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', OPENAI_API_KEY: '' }
    const credentials = readCredentials(c => env[c.env as keyof typeof env])
    expect(credentials).toEqual({
      'anthropic-api-key': 'sk-ant',
      'openai-api-key': null,
      'openai-base-url': 'http://127.0.0.1:1/v1'
    })
    expect(secretsOf(credentials)).toEqual(['sk-ant'])
    expect(secretsOf({ ...credentials, 'openai-api-key': 'sk-oa' })).toEqual(['sk-ant', 'sk-oa'])
  })

  it('parses every credential input into the settings', () => {
    const inputs: Record<string, string> = {
      'github-token': 't',
      'anthropic-api-key': 'a',
      'openai-api-key': 'o',
      'openai-base-url': 'http://127.0.0.1:1/v1'
    }
    expect(parseSettings(name => inputs[name] ?? '').credentials).toEqual({
      'anthropic-api-key': 'a',
      'openai-api-key': 'o',
      'openai-base-url': 'http://127.0.0.1:1/v1'
    })
    expect(() => parseSettings(name => ({ ...inputs, 'openai-base-url': 'ftp://x' })[name] ?? '')).toThrow(
      /openai-base-url: got "ftp:\/\/x", expected an http\(s\) URL/
    )
  })

  it('says which key or server a model lacks, and how to give it', () => {
    expect(missingKey('anthropic:claude-haiku-4-5', {})).toBe(
      'model "anthropic:claude-haiku-4-5" needs anthropic-api-key (e.g. `anthropic-api-key: ${{ secrets.ANTHROPIC_API_KEY }}`; ANTHROPIC_API_KEY for `nightshift local`).'
    )
    expect(missingKey('openai:gpt-5', { 'anthropic-api-key': 'k' })).toMatch(
      /needs openai-api-key .*OPENAI_API_KEY/
    )
    // A server at openai-base-url takes openai: calls without OpenAI's key; a compatible server needs no key.
    expect(missingKey('openai:gpt-5', { 'openai-base-url': 'http://h/v1' })).toBeNull()
    expect(missingKey('openai-compatible:qwen3', {})).toBeNull()
    expect(missingServer('openai-compatible:qwen3', {})).toBe(
      'model: "openai-compatible:qwen3" needs openai-base-url (the server\'s /v1 URL).'
    )
    expect(missingServer('openai:gpt-5', {})).toBeNull()
    expect(missingKey('gemini:pro', {})).toBeNull()
    expect(missingModelKey({ agent: 'command', credentials: {} }, 'anthropic:x')).toBeNull()
    expect(providerOf('openai-compatible:a:b')?.id).toBe('openai-compatible')
  })
})

/** The modules `file` imports for their values (type-only imports and `import()` excluded). */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest)
  const out: string[] = []
  for (const s of source.statements) {
    if (ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly)
      out.push((s.moduleSpecifier as ts.StringLiteral).text)
    if (ts.isExportDeclaration(s) && s.moduleSpecifier && !s.isTypeOnly)
      out.push((s.moduleSpecifier as ts.StringLiteral).text)
  }
  return out
}

describe('the start path', () => {
  it('reaches the provider table but no AI SDK package: those load with import() once there is work', () => {
    const seen = new Set<string>()
    const packages = new Set<string>()
    const walk = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      for (const spec of staticImports(file)) {
        if (spec.startsWith('.')) walk(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')))
        else packages.add(spec)
      }
    }
    walk(path.resolve('src/start.ts'))
    expect(seen).toContain(path.resolve('src/agent/providers.ts'))
    expect([...packages].filter(p => p === 'ai' || p.startsWith('@ai-sdk/'))).toEqual([])
  })
})
