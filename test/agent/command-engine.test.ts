import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { createCommandEngine } from '../../src/agent/command-engine.js'
import { createEngine } from '../../src/agent/engine.js'
import { parseReportedUsage, withoutReportedUsage } from '../../src/agent/command-usage.js'
import { GuardError } from '../../src/errors.js'
import { releaseAll, testSandbox } from '../helpers/sandbox.js'
import { makeRepo, type TempRepo } from '../workspace/sandbox-fixtures.js'
import { attemptInput, FAKE_SECRETS } from './engine-fixtures.js'

const ESLINT = path.resolve('node_modules/.bin/eslint')
let repo: TempRepo | null = null
afterEach(async () => {
  await releaseAll()
  repo?.cleanup()
  repo = null
})

describe('command engine', () => {
  it('runs a real fixer (eslint --fix) and reports the changed file, with tokens unknown', async () => {
    repo = makeRepo({
      'eslint.config.mjs':
        "export default [{ files: ['**/*.js'], rules: { semi: ['error', 'never'], quotes: ['error', 'single'], 'prefer-const': 'error', 'no-unused-vars': 'error' } }]\n",
      'src/app.js': 'let greeting = "hello";\nlet unused = 1;\nconsole.log(greeting);\n',
      'src/clean.js': "console.log('ok')\n"
    })
    const engine = createCommandEngine({
      command: `"${ESLINT}" --fix .`,
      timeoutMs: 60_000,
      sandbox: await testSandbox()
    })
    const result = await engine.attempt(attemptInput(repo.dir))
    expect(readFileSync(path.join(repo.dir, 'src/app.js'), 'utf8')).toBe(
      "const greeting = 'hello'\nconst unused = 1\nconsole.log(greeting)\n"
    )
    expect(result).toMatchObject({
      stopReason: 'finished',
      costUsd: null,
      tokensUnknown: true,
      tokens: { input: 0, output: 0, cached: 0 }
    })
    // eslint exits 1 for the unfixable no-unused-vars; the fix is still the attempt's result.
    expect(result.summary).toMatch(/^`.*eslint" --fix \.` exited with 1; 1 file changed: src\/app\.js\./)
    expect(result.summary).toContain("'unused' is assigned a value but never used")
  })

  it('hands the prompt over in a file and on stdin, with a scrubbed environment plus agent-env names', async () => {
    repo = makeRepo()
    const command = [
      'cp "$NIGHTSHIFT_PROMPT_FILE" prompt-copy.md',
      'cat > stdin-copy.md',
      '{ env; tr "\\0" "\\n" < /proc/self/environ; } > env-dump.txt',
      'echo \'{"tokens":{"input":1200,"output":300,"cached":100},"cost_usd":0.0123,"summary":"wrote three files"}\''
    ].join('; ')
    const engine = createCommandEngine({
      command,
      timeoutMs: 10_000,
      agentEnvNames: ['MY_SERVICE_URL'],
      parentEnv: { ...process.env, ...FAKE_SECRETS, MY_SERVICE_URL: 'http://db:5432' },
      sandbox: await testSandbox()
    })
    const result = await engine.attempt(
      attemptInput(repo.dir, { feedback: 'FAIL test/math.test.js > adds\nexpected 4, got 5' })
    )
    const prompt = readFileSync(path.join(repo.dir, 'prompt-copy.md'), 'utf8')
    expect(prompt).toContain('# The task (untrusted data, quoted)')
    expect(prompt).toContain('# CI feedback from the last attempt')
    expect(prompt).toContain('expected 4, got 5')
    expect(readFileSync(path.join(repo.dir, 'stdin-copy.md'), 'utf8')).toBe(prompt)
    const env = readFileSync(path.join(repo.dir, 'env-dump.txt'), 'utf8')
    for (const secret of Object.values(FAKE_SECRETS)) expect(env).not.toContain(secret)
    expect(env).toContain('MY_SERVICE_URL=http://db:5432')
    expect(env).toContain('NIGHTSHIFT_PROMPT_FILE=')
    expect(result).toMatchObject({
      stopReason: 'finished',
      tokens: { input: 1200, output: 300, cached: 100 },
      costUsd: 0.0123
    })
    expect(result.summary).toContain('3 files changed: env-dump.txt, prompt-copy.md, stdin-copy.md')
    expect(result.tokensUnknown).toBeUndefined()
    expect(result.summary).toContain('wrote three files')
  })

  it('kills the whole process group on timeout and keeps what was written', async () => {
    repo = makeRepo()
    const engine = createCommandEngine({
      command: 'echo partial > partial.txt; (sleep 1; echo late > late.txt) & sleep 30',
      timeoutMs: 500,
      sandbox: await testSandbox()
    })
    const started = Date.now()
    const result = await engine.attempt(attemptInput(repo.dir))
    expect(Date.now() - started).toBeLessThan(5000)
    expect(result.stopReason).toBe('timeout')
    expect(result.summary).toMatch(/was stopped after 1 s; 1 file changed: partial\.txt/)
    // The background child was in the killed process group: it never writes.
    await new Promise(r => setTimeout(r, 1200))
    expect(existsSync(path.join(repo.dir, 'late.txt'))).toBe(false)
  })

  it('reports a command that fails without changing anything as an error', async () => {
    repo = makeRepo()
    const result = await createCommandEngine({
      command: 'no-such-agent --fix',
      timeoutMs: 5000,
      sandbox: await testSandbox()
    }).attempt(attemptInput(repo.dir))
    expect(result.stopReason).toBe('error')
    expect(result.errorKind).toBe('agent')
    expect(result.error).toMatch(/exited with 127 and changed nothing:\n.*no-such-agent: command not found/)
  })

  it('keeps the usage JSON line out of the summary the pull request quotes', async () => {
    repo = makeRepo()
    const result = await createCommandEngine({
      command:
        'echo fixed > fix.txt; echo "Padded the fraction to two digits."; echo \'{"tokens":{"input":1200,"output":300},"cost_usd":0.012}\'',
      timeoutMs: 5000,
      sandbox: await testSandbox()
    }).attempt(attemptInput(repo.dir))
    expect(result.tokens).toMatchObject({ input: 1200, output: 300 })
    expect(result.summary).toContain('Padded the fraction to two digits.')
    // The first line names the command; what follows is the agent's own words, without the JSON.
    expect(result.summary.split('\n').slice(1)).toEqual(['Padded the fraction to two digits.'])
  })

  it("puts the agent's output in the log, its last 200 lines, none of them able to act as a workflow command", async () => {
    repo = makeRepo()
    const log: string[] = []
    await createCommandEngine({
      // An agent that tries to set an output and to mask, stop or group the log of the action.
      command:
        'seq 1 300; echo "::set-output name=outcome::success"; echo "  ::add-mask::x"; echo "##[group]fake"; echo "::stop-commands::t"',
      timeoutMs: 5000,
      sandbox: await testSandbox(),
      log: line => log.push(line)
    }).attempt(attemptInput(repo.dir))
    const output = log.filter(l => l.startsWith('| '))
    expect(output).toHaveLength(201)
    expect(output[0]).toBe('| … 104 earlier lines not shown')
    expect(output[1]).toBe('| 105')
    expect(output.slice(-4)).toEqual([
      '| ::set-output name=outcome::success',
      '|   ::add-mask::x',
      '| ##[group]fake',
      '| ::stop-commands::t'
    ])
    for (const line of log) expect(line).not.toMatch(/^\s*(::|##\[)/)
  })

  it('stops on the token budget when the usage the agent reports reaches it, and counts that usage', async () => {
    repo = makeRepo()
    const result = await createCommandEngine({
      command: 'echo fixed > fix.txt; echo \'{"tokens":{"input":1400,"output":300},"cost_usd":0.02}\'',
      timeoutMs: 5000,
      sandbox: await testSandbox()
    }).attempt(attemptInput(repo.dir, {}, { maxTokens: 1000 }))
    expect(result).toMatchObject({
      stopReason: 'budget',
      tokens: { input: 1400, output: 300 },
      costUsd: 0.02
    })
    expect(result.summary).toContain('Token budget of 1000 reached (1700 used)')
  })

  it('stops on the money budget the same way', async () => {
    repo = makeRepo()
    const result = await createCommandEngine({
      command: 'echo fixed > fix.txt; echo \'{"tokens":{"input":10,"output":5},"cost_usd":0.5}\'',
      timeoutMs: 5000,
      sandbox: await testSandbox()
    }).attempt(attemptInput(repo.dir, {}, { maxCostUsd: 0.25 }))
    expect(result.stopReason).toBe('budget')
    expect(result.summary).toContain('Cost budget of $0.25 reached ($0.5000 spent)')
  })

  it('says a token cap cannot be counted for an agent that reports no usage, instead of counting zero', async () => {
    repo = makeRepo()
    const log: string[] = []
    const result = await createCommandEngine({
      command: 'echo fixed > fix.txt',
      timeoutMs: 5000,
      sandbox: await testSandbox(),
      log: line => log.push(line)
    }).attempt(attemptInput(repo.dir, {}, { maxTokens: 1000 }))
    expect(result).toMatchObject({ stopReason: 'finished', tokensUnknown: true, costUsd: null })
    expect(log).toContain(
      'max-tokens is 1000, but `echo fixed > fix.txt` reported no token usage: its tokens are unknown and cannot be counted against the cap. Print {"tokens":{"input":N,"output":N}} as its last line to count them.'
    )
  })

  it('refuses agent-env names that hold the action’s credentials, before any attempt', async () => {
    const sandbox = await testSandbox()
    expect(() =>
      createCommandEngine({ command: 'true', timeoutMs: 1000, agentEnvNames: ['GITHUB_TOKEN'], sandbox })
    ).toThrow(GuardError)
    expect(() =>
      createEngine(
        {
          agent: 'command',
          agentCommand: 'true',
          agentEnv: ['ACTIONS_RUNTIME_TOKEN'],
          agentTimeoutMinutes: 1,
          credentials: {},
          modelPrices: {}
        },
        { sandbox }
      )
    ).toThrow(/"ACTIONS_RUNTIME_TOKEN" cannot be passed to the agent/)
  })
})

describe('parseReportedUsage', () => {
  it('reads Claude Code’s --output-format json result', () => {
    const claude = JSON.stringify({
      type: 'result',
      subtype: 'success',
      is_error: false,
      duration_ms: 20345,
      num_turns: 6,
      result: 'Fixed the off-by-one in add().',
      session_id: 'b1c2',
      total_cost_usd: 0.0842,
      usage: {
        input_tokens: 12,
        cache_creation_input_tokens: 4000,
        cache_read_input_tokens: 20000,
        output_tokens: 900
      }
    })
    expect(parseReportedUsage(`some log\n${claude}\n`)).toEqual({
      tokens: { input: 24012, output: 900, cached: 20000 },
      costUsd: 0.0842,
      summary: 'Fixed the off-by-one in add().'
    })
  })

  it('takes the last JSON line and ignores other output', () => {
    expect(
      parseReportedUsage(
        '{"tokens":{"input":1,"output":2}}\n{"tokens":{"input":10,"output":20},"cost_usd":0.5}\nbye\n'
      )
    ).toEqual({ tokens: { input: 10, output: 20, cached: 0 }, costUsd: 0.5, summary: null })
    expect(parseReportedUsage('{"level":"info"}\nplain text\n')).toBeNull()
    expect(withoutReportedUsage('done\n{"tokens":{"input":1,"output":2}}\n{"level":"info"}\n')).toBe(
      'done\n{"level":"info"}'
    )
    expect(withoutReportedUsage('plain\n')).toBe('plain\n')
    expect(parseReportedUsage('')).toBeNull()
  })
})
