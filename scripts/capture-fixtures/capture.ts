/**
 * Regenerates test/fixtures/logs/*.log by running real tools on tiny projects with real bugs and
 * wrapping their output the way GitHub Actions formats a job log (see README.md beside this file).
 *
 *   node --import tsx scripts/capture-fixtures/capture.ts [case ...]
 *
 * Labels (`<case>.expected.json`) are written by a person reading the log, never by this script.
 */
import { spawn } from 'node:child_process'
import { execSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Case } from './case.js'
import { jsCases } from './cases-js.js'
import { fallbackCases } from './cases-fallback.js'
import { nativeCases } from './cases-native.js'
import { securityCases } from './cases-security.js'
import { shapeCases } from './cases-shapes.js'
import { JobLogWriter } from './job-log.js'
import { runnerLog } from '../../test/feedback/runner-log.js'

const here = dirname(fileURLToPath(import.meta.url))
const outDir = resolve(here, '../../test/fixtures/logs')
/** GitHub's workspace path for repository acme/demo, so absolute paths look like a hosted runner's. */
const workspace = '/home/runner/work/demo/demo'
const tools = process.env.NIGHTSHIFT_CAPTURE_TOOLS ?? '/tmp/nightshift-capture-tools'
/** The npm tools, pinned loosely: the fixtures record whichever version ran (see each log). */
const npmTools = [
  'jest@30',
  'vitest@4',
  'mocha@11',
  'ava@6',
  'typescript@5.9',
  'eslint@9',
  '@eslint/js@9',
  'eslint-formatter-compact',
  'eslint-formatter-unix',
  'prettier@3',
  '@biomejs/biome@2',
  '@vitest/coverage-v8@4',
  'c8'
]

function sh(cmd: string, cwd: string, env: NodeJS.ProcessEnv, out: JobLogWriter): Promise<number> {
  return new Promise(done => {
    // One shell, stderr folded into stdout, as the runner's `bash -e {0}` step sees it.
    const child = spawn(
      'bash',
      ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', `exec 2>&1\n${cmd}`],
      {
        cwd,
        env
      }
    )
    child.stdout.on('data', (b: Buffer) => out.raw(b.toString('utf8')))
    child.on('close', code => done(code ?? 1))
  })
}

async function ensureTools(): Promise<void> {
  if (existsSync(join(tools, 'node_modules/.bin/jest'))) return
  mkdirSync(tools, { recursive: true })
  const log = new JobLogWriter()
  const code = await sh(`npm install --prefix ${tools} ${npmTools.join(' ')}`, tools, process.env, log)
  if (code !== 0) throw new Error(`npm install into ${tools} failed (exit ${code}):\n${log.text()}`)
}

async function capture(c: Case): Promise<void> {
  rmSync(workspace, { recursive: true, force: true })
  mkdirSync(workspace, { recursive: true })
  const prepared = await c.prepare?.()
  const files = { ...c.files, ...prepared?.files }
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true })
    writeFileSync(join(workspace, path), content)
  }
  const caseTools = c.tools ?? tools
  if (!files['package-lock.json'] && !c.name.startsWith('npm-')) {
    symlinkSync(join(caseTools, 'node_modules'), join(workspace, 'node_modules'))
  }
  const env: NodeJS.ProcessEnv = {
    // System tools (Debian's python3 with pytest/mypy, go, clang) before any user-local shims.
    PATH: [
      ...(c.path ?? []),
      join(caseTools, 'node_modules/.bin'),
      '/usr/local/bin:/usr/bin:/bin',
      process.env.PATH ?? ''
    ].join(':'),
    HOME: process.env.HOME,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    CARGO_HOME: process.env.CARGO_HOME,
    RUSTUP_HOME: process.env.RUSTUP_HOME,
    GOCACHE: '/tmp/nightshift-capture-gocache',
    GOFLAGS: '-mod=mod',
    GOPATH: '/tmp/nightshift-capture-gopath',
    CARGO_TARGET_DIR: '/tmp/nightshift-capture-target',
    PYTHONDONTWRITEBYTECODE: '1',
    ...c.env,
    ...prepared?.env
  }
  const log = new JobLogWriter()
  log.preamble('acme/demo', workspace)
  let failed = false
  for (const step of c.steps) {
    if (failed) break
    log.stepStart(step.run)
    const code = await sh(step.run, workspace, env, log)
    if (code !== 0) {
      log.line(`##[error]Process completed with exit code ${code}.`)
      if (!step.continueOnError) failed = true
    }
  }
  log.postamble()
  await prepared?.finish()
  // Workflow commands a tool printed (`::error …::`, `::group::`) as the runner writes them.
  writeFileSync(join(outDir, `${c.name}.log`), runnerLog(log.text()))
  if (c.tool) record(c, env)
  console.log(`${c.name}: ${log.text().split('\n').length} lines`)
}

/** test/fixtures/logs/manifest.json: how each fixture was made (tool, version, commands). */
function record(c: Case, env: NodeJS.ProcessEnv): void {
  const file = join(outDir, 'manifest.json')
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  let version: string
  try {
    version = execSync(c.tool!.version, { cwd: workspace, env, encoding: 'utf8' }).trim().split('\n')[0]
  } catch {
    version = 'unknown'
  }
  manifest[c.name] = {
    tool: c.tool!.name,
    version,
    commands: c.steps.map(s => s.run),
    how: `captured by scripts/capture-fixtures on ${new Date().toISOString().slice(0, 10)} (Debian 12, node ${process.version})${c.note ? `; ${c.note}` : ''}`
  }
  const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)))
  writeFileSync(file, JSON.stringify(sorted, null, 2) + '\n')
}

const all = [...jsCases, ...nativeCases, ...shapeCases, ...securityCases, ...fallbackCases]
const wanted = process.argv.slice(2)
const unknown = wanted.filter(w => !all.some(c => c.name === w))
if (unknown.length) {
  console.error(`Unknown case(s): ${unknown.join(', ')}. Known: ${all.map(c => c.name).join(', ')}`)
  process.exit(2)
}
await ensureTools()
mkdirSync(outDir, { recursive: true })
for (const c of all) if (!wanted.length || wanted.includes(c.name)) await capture(c)
rmSync(workspace, { recursive: true, force: true })
