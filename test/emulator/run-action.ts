/**
 * Runs the bundled action as a child process against the emulator, with the environment the Actions
 * runner gives a node action (see the notes on running the bundled action like the runner does), and
 * reads back its outputs, step summary and saved state.
 */
import { parseEnvFile } from './file-commands.js'
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { git, isolatedGitEnv } from './git-exec.js'
import type { Emulator } from './server.js'

export interface RunActionOptions {
  /** GITHUB_EVENT_NAME, e.g. `issues`. */
  event: string
  /** The webhook payload written to GITHUB_EVENT_PATH. */
  payload: unknown
  /** Action inputs by name (hyphens kept: `github-token` → INPUT_GITHUB-TOKEN). */
  inputs?: Record<string, string>
  /** Extra environment (model server URL, NIGHTSHIFT_EMULATOR_LOG, …). */
  env?: Record<string, string>
  /** `owner/name` of the repository (default: the only one in the emulator is not known, so required). */
  repository: string
  /** The script to run (default `dist/index.js` of this project). */
  script?: string
  /** Kill the action after this long (default 120 s). */
  timeoutMs?: number
  /** Receives the action's standard output as it comes (the demo prints progress with it). */
  onOutput?: (text: string) => void
  /** Run the action as this user (the runner's files are given to it first), as a self-hosted runner's job user. */
  as?: { uid: number; gid: number }
}

export interface ActionResult {
  code: number | null
  stdout: string
  stderr: string
  /** Parsed from GITHUB_OUTPUT (`name=value` and `name<<DELIM` blocks). */
  outputs: Record<string, string>
  summary: string
  state: Record<string, string>
}

/** `core.setOutput` writes `name<<ghadelimiter_x\nvalue\nghadelimiter_x`; older code writes `name=value`. */
export function parseCommandFile(text: string): Record<string, string> {
  return Object.fromEntries(parseEnvFile(text))
}

/** Each run gets its own GITHUB_RUN_ID, as each workflow run on GitHub does (the issue lease tells runs apart by it). */
let nextRunId = 7_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000

export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

export async function runAction(emulator: Emulator, options: RunActionOptions): Promise<ActionResult> {
  const dir = await mkdtemp(join(tmpdir(), 'nightshift-runner-'))
  try {
    const temp = join(dir, 'temp')
    const home = join(dir, 'home')
    const [, name] = options.repository.split('/')
    const workspace = join(dir, 'work', name!, name!)
    await mkdir(temp, { recursive: true })
    await mkdir(home, { recursive: true })
    const files = {
      event: join(temp, 'event.json'),
      output: join(temp, 'output'),
      summary: join(temp, 'step_summary'),
      state: join(temp, 'state')
    }
    await writeFile(files.event, JSON.stringify(options.payload))
    for (const f of [files.output, files.summary, files.state]) await writeFile(f, '')
    // actions/checkout with persist-credentials: false, as the README's workflow uses it.
    const auth = Buffer.from(`x-access-token:${emulator.token}`).toString('base64')
    await git(
      [
        '-c',
        `http.extraHeader=Authorization: Basic ${auth}`,
        'clone',
        '--quiet',
        `${emulator.serverUrl}/${options.repository}.git`,
        workspace
      ],
      {
        env: isolatedGitEnv(home)
      }
    )
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      GIT_CONFIG_NOSYSTEM: '1',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_API_URL: emulator.apiUrl,
      GITHUB_SERVER_URL: emulator.serverUrl,
      GITHUB_GRAPHQL_URL: `${emulator.apiUrl}/graphql`,
      GITHUB_REPOSITORY: options.repository,
      GITHUB_REPOSITORY_OWNER: options.repository.split('/')[0],
      GITHUB_EVENT_NAME: options.event,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_STATE: files.state,
      GITHUB_WORKSPACE: workspace,
      GITHUB_RUN_ID: String(nextRunId++),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_ACTOR: 'github-actions[bot]',
      RUNNER_TEMP: temp,
      RUNNER_OS: 'Linux',
      // One runner per test worker, as on a host with several runners (test/helpers/runner-name.ts).
      RUNNER_NAME: process.env.RUNNER_NAME ?? `emulated runner ${process.env.JEST_WORKER_ID ?? 0}`,
      NO_PROXY: '127.0.0.1',
      no_proxy: '127.0.0.1',
      ...options.env
    }
    for (const [k, v] of Object.entries(options.inputs ?? {})) env[inputEnvName(k)] = v
    if (options.as) await chownTree(dir, options.as)
    const script = options.script ?? resolve(new URL('../../dist/index.js', import.meta.url).pathname)
    const { code, stdout, stderr } = await new Promise<{
      code: number | null
      stdout: string
      stderr: string
    }>((done, fail) => {
      const child = spawn(process.execPath, [script], {
        cwd: workspace,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        ...(options.as ?? {})
      })
      let out = ''
      let err = ''
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString()
        options.onOutput?.(b.toString())
      })
      child.stderr.on('data', (b: Buffer) => (err += b.toString()))
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
      child.on('error', fail)
      child.on('close', c => {
        clearTimeout(timer)
        done({ code: c, stdout: out, stderr: err })
      })
    })
    return {
      code,
      stdout,
      stderr,
      outputs: parseCommandFile(await readFile(files.output, 'utf8')),
      summary: await readFile(files.summary, 'utf8'),
      state: parseCommandFile(await readFile(files.state, 'utf8'))
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function chownTree(dir: string, owner: { uid: number; gid: number }): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('chown', ['-R', `${owner.uid}:${owner.gid}`, dir], e => (e ? reject(e) : resolve()))
  )
}
