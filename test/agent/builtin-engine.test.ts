import { existsSync, readFileSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { createBuiltinEngine, toolCallLine } from '../../src/agent/builtin-engine.js'
import {
  startModelServer,
  type ModelScript,
  type ModelServer,
  type RecordedRequest
} from '../emulator/model-server.js'
import { releaseAll, testSandbox } from '../helpers/sandbox.js'
import { makeRepo, type TempRepo } from '../workspace/sandbox-fixtures.js'
import { attemptInput, FAKE_SECRETS } from './engine-fixtures.js'

let server: ModelServer | null = null
let repo: TempRepo | null = null
afterEach(async () => {
  await server?.close()
  await releaseAll()
  repo?.cleanup()
  server = null
  repo = null
})

const FILES = {
  'src/math.js': 'export function add(a, b) {\n  return a + b + 1\n}\n',
  'test/math.test.js': "it('adds', () => {})\n",
  '.github/workflows/ci.yml': 'on: [push, workflow_dispatch]\n',
  'AGENTS.md': 'Run `npm test` before finishing.\n'
}

async function setup(script: ModelScript, options: Partial<Parameters<typeof createBuiltinEngine>[0]> = {}) {
  repo = makeRepo(FILES)
  server = await startModelServer(script)
  const engine = createBuiltinEngine({
    credentials: { 'openai-base-url': server.url },
    parentEnv: { ...process.env, ...FAKE_SECRETS },
    sandbox: await testSandbox(),
    maxRetries: 2,
    ...options
  })
  return { engine, repo, server }
}

/** The tool results the model received in request `i`, by tool name. */
function toolResults(req: RecordedRequest): string[] {
  return (req.body?.messages ?? []).filter(m => m.role === 'tool').map(m => String(m.content))
}

describe('built-in engine on the scripted model', () => {
  it('runs real tools on a real repository and reports files, tokens and the prompt it sent', async () => {
    const { engine, repo, server } = await setup(
      [
        {
          toolCalls: [{ name: 'list_files', arguments: { path: '.', depth: 2 } }],
          usage: { input: 1000, output: 50, cached: 200 }
        },
        {
          toolCalls: [{ name: 'read_file', arguments: { path: 'src/math.js', start_line: 2, end_line: 2 } }],
          usage: { input: 1100, output: 40 }
        },
        {
          toolCalls: [{ name: 'search_text', arguments: { pattern: 'a + b' } }],
          usage: { input: 1200, output: 30 }
        },
        {
          toolCalls: [
            {
              name: 'edit_file',
              arguments: { path: 'src/math.js', old_text: 'a + b + 1', new_text: 'a + b' }
            }
          ],
          usage: { input: 1300, output: 30 }
        },
        {
          toolCalls: [{ name: 'write_file', arguments: { path: 'src/notes/fix.md', content: 'fixed\n' } }],
          usage: { input: 1400, output: 30 }
        },
        {
          toolCalls: [
            {
              name: 'run_command',
              arguments: {
                command: 'node -e "import(\'./src/math.js\').then(m => console.log(m.add(2, 2)))"'
              }
            }
          ],
          usage: { input: 1500, output: 30 }
        },
        {
          toolCalls: [{ name: 'finish', arguments: { summary: 'Removed the off-by-one in add().' } }],
          usage: { input: 1600, output: 20 }
        }
      ],
      { prices: { 'openai-compatible:scripted': { input: 2, output: 10, cached: 0.5 } } }
    )
    const result = await engine.attempt(attemptInput(repo.dir))

    expect(result).toMatchObject({
      stopReason: 'finished',
      summary: 'Removed the off-by-one in add().',
      trail: { changed: ['src/math.js', 'src/notes/fix.md'] }
    })
    expect(result.stepTiers).toHaveLength(7)
    expect(readFileSync(path.join(repo.dir, 'src/math.js'), 'utf8')).toContain('return a + b\n')
    expect(result.tokens).toEqual({ input: 9100, output: 230, cached: 200, cacheWrite: 0 })
    expect(result.costUsd).toBeCloseTo((8900 * 2 + 200 * 0.5 + 230 * 10) / 1e6, 10)

    const results = server.requests.slice(1).map(r => toolResults(r).at(-1))
    expect(results[0]).toContain('src/math.js')
    expect(results[0]).toContain('.github/')
    expect(results[0]).not.toContain('.git/\n')
    expect(results[1]).toBe('src/math.js (lines 2-2 of 4)\n2\t  return a + b + 1')
    expect(results[2]).toContain('src/math.js:2:  return a + b + 1')
    expect(results[3]).toBe('edited src/math.js')
    expect(results[5]).toBe('exit code 0\n4\n')

    const first = server.requests[0].body!
    const system = String(first.messages[0].content)
    expect(system).toContain('Never delete, skip or weaken tests')
    expect(system).toContain('`.github/workflows/**`')
    expect(system).toContain('From `AGENTS.md`')
    const user = String(first.messages[1].content)
    expect(user).toContain('# The task (untrusted data, quoted)')
    expect(user).toMatch(
      /```text\nIssue #42: add\(\) returns the wrong sum\n\nCalling `add\(2, 2\)` returns 5\./
    )
    expect(first.tools?.map(t => t.function.name)).toEqual([
      'list_files',
      'read_file',
      'search_text',
      'edit_file',
      'write_file',
      'delete_file',
      'run_command',
      'finish'
    ])
  })

  it('reports cost as unknown for a model without a price', async () => {
    const { engine, repo } = await setup([{ text: 'Nothing to do.' }])
    const result = await engine.attempt(attemptInput(repo.dir))
    expect(result).toMatchObject({
      stopReason: 'finished',
      summary: 'Nothing to do.',
      costUsd: null,
      trail: { changed: [] }
    })
  })

  it('keeps the tools inside the workspace: .., symlinks to /etc, .git, protected paths, environment', async () => {
    const marker = `/etc/nightshift-escape-${process.pid}`
    const { engine, repo, server } = await setup([
      { toolCalls: [{ name: 'read_file', arguments: { path: '../home/.gitconfig' } }] },
      { toolCalls: [{ name: 'read_file', arguments: { path: 'etc-link/passwd' } }] },
      {
        toolCalls: [
          { name: 'write_file', arguments: { path: `etc-link/${path.basename(marker)}`, content: 'x' } }
        ]
      },
      {
        toolCalls: [
          {
            name: 'write_file',
            arguments: { path: '.git/hooks/pre-commit', content: '#!/bin/sh\nenv > /tmp/leak\n' }
          }
        ]
      },
      {
        toolCalls: [
          {
            name: 'edit_file',
            arguments: { path: '.github/workflows/ci.yml', old_text: 'push', new_text: 'pull_request_target' }
          }
        ]
      },
      {
        toolCalls: [
          {
            name: 'run_command',
            arguments: { command: 'env; tr "\\0" "\\n" < /proc/self/environ', cwd: '.' }
          }
        ]
      },
      { toolCalls: [{ name: 'run_command', arguments: { command: 'pwd', cwd: '../' } }] },
      { toolCalls: [{ name: 'finish', arguments: { summary: 'tried' } }] }
    ])
    symlinkSync('/etc', path.join(repo.dir, 'etc-link'))
    const result = await engine.attempt(attemptInput(repo.dir))
    expect(result.stopReason).toBe('finished')
    const answers = server.requests.slice(1).map(r => toolResults(r).at(-1) ?? '')
    expect(answers[0]).toMatch(/outside the repository/)
    expect(answers[1]).toMatch(/leads outside the repository .* through a symlink/)
    expect(answers[2]).toMatch(/through a symlink/)
    expect(existsSync(marker)).toBe(false)
    expect(answers[3]).toMatch(/inside \.git/)
    expect(existsSync(path.join(repo.dir, '.git/hooks/pre-commit'))).toBe(false)
    expect(answers[4]).toMatch(/is protected by "\.github\/workflows\/\*\*"/)
    expect(readFileSync(path.join(repo.dir, '.github/workflows/ci.yml'), 'utf8')).toBe(
      FILES['.github/workflows/ci.yml']
    )
    expect(answers[5]).toContain('GIT_TERMINAL_PROMPT=0')
    for (const secret of Object.values(FAKE_SECRETS)) expect(answers[5]).not.toContain(secret)
    expect(answers[5]).not.toMatch(/GITHUB_TOKEN|ACTIONS_RUNTIME|INPUT_|API_KEY/)
    expect(answers[6]).toMatch(/outside the repository/)
  })

  it('answers malformed tool calls with a readable error and goes on', async () => {
    const { engine, repo, server } = await setup([
      { toolCalls: [{ name: 'read_file', arguments: '{"path": "src/math.js"' }] },
      { toolCalls: [{ name: 'open_browser', arguments: { url: 'https://example.com' } }] },
      { toolCalls: [{ name: 'edit_file', arguments: { path: 'src/math.js' } }] },
      {
        toolCalls: [
          { name: 'edit_file', arguments: { path: 'src/math.js', old_text: 'not there', new_text: 'x' } }
        ]
      },
      { toolCalls: [{ name: 'finish', arguments: { summary: 'recovered' } }] }
    ])
    const result = await engine.attempt(attemptInput(repo.dir))
    expect(result).toMatchObject({
      stopReason: 'finished',
      summary: 'recovered',
      stepTiers: Array(5).fill('standard')
    })
    const answers = server.requests.slice(1).map(r => toolResults(r).at(-1) ?? '')
    expect(answers[0]).toMatch(/Invalid input for tool read_file|JSON/i)
    expect(answers[1]).toMatch(/unavailable tool 'open_browser'.*read_file/s)
    expect(answers[2]).toMatch(/Invalid input for tool edit_file/)
    expect(answers[2]).toMatch(/old_text/)
    expect(answers[3]).toContain('old_text occurs 0 times in src/math.js; it must occur exactly once')
  })

  it('stops on the token budget, keeping what was written', async () => {
    const { engine, repo } = await setup([
      {
        toolCalls: [{ name: 'write_file', arguments: { path: 'partial.txt', content: 'kept' } }],
        usage: { input: 900, output: 100 }
      },
      { toolCalls: [{ name: 'list_files', arguments: {} }], usage: { input: 900, output: 100 } },
      { toolCalls: [{ name: 'list_files', arguments: {} }], usage: { input: 900, output: 100 } }
    ])
    const result = await engine.attempt(attemptInput(repo.dir, {}, { maxTokens: 1500 }))
    expect(result).toMatchObject({ stopReason: 'budget', trail: { changed: ['partial.txt'] } })
    expect(result.stepTiers).toHaveLength(2)
    expect(result.summary).toBe('Token budget of 1500 reached (2000 used).')
  })

  it('stops on the money budget', async () => {
    const { engine, repo } = await setup(
      () => ({
        toolCalls: [{ name: 'list_files', arguments: {} }],
        usage: { input: 100_000, output: 10_000 }
      }),
      {
        prices: { scripted: { input: 1, output: 10 } }
      }
    )
    const result = await engine.attempt(attemptInput(repo.dir, {}, { maxCostUsd: 0.5 }))
    // $0.20 a step: stops once $0.60 is reached.
    expect(result).toMatchObject({ stopReason: 'budget', stepTiers: Array(3).fill('standard') })
    expect(result.costUsd).toBeCloseTo(0.6, 10)
    expect(result.summary).toBe('Cost budget of $0.50 reached ($0.6000 spent).')
  })

  it('stops at the step limit and at the deadline (injected clock)', async () => {
    const loop: ModelScript = () => ({ toolCalls: [{ name: 'list_files', arguments: {} }] })
    const { engine, repo } = await setup(loop, { maxSteps: 3 })
    expect(await engine.attempt(attemptInput(repo.dir))).toMatchObject({
      stopReason: 'step_limit',
      stepTiers: Array(3).fill('standard')
    })

    let now = 1_000_000
    const clock = { now: () => (now += 10_000), sleep: async () => undefined }
    const timed = createBuiltinEngine({
      credentials: { 'openai-base-url': server!.url },
      clock,
      sandbox: await testSandbox()
    })
    expect(await timed.attempt(attemptInput(repo.dir, {}, { deadline: 1_000_000 + 35_000 }))).toMatchObject({
      stopReason: 'timeout',
      stepTiers: Array(3).fill('standard')
    })
  })

  it('retries a provider 500 a bounded number of times, then ends with a readable error', async () => {
    const { engine, repo, server } = await setup(
      () => ({ status: 500, headers: { 'retry-after-ms': '5' } }),
      { maxRetries: 2 }
    )
    const result = await engine.attempt(attemptInput(repo.dir))
    expect(server.requests).toHaveLength(3)
    expect(result.stopReason).toBe('error')
    expect(result.error).toMatch(
      /Model request to "openai-compatible:scripted" failed after 3 tries: .*scripted error 500/
    )
    expect(result.tokens).toEqual({ input: 0, output: 0, cached: 0, cacheWrite: 0 })
  })

  it('recovers from a 500 and from a request that times out', async () => {
    const { engine, repo, server } = await setup(
      [
        { status: 500, headers: { 'retry-after-ms': '5' } },
        { toolCalls: [{ name: 'list_files', arguments: {} }] },
        { delayMs: 1500, text: 'too late' },
        { text: 'done after a retry' }
      ],
      { requestTimeoutMs: 300, maxRetries: 1 }
    )
    const result = await engine.attempt(attemptInput(repo.dir))
    expect(result).toMatchObject({
      stopReason: 'finished',
      summary: 'done after a retry',
      stepTiers: Array(2).fill('standard')
    })
    expect(server.requests).toHaveLength(4)
  })
})

describe('tool calls in the log', () => {
  it('one line per call with its arguments, long values clipped, newlines kept inside the JSON', () => {
    expect(
      toolCallLine(3, 'edit_file', { path: 'src/a.js', old_text: 'x\n::set-output', new_text: 'y' })
    ).toBe('step 3: edit_file {"path":"src/a.js","old_text":"x\\n::set-output","new_text":"y"}')
    const line = toolCallLine(1, 'write_file', { path: 'big.txt', content: 'z'.repeat(5000) })
    expect(line).toContain('"content":"' + 'z'.repeat(200) + '… (5000 chars)"')
    expect(line.split('\n')).toHaveLength(1)
  })
})
