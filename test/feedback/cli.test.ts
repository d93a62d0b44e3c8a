/** `nightshift feedback` run as a process from the source entry, the way a user runs it. */
import { spawn } from 'node:child_process'
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { analyze } from '../../src/feedback/index.js'
import { fixturesDir } from './helpers.js'

const root = resolve(fixturesDir, '../../..')
interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function cli(args: string[], stdin?: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'feedback', ...args], {
      cwd: root,
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (b: Buffer) => (stdout += b.toString()))
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()))
    child.on('error', fail)
    child.on('close', code => done({ code, stdout, stderr }))
    if (stdin !== undefined) createReadStream(stdin).pipe(child.stdin!)
  })
}

const log = (name: string) => join(fixturesDir, `${name}.log`)
let tmp: string
let runs: Record<string, Run>

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'nightshift-cli-'))
  // The eslint fixture (absolute paths) from a self-hosted runner with its own work folder, and
  // without the checkout step that would name it.
  const custom = join(tmp, 'self-hosted.log')
  const lines = readFileSync(log('eslint-stylish'), 'utf8').split('\n')
  const from = lines.findIndex(l => l.includes('##[group]Run npx eslint'))
  writeFileSync(
    custom,
    lines.slice(from).join('\n').replaceAll('/home/runner/work/demo/demo', '/srv/ci/demo')
  )
  const entries = {
    workspace: cli(['--json', '--workspace', '/srv/ci/demo', custom]),
    noWorkspace: cli(['--json', custom]),
    badWorkspace: cli(['--workspace', 'relative/dir', custom]),
    plain: cli([log('go-vet')]),
    json: cli(['--json', log('lint-and-test'), log('tsc')]),
    stdin: cli(['--budget', '300', '--json', '-'], log('flake8')),
    none: cli([]),
    badBudget: cli(['--budget', 'lots', log('tsc')]),
    missing: cli([log('tsc'), join(tmp, 'nope.log')])
  }
  const done = await Promise.all(Object.values(entries))
  runs = Object.fromEntries(Object.keys(entries).map((k, i) => [k, done[i]]))
}, 60_000)

afterAll(() => rmSync(tmp, { recursive: true, force: true }))

test('plain mode prints the feedback text and exits 0 although failures were found', () => {
  expect(runs.plain).toEqual({
    code: 0,
    stderr: '',
    stdout:
      'Failing steps:\n- go-vet › Run go vet ./... (exit code 2)\n\nFailures (1):\n' +
      '- main.go:7:2 go vet — fmt.Printf format %d has arg name of wrong type string\n'
  })
})

test('--json prints one object whose feedback is exactly what analyze gives the agent', async () => {
  expect(runs.json.code).toBe(0)
  const out = JSON.parse(runs.json.stdout) as { failures: Record<string, unknown>[]; feedback: string }
  expect(Object.keys(out)).toEqual(['failures', 'feedback'])
  for (const f of out.failures)
    expect(Object.keys(f)).toEqual(['tool', 'file', 'line', 'column', 'test', 'message'])
  const direct = await analyze([
    { name: 'lint-and-test', content: createReadStream(log('lint-and-test')) },
    { name: 'tsc', content: createReadStream(log('tsc')) }
  ])
  expect(out).toEqual(direct)
  expect(out.feedback).toContain('- lint-and-test › Run npx jest (exit code 1)')
  expect(out.feedback).toContain('- tsc › Run npx tsc -p . (exit code 1)')
})

test('- reads standard input, and --budget limits the feedback', () => {
  expect(runs.stdin.code).toBe(0)
  const out = JSON.parse(runs.stdin.stdout) as { failures: unknown[]; feedback: string }
  expect(out.failures).toHaveLength(10)
  expect(out.feedback.length).toBeLessThanOrEqual(300)
  expect(out.feedback).toContain('- stdin › Run flake8 tool')
})

test('--workspace makes paths under a checkout no runner layout names relative to the repository', () => {
  const files = (run: Run) =>
    (JSON.parse(run.stdout) as { failures: { file: string }[] }).failures.map(f => f.file)
  expect(files(runs.noWorkspace)).toContain('/srv/ci/demo/src/app.js')
  expect([...new Set(files(runs.workspace))]).toEqual(['src/app.js', 'src/util.js'])
})

test.each([
  ['badWorkspace', '--workspace needs the absolute path of the checkout on the runner'],
  ['none', 'no log given'],
  ['badBudget', '--budget must be a whole number of characters of at least 200, got "lots"']
])('usage error (%s) exits 2 with a clear message and the usage', (name, text) => {
  expect(runs[name].code).toBe(2)
  expect(runs[name].stdout).toBe('')
  expect(runs[name].stderr).toContain(text)
  expect(runs[name].stderr).toContain('Usage: nightshift feedback')
})

test('an unreadable log exits 1 naming the file, before printing anything', () => {
  expect(runs.missing.code).toBe(1)
  expect(runs.missing.stdout).toBe('')
  expect(runs.missing.stderr).toContain(`cannot read log "${join(tmp, 'nope.log')}"`)
})
