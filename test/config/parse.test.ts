import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { missingModelKey, parseList, parseSettings } from '../../src/config/parse.js'
import { ConfigError } from '../../src/errors.js'

const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, { default?: string }>
}

/** Reads inputs the way the runner gives them: the action.yml default unless the workflow set a value. */
function reader(values: Record<string, string>) {
  return (name: string) => values[name] ?? action.inputs[name]?.default ?? ''
}

function problems(values: Record<string, string>): string[] {
  try {
    parseSettings(reader(values))
  } catch (e) {
    if (e instanceof ConfigError) return e.problems
    throw e
  }
  return []
}

describe('parseSettings', () => {
  it('gives the documented defaults from action.yml', () => {
    const s = parseSettings(reader({ 'github-token': 'ghs_x' }))
    expect(s).toMatchObject({
      triggerLabel: 'agent-ok',
      assignee: null,
      command: '/nightshift',
      ciWorkflow: 'ci.yml',
      fastCiWorkflow: null,
      maxAttempts: 4,
      timeLimitMinutes: 30,
      maxCostUsd: null,
      maxTokens: null,
      agent: 'builtin',
      branchPrefix: 'agent/',
      protectedPaths: ['.github/workflows/**'],
      draft: false,
      queueLimit: 5,
      feedbackChars: 6000,
      allowCiSecrets: false,
      allowCiPermissions: false,
      escalatedLabel: 'agent-escalated'
    })
    expect(s.agentNetwork).toMatchObject({ mode: 'allow', label: 'registries' })
    expect(s.testLabels).toContain('bug')
    expect(s.designLabels).toContain('rfc')
  })

  it('reads typed values', () => {
    const s = parseSettings(
      reader({
        'github-token': 't',
        assignee: '@nightshift-bot',
        'max-attempts': '6',
        'max-cost-usd': '$2.50',
        'max-tokens': '500000',
        draft: 'TRUE',
        'protected-paths': '.github/**\nsecrets/*.pem, infra/**',
        'agent-env': 'ANTHROPIC_API_KEY, NPM_TOKEN',
        'model-prices': '{"openai:my-model": {"input": 1, "output": 4}}',
        'escalation-model': 'anthropic:claude-opus-4-1'
      })
    )
    expect(s.assignee).toBe('nightshift-bot')
    expect(s.maxAttempts).toBe(6)
    expect(s.maxCostUsd).toBe(2.5)
    expect(s.maxTokens).toBe(500000)
    expect(s.draft).toBe(true)
    expect(s.protectedPaths).toEqual(['.github/**', 'secrets/*.pem', 'infra/**'])
    expect(s.agentEnv).toEqual(['ANTHROPIC_API_KEY', 'NPM_TOKEN'])
    expect(s.modelPrices).toEqual({ 'openai:my-model': { input: 1, output: 4 } })
  })

  it('reports every invalid input at once, quoting the value and what is expected', () => {
    const p = problems({
      'github-token': 't',
      'max-attempts': 'four',
      'time-limit-minutes': '999',
      'max-cost-usd': '-1',
      draft: 'maybe',
      agent: 'robot',
      model: 'gpt-5',
      'branch-prefix': 'main',
      'model-prices': '{oops',
      'agent-env': 'GITHUB_TOKEN,INPUT_GITHUB-TOKEN'
    })
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringContaining('max-attempts: got "four", expected a whole number from 1 to 20'),
        expect.stringContaining('time-limit-minutes: got "999"'),
        expect.stringContaining('max-cost-usd: got "-1"'),
        expect.stringContaining('draft: got "maybe", expected true or false'),
        expect.stringContaining('agent: got "robot", expected one of builtin, command'),
        expect.stringContaining('model: got "gpt-5", expected provider:model'),
        expect.stringContaining('branch-prefix: got "main"'),
        expect.stringContaining('model-prices: got "{oops"'),
        expect.stringContaining('agent-env: "GITHUB_TOKEN" cannot be passed'),
        expect.stringContaining('agent-env: "INPUT_GITHUB-TOKEN" cannot be passed')
      ])
    )
    expect(p).toHaveLength(10)
  })

  it('requires the pieces a choice depends on', () => {
    expect(problems({ 'github-token': '' })[0]).toMatch(/github-token: empty/)
    expect(problems({ 'github-token': 't', agent: 'command' })[0]).toMatch(/agent-command: empty/)
    expect(problems({ 'github-token': 't', model: 'openai-compatible:qwen3' })[0]).toMatch(
      /needs openai-base-url/
    )
  })

  it('says which provider key a model needs', () => {
    const s = parseSettings(reader({ 'github-token': 't' }))
    expect(missingModelKey(s, 'anthropic:claude-sonnet-4-5')).toMatch(/anthropic-api-key/)
    expect(missingModelKey(s, 'openai:gpt-5')).toMatch(/openai-api-key/)
    expect(missingModelKey({ ...s, anthropicApiKey: 'k' }, 'anthropic:x')).toBeNull()
    expect(missingModelKey({ ...s, agent: 'command' }, 'anthropic:x')).toBeNull()
  })

  it('reads agent-network: registries, none, open, or hosts with ports', () => {
    const net = (value: string) =>
      parseSettings(reader({ 'github-token': 't', 'agent-network': value })).agentNetwork
    expect(net('open')).toEqual({ mode: 'open' })
    expect(net('none')).toEqual({ mode: 'allow', label: 'none', hosts: [] })
    const mixed = net('registries, api.anthropic.com\nhttps://mirror.example.com:8443/')
    expect(mixed.mode === 'allow' && mixed.hosts).toEqual(
      expect.arrayContaining([
        { host: 'registry.npmjs.org', ports: [443] },
        { host: 'proxy.golang.org', ports: [443] },
        { host: 'api.anthropic.com', ports: [443] },
        { host: 'mirror.example.com', ports: [8443] }
      ])
    )
    expect(() => net('registries, not a host!, open')).toThrow(
      /agent-network: "host!" is not a host name[\s\S]*agent-network: "open" cannot be combined/
    )
  })

  it('splits lists on commas and newlines', () => {
    expect(parseList(' a, b\n\nc ,')).toEqual(['a', 'b', 'c'])
  })
})

describe('action.yml and Settings stay in step', () => {
  it('parses every input action.yml declares (an unknown input would be silently ignored)', () => {
    const asked = new Set<string>()
    try {
      parseSettings(name => {
        asked.add(name)
        return name === 'github-token' ? 't' : ''
      })
    } catch {
      // problems are fine here; only the names asked for matter
    }
    expect([...asked].sort()).toEqual(Object.keys(action.inputs).sort())
  })
})

describe('defaults in code match action.yml', () => {
  it('gives the same Settings when the runner passes nothing (e.g. `node dist/index.js` by hand)', () => {
    const fromYaml = parseSettings(reader({ 'github-token': 't' }))
    const fromCode = parseSettings(name => (name === 'github-token' ? 't' : ''))
    expect(fromCode).toEqual(fromYaml)
  })
})
