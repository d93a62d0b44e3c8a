/**
 * `nightshift local` end to end: a real repository (the sample project with its real bug), a real CI
 * command (`node --test`), and a command agent that patches wrongly first and correctly once the CI
 * feedback names the failing test — so the test shows the feedback reaches the agent.
 */
import { spawn } from 'node:child_process'
import { cpSync, readFileSync, writeFileSync, chmodSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { createGitRepo, type GitRepo } from '../helpers/git-repo.js'

let repo: GitRepo
const agent = (dir: string) => `#!/bin/bash
cat "$NIGHTSHIFT_PROMPT_FILE" >> "${dir}/prompts.txt"
echo "----" >> "${dir}/prompts.txt"
if grep -q "parses whole amounts and cents" "$NIGHTSHIFT_PROMPT_FILE"; then
  sed -i 's/const cents = .*/const cents = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"))/' src/money.js
else
  sed -i 's/Number(m\\[3\\] ?? 0)/Number(m[3] ?? 0) * 10/' src/money.js
fi
`

function cli(
  args: string[],
  env: NodeJS.ProcessEnv
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', d => (stdout += d))
    child.stderr.on('data', d => (stderr += d))
    child.on('close', code => resolve({ code, stdout, stderr }))
  })
}

beforeAll(async () => {
  repo = await createGitRepo()
  cpSync('test/fixtures/sample-repo', repo.clone, { recursive: true })
  await repo.git(repo.clone, 'add', '-A')
  await repo.git(repo.clone, 'commit', '-qm', 'tinyledger')
  writeFileSync(join(repo.root, 'agent.sh'), agent(repo.root))
  chmodSync(join(repo.root, 'agent.sh'), 0o755)
})
afterAll(() => repo.cleanup())

it('fixes the sample bug in two attempts, feeding the failing test to the agent', async () => {
  const r = await cli(
    [
      'local',
      '--repo',
      repo.clone,
      '--task',
      "parseAmount('12.5') returns 1205, expected 1250",
      '--ci',
      'node --test',
      '--agent-command',
      join(repo.root, 'agent.sh'),
      '--json'
    ],
    { ...repo.env, NODE_OPTIONS: '' }
  )
  expect([r.code, r.stderr.slice(-400)]).toEqual([0, expect.any(String)])
  const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>
  expect(result).toMatchObject({ outcome: 'success', reason: 'green', attempts: 2 })
  const prompts = readFileSync(join(repo.root, 'prompts.txt'), 'utf8').split('----\n')
  expect(prompts[0]).not.toContain('parses whole amounts and cents')
  expect(prompts[1]).toContain('parses whole amounts and cents')
  expect(prompts[1]).toContain('test/money.test.js')
  const report = readFileSync(result.report as string, 'utf8')
  expect(report).toContain('Pull request ready after 2 attempts')
  const log = await repo.git(
    repo.clone,
    'log',
    '--format=%s%n%(trailers:key=Nightshift-Attempt)',
    `${result.branch as string}`
  )
  expect(log).toContain('Nightshift-Attempt: 2')
  expect(existsSync(join(repo.clone, '.git', 'nightshift', 'state'))).toBe(true)
})

it('refuses bad arguments with the usage', async () => {
  const r = await cli(['local', '--ci', 'true', '--max-attempts', 'lots'], { ...repo.env, NODE_OPTIONS: '' })
  expect(r.code).toBe(2)
  expect(r.stderr).toContain('--task is required')
  expect(r.stderr).toContain('--max-attempts: got "lots"')
  expect(r.stderr).toContain('Usage: nightshift local')
})

it('stops before attempt 1 when the CI command cannot run in a clean worktree, and says how to fix the command', async () => {
  const dir = join(repo.root, 'vitest-project')
  await repo.git(repo.root, 'clone', '--quiet', '--branch', 'main', repo.clone, dir)
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'p', private: true, scripts: { test: 'vitest run' } }, null, 2)}\n`
  )
  writeFileSync(
    join(dir, 'package-lock.json'),
    '{"name":"p","lockfileVersion":3,"requires":true,"packages":{}}\n'
  )
  await repo.git(dir, 'add', '-A')
  await repo.git(dir, 'commit', '-qm', 'Test with vitest')
  const marker = join(repo.root, 'agent-ran')
  const r = await cli(
    [
      'local',
      '--repo',
      dir,
      '--task',
      'Fix the ledger',
      '--ci',
      'npm test',
      '--agent-command',
      `touch ${marker}`
    ],
    { ...repo.env, NODE_OPTIONS: '' }
  )
  expect(r.code).toBe(1)
  expect(existsSync(marker)).toBe(false)
  expect(r.stderr).toContain('CI cannot run on main, before any change: a setup problem')
  expect(r.stderr).toContain('vitest: not found')
  expect(r.stderr).toContain(
    'Install the dependencies in the command itself, e.g. --ci "npm ci && npm test".'
  )
  expect(r.stderr).toContain('failed (ci-setup) after 0 attempt(s)')
})
