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
      agentUser: 'auto',
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

  it('refuses protected-paths whose shape protects nothing, and an unknown agent-user', () => {
    const p = problems({
      'github-token': 't',
      'protected-paths': '.github/workflows/**, src/[abc, !docs/**, /etc/**',
      'agent-user': 'root'
    })
    // The glob syntax of `src/[abc` is readSettings' check (test/config/read.test.ts).
    expect(p).toEqual([
      expect.stringContaining('protected-paths: "!docs/**" negates'),
      expect.stringContaining('protected-paths: "/etc/**" is not repository-relative'),
      'agent-user: got "root", expected one of auto, unprivileged, current.'
    ])
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

  it('reads model as a ladder, cheapest first, with escalation-model on top', () => {
    const s = parseSettings(
      reader({
        'github-token': 't',
        model: 'openai:gpt-5-nano,\nopenai:gpt-5-mini',
        'escalation-model': 'openai:gpt-5',
        'model-tier': 'flex',
        'flex-fallback': 'wait'
      })
    )
    expect(s).toMatchObject({
      model: ['openai:gpt-5-nano', 'openai:gpt-5-mini'],
      escalationModel: 'openai:gpt-5',
      modelTier: 'flex',
      flexFallback: 'wait'
    })
    expect(parseSettings(reader({ 'github-token': 't' }))).toMatchObject({
      model: ['anthropic:claude-sonnet-4-5'],
      modelTier: 'standard',
      flexFallback: 'standard'
    })
    expect(problems({ 'github-token': 't', model: ' , ' })[0]).toMatch(/model: empty list/)
  })

  it('refuses model-tier: flex where there is no flex tier, naming the model and what to do', () => {
    const flex = (values: Record<string, string>) =>
      problems({ 'github-token': 't', 'model-tier': 'flex', ...values })
    expect(flex({ model: 'openai:gpt-5-mini' })).toEqual([])
    expect(flex({})).toEqual([
      expect.stringMatching(
        /^model-tier: flex is OpenAI's flex processing, offered for openai: models only; "anthropic:claude-sonnet-4-5" has no such tier\. Use model-tier: standard\.$/
      )
    ])
    // Every rung of the ladder must have it.
    expect(flex({ model: 'openai:gpt-5-mini', 'escalation-model': 'anthropic:claude-opus-4-5' })).toEqual([
      expect.stringContaining('"anthropic:claude-opus-4-5" has no such tier')
    ])
    expect(flex({ model: 'openai:gpt-4.1' })).toEqual([
      expect.stringMatching(
        /offered for gpt-5, gpt-5-mini, gpt-5-nano, o3 and o4-mini .*"openai:gpt-4\.1" has none/
      )
    ])
    expect(flex({ model: 'openai:gpt-5-mini', 'openai-base-url': 'http://127.0.0.1:8080/v1' })).toEqual([
      expect.stringContaining("needs OpenAI's own API, but openai-base-url sends")
    ])
    expect(
      flex({ model: 'openai-compatible:qwen3', 'openai-base-url': 'http://127.0.0.1:8080/v1' })[0]
    ).toMatch(/offered for openai: models only/)
    // A newer model gets flex once model-prices gives its flex price.
    expect(
      flex({
        model: 'openai:gpt-9-mini',
        'model-prices':
          '{"openai:gpt-9-mini": {"input": 1, "output": 8, "flex": {"input": 0.5, "output": 4}}}'
      })
    ).toEqual([])
    expect(
      problems({ 'github-token': 't', agent: 'command', 'agent-command': 'x', 'model-tier': 'flex' })
    ).toEqual([expect.stringContaining('model-tier: flex applies to the built-in agent')])
    expect(problems({ 'github-token': 't', 'model-tier': 'cheap' })[0]).toMatch(
      /model-tier: got "cheap", expected one of standard, flex/
    )
  })

  it('reads cache-write and flex prices in model-prices, and refuses malformed ones', () => {
    const s = parseSettings(
      reader({
        'github-token': 't',
        'model-prices':
          '{"anthropic:claude-x": {"input": 2, "output": 10, "cached": 0.2, "cacheWrite": 2.5}, "openai:o9": {"input": 1, "output": 2, "flex": {"input": 0.5, "output": 1, "cached": 0.05}}}'
      })
    )
    expect(s.modelPrices).toEqual({
      'anthropic:claude-x': { input: 2, output: 10, cached: 0.2, cacheWrite: 2.5 },
      'openai:o9': { input: 1, output: 2, flex: { input: 0.5, output: 1, cached: 0.05 } }
    })
    expect(
      problems({
        'github-token': 't',
        'model-prices': '{"openai:o9": {"input": 1, "output": 2, "flex": {"input": "cheap"}}}'
      })[0]
    ).toMatch(/"openai:o9" needs numeric "input" and "output"/)
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
