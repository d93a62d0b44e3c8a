/**
 * A job as the runner runs it, for the fault tests: the main step (killable like a cancelled job),
 * then the post step with the state the main step saved, both sharing one RUNNER_TEMP; faults armed
 * when the action prints a given line; and read-backs of what a fault may leave behind (check runs
 * still open, the issue lease, the attempts the branch's commits carry).
 */
// First: fails at once when dist/ is older than the sources.
import './fresh-dist.js'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { ActionResult } from '../emulator/run-action.js'
import { commentEvent } from './events.js'
import { MAINTAINER, POST_SCRIPT, REPO, type RunOptions, type Scenario } from './harness.js'

const ACTION = resolve(new URL('../../dist/index.js', import.meta.url).pathname)
/** Runs the bundled action after writing its process id, so a test can kill it like a cancelled job. */
const WRAPPER = `import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
writeFileSync(process.env.E2E_PID_FILE, String(process.pid))
await import(pathToFileURL(process.env.E2E_ACTION).href)
`

/** Calls `fn` once, the first time the action prints a line matching `pattern` (in order of the list). */
export function onLines(
  ...steps: [RegExp, (match: RegExpExecArray) => void | Promise<void>][]
): (text: string) => void {
  const pending = [...steps]
  let buffer = ''
  return text => {
    buffer += text
    const lines = buffer.split('\n')
    buffer = lines.pop() ?? ''
    for (const line of lines) {
      const next = pending[0]
      const match = next ? next[0].exec(line) : null
      if (next && match) {
        pending.shift()
        void next[1](match)
      }
    }
  }
}

export interface Job {
  /** The main step, killable with `kill()` while it runs. */
  main(event: string, payload: unknown, options?: RunOptions): Promise<ActionResult>
  /**
   * The post step, given what the main step saved (the runner passes it as STATE_* variables) and the
   * same inputs as the main step (`options.inputs`).
   */
  post(main: ActionResult, options?: RunOptions): Promise<ActionResult>
  /** SIGKILL the running main step, as a runner losing the job would. */
  kill(): Promise<void>
  close(): Promise<void>
}

export async function startJob(s: Scenario): Promise<Job> {
  const dir = await mkdtemp(join(tmpdir(), 'nightshift-e2e-job-'))
  const runnerTemp = join(dir, 'runner-temp')
  const pidFile = join(dir, 'pid')
  const wrapper = join(dir, 'wrapper.mjs')
  await writeFile(wrapper, WRAPPER)
  return {
    main: (event, payload, options = {}) =>
      s.run(event, payload, {
        ...options,
        script: wrapper,
        env: { RUNNER_TEMP: runnerTemp, E2E_PID_FILE: pidFile, E2E_ACTION: ACTION, ...options.env }
      }),
    post: (main, options = {}) => {
      const saved = Object.fromEntries(Object.entries(main.state).map(([k, v]) => [`STATE_${k}`, v]))
      return s.run(
        'issues',
        {},
        {
          ...options,
          script: POST_SCRIPT,
          env: { ...saved, RUNNER_TEMP: runnerTemp, ...options.env }
        }
      )
    },
    kill: async () => {
      process.kill(Number(await readFile(pidFile, 'utf8')), 'SIGKILL')
    },
    close: () => rm(dir, { recursive: true, force: true })
  }
}

/** `/nightshift retry` from the maintainer, run as a new job (a new runner: nothing local survives). */
export async function retry(s: Scenario, options: RunOptions = {}): Promise<ActionResult> {
  const payload = await commentEvent(s.emulator, REPO, {
    number: s.issue.number,
    body: '/nightshift retry',
    user: MAINTAINER
  })
  return s.run('issue_comment', payload, options)
}

/** `nightshift` check runs in the repository that are not completed. */
export function openCheckRuns(s: Scenario): { id: number; status: string }[] {
  return [...s.emulator.repo(REPO).checkRuns.values()]
    .filter(c => c.name === 'nightshift' && c.status !== 'completed')
    .map(c => ({ id: c.id, status: c.status }))
}

/** The `Nightshift-Attempt` trailers on the branch, oldest first. */
export async function attemptTrailers(s: Scenario, branch: string): Promise<string[]> {
  const out = await s.remoteGit([
    'log',
    '--reverse',
    '--format=%(trailers:key=Nightshift-Attempt,valueonly)',
    `main..${branch}`
  ])
  return out.split('\n').filter(Boolean)
}

/** What the issue's lease ref says now (its commit message), or null when there is none. */
export async function leaseMessage(s: Scenario): Promise<string | null> {
  try {
    return await s.remoteGit(['log', '-1', '--format=%B', `refs/nightshift/lock/${s.issue.number}`])
  } catch {
    return null
  }
}

/** Requests the action made to one operation (by method and a path fragment). */
export async function requestsTo(s: Scenario, method: string, fragment: string): Promise<number> {
  return (await s.exchanges()).filter(e => e.method === method && e.path.includes(fragment)).length
}
