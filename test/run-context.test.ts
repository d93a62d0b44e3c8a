/**
 * The runner's facts come from the environment the step was given, read once: nothing after the
 * composition root reads `process.env` (a test or a second run in one process would see the wrong run).
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseSettings } from '../src/config/parse.js'
import { createRunContext, runnerFacts } from '../src/run-context.js'

const repo = { owner: 'octo', repo: 'tinyledger' }

describe('runner facts', () => {
  it('name the run, its server and its try from the given environment', () => {
    const facts = runnerFacts(
      {
        GITHUB_SERVER_URL: 'https://ghe.example',
        GITHUB_RUN_ID: '42',
        GITHUB_RUN_ATTEMPT: '3',
        HOME: '/home/runner',
        PATH: '/opt/bin'
      },
      repo
    )
    expect(facts).toEqual({
      serverUrl: 'https://ghe.example',
      runUrl: 'https://ghe.example/octo/tinyledger/actions/runs/42',
      identity: '42/3',
      home: '/home/runner',
      path: '/opt/bin'
    })
  })

  it('outside a workflow run: github.com, no run page, this process as the lease holder', () => {
    const facts = runnerFacts({}, repo)
    expect(facts).toMatchObject({
      serverUrl: 'https://github.com',
      runUrl: null,
      identity: `local-${process.pid}/1`
    })
  })

  it('the run context takes them from the environment it is given, not from process.env', () => {
    const settings = parseSettings(name => (name === 'github-token' ? 'ghs_test' : ''))
    const ctx = createRunContext(settings, {
      GITHUB_REPOSITORY: 'octo/tinyledger',
      GITHUB_SERVER_URL: 'https://ghe.example',
      GITHUB_RUN_ID: '7',
      GITHUB_WORKSPACE: '/work/checkout',
      RUNNER_TEMP: '/work/temp'
    })
    expect(ctx.runner.runUrl).toBe('https://ghe.example/octo/tinyledger/actions/runs/7')
    expect(ctx).toMatchObject({ repo, workspaceDir: '/work/checkout', runnerTemp: '/work/temp' })
    expect(ctx.runner.path).toBe('/usr/local/bin:/usr/bin:/bin')
  })

  it('no module after the composition root reads process.env', () => {
    const given = [
      'src/main.ts',
      'src/issue-work.ts',
      'src/compose.ts',
      'src/issue-lease.ts',
      'src/run-context.ts'
    ]
    const handlers = readdirSync('src/handle').map(f => join('src/handle', f))
    const readers = [...given, ...handlers].filter(f => /process\.env/.test(readFileSync(f, 'utf8')))
    expect(readers).toEqual([])
  })
})
