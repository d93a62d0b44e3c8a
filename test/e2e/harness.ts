/**
 * Shared setup of the end-to-end tests: the emulator with the sample repository and its bug report,
 * the scripted model on loopback, the bundled action run as the runner would run it, and read-backs
 * of what the action left on the (emulated) GitHub: pull requests, comments, labels, branches, the
 * check run and its compact state, and the JSONL exchange log.
 */
// First: fails at once when dist/ is older than the sources.
import './fresh-dist.js'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startModelServer, type ModelServer } from '../emulator/model-server.js'
import { runAction, type ActionResult } from '../emulator/run-action.js'
import { SAMPLE_MAINTAINER, SAMPLE_REPOSITORY, startSampleEmulator } from '../emulator/sample.js'
import { plainClient } from '../emulator/helpers.js'
import type { Emulator } from '../emulator/server.js'
import { git, isolatedGitEnv } from '../emulator/git-exec.js'
import type { Issue } from '../emulator/model.js'
import { stateFromCheckRunText } from '../../src/state/codec.js'
import type { LoopState } from '../../src/loop/state.js'
import { issuesEvent } from './events.js'
import { createFixer, type Fixer, type Patch } from './fixer.js'

export const REPO = SAMPLE_REPOSITORY
export const MAINTAINER = SAMPLE_MAINTAINER
export const BOT = 'nightshift-bot'
const [OWNER, NAME] = REPO.split('/') as [string, string]
export const POST_SCRIPT = resolve(new URL('../../dist/post.js', import.meta.url).pathname)

/** One request as the emulator logged it. */
export interface Exchange {
  method: string
  path: string
  status: number
  request: unknown
  response: unknown
}

export interface RunOptions {
  inputs?: Record<string, string>
  env?: Record<string, string>
  timeoutMs?: number
  script?: string
  onOutput?: (text: string) => void
}

export interface Scenario {
  emulator: Emulator
  issue: Issue
  fixer: Fixer
  model: ModelServer
  client: ReturnType<typeof plainClient>
  /** Runs dist/index.js (or `options.script`) for this event with the scripted model's inputs. */
  run(event: string, payload: unknown, options?: RunOptions): Promise<ActionResult>
  /** Labels the issue `agent-ok`, assigns it to the bot (as the maintainer) and runs the `assigned` event. */
  start(options?: RunOptions): Promise<ActionResult>
  /** Labels and assigns as `start` does, and returns the `assigned` event without running it. */
  assign(): Promise<unknown>
  /** The `issues.assigned` payload for the sample issue (or `number`). */
  assignedPayload(number?: number): Promise<unknown>
  pulls(): Promise<{ number: number; body: string | null; head: string; html_url: string }[]>
  comments(number?: number): Promise<{ id: number; body: string; login: string }[]>
  labels(number?: number): Promise<string[]>
  branches(): Promise<string[]>
  /** Runs git in the emulator's bare repository (what the remote really holds). */
  remoteGit(args: string[]): Promise<string>
  checkRun(id: number): Promise<{
    conclusion: string | null
    status: string
    head_sha: string
    html_url: string | null
    summary: string | null
    text: string | null
    state: LoopState | null
  }>
  /** Every request the emulator served so far, in order. */
  exchanges(): Promise<Exchange[]>
  close(): Promise<void>
}

/** Inputs the demo uses for the scripted model (prices make the cost known). */
export function scriptedInputs(modelUrl: string, token: string): Record<string, string> {
  return {
    'github-token': token,
    model: 'openai-compatible:scripted-fixer',
    'openai-base-url': modelUrl,
    'model-prices': JSON.stringify({ 'openai-compatible:scripted-fixer': { input: 3, output: 15 } }),
    'max-attempts': '4',
    'time-limit-minutes': '10'
  }
}

export async function startScenario(
  plan: Patch[],
  onAttempt?: (attempt: number, prompt: string, scenario: Scenario) => void | Promise<void>
): Promise<Scenario> {
  const logDir = await mkdtemp(join(tmpdir(), 'nightshift-e2e-'))
  const logFile = join(logDir, 'exchanges.jsonl')
  const { emulator, issue } = await startSampleEmulator({ logFile })
  let scenario: Scenario | null = null
  const fixer = createFixer(plan, (attempt, prompt) =>
    scenario ? onAttempt?.(attempt, prompt, scenario) : undefined
  )
  let model: ModelServer
  try {
    model = await startModelServer(async req => {
      const turn = fixer.script(req)
      await fixer.settled()
      return turn
    })
  } catch (e) {
    await emulator.close()
    throw e
  }
  const client = plainClient(emulator)
  const gitIn = async (args: string[]) =>
    (await git(['--git-dir', emulator.repo(REPO).bareDir, ...args], { env: isolatedGitEnv(logDir) })).stdout
  const run: Scenario['run'] = (event, payload, options = {}) =>
    runAction(emulator, {
      event,
      payload,
      repository: REPO,
      inputs: { ...scriptedInputs(model.url, emulator.token), ...options.inputs },
      env: { NIGHTSHIFT_TIME_SCALE: '0.02', ...options.env },
      timeoutMs: options.timeoutMs ?? 150_000,
      ...(options.script ? { script: options.script } : {}),
      ...(options.onOutput ? { onOutput: options.onOutput } : {})
    })
  const assign = async () => {
    emulator.addLabel(REPO, issue.number, 'agent-ok', MAINTAINER)
    emulator.assign(REPO, issue.number, BOT, MAINTAINER)
    return assignedPayload()
  }
  const assignedPayload = (number = issue.number) =>
    issuesEvent(emulator, REPO, { action: 'assigned', number, sender: MAINTAINER, assignee: BOT })
  scenario = {
    emulator,
    issue,
    fixer,
    model,
    client,
    run,
    assignedPayload,
    start: async options => run('issues', await assign(), options),
    assign,
    pulls: async () =>
      (await client.rest.pulls.list({ owner: OWNER, repo: NAME, state: 'all' })).data.map(p => ({
        number: p.number,
        body: p.body,
        head: p.head.ref,
        html_url: p.html_url
      })),
    comments: async (number = issue.number) =>
      (await client.rest.issues.listComments({ owner: OWNER, repo: NAME, issue_number: number })).data.map(
        c => ({ id: c.id, body: c.body ?? '', login: c.user?.login ?? '' })
      ),
    labels: async (number = issue.number) =>
      (await client.rest.issues.get({ owner: OWNER, repo: NAME, issue_number: number })).data.labels.map(l =>
        typeof l === 'string' ? l : (l.name ?? '')
      ),
    branches: async () =>
      (await gitIn(['for-each-ref', '--format=%(refname:short)', 'refs/heads'])).split('\n').filter(Boolean),
    remoteGit: async args =>
      (await git(['--git-dir', emulator.repo(REPO).bareDir, ...args], { env: isolatedGitEnv(logDir) }))
        .stdout,
    checkRun: async id => {
      const { data } = await client.rest.checks.get({ owner: OWNER, repo: NAME, check_run_id: id })
      return {
        conclusion: data.conclusion,
        status: data.status,
        head_sha: data.head_sha,
        html_url: data.html_url,
        summary: data.output.summary,
        text: data.output.text,
        state: stateFromCheckRunText(data.output.text)
      }
    },
    exchanges: async () =>
      (await readFile(logFile, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map(l => JSON.parse(l) as Exchange),
    close: async () => {
      try {
        await model.close()
      } finally {
        try {
          await emulator.close()
        } finally {
          await rm(logDir, { recursive: true, force: true })
        }
      }
    }
  }
  return scenario
}

/** The action's log, for failure messages. */
export function logOf(result: ActionResult): string {
  return `exit ${result.code}\n${result.stdout}\n${result.stderr}`
}

/** Writes (POST/PATCH/PUT/DELETE, GraphQL mutations) in an exchange list, other than the test's own control calls. */
export function writes(exchanges: Exchange[]): Exchange[] {
  const graphqlQuery = (e: Exchange) =>
    e.path === '/graphql' &&
    /^\s*query\b/.test(String((e.request as { query?: unknown } | null)?.query ?? ''))
  return exchanges.filter(e => e.method !== 'GET' && e.method !== 'HEAD' && !graphqlQuery(e))
}

/** Fails with the action's log when it exited otherwise or ended with another outcome. */
export function expectOutcome(result: ActionResult, outcome: string, code = 0): void {
  if (result.code !== code || result.outputs.outcome !== outcome)
    throw new Error(
      `expected outcome "${outcome}" and exit ${code}, got "${result.outputs.outcome ?? '(none)'}":\n${logOf(result)}`
    )
}
