/**
 * Reads the webhook event the runner hands the action. Imported first by src/index.ts: it takes
 * GITHUB_EVENT_PATH out of the environment before @actions/github loads, because that module parses
 * the file at import time and would crash with a bare SyntaxError on a malformed one. Here the
 * failure is a PayloadError that says which file and what was wrong.
 */
import { readFileSync } from 'node:fs'
import { PayloadError, SetupError } from './errors.js'

const eventPath = process.env.GITHUB_EVENT_PATH
delete process.env.GITHUB_EVENT_PATH

export interface RunnerEvent {
  name: string
  payload: unknown
}

export function readEvent(
  env: NodeJS.ProcessEnv = process.env,
  path: string | undefined = eventPath
): RunnerEvent {
  const name = env.GITHUB_EVENT_NAME ?? ''
  if (!name)
    throw new PayloadError(
      'GITHUB_EVENT_NAME is not set: nightshift runs as a step of a GitHub Actions workflow.'
    )
  if (!path)
    throw new PayloadError(
      `GITHUB_EVENT_PATH is not set for the ${name} event: the runner always sets it; is this running outside Actions?`
    )
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new PayloadError(`Cannot read the ${name} event payload at ${path}: ${(e as Error).message}`)
  }
  try {
    return { name, payload: JSON.parse(text) as unknown }
  } catch (e) {
    throw new PayloadError(
      `The ${name} event payload at ${path} is not valid JSON (${(e as Error).message}); expected the webhook payload GitHub writes.`
    )
  }
}

/** The repository the workflow runs in, from GITHUB_REPOSITORY. */
export function repositoryOf(env: NodeJS.ProcessEnv): { owner: string; repo: string } {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo)
    throw new SetupError(
      `GITHUB_REPOSITORY is "${env.GITHUB_REPOSITORY ?? ''}", expected owner/name: nightshift runs as a step of a GitHub Actions workflow.`
    )
  return { owner, repo }
}

/** What the event itself tells beyond the trigger. */
export interface EventFacts {
  /**
   * When the event happened (the comment's creation, or the issue's last update for a label or an
   * assignment), to recognise an event that waited in the concurrency queue behind a run it duplicates.
   */
  eventTime: number | null
  /** The repository's default branch, when the payload carries it (a `schedule` payload does not). */
  defaultBranch: string | null
}

export function eventFacts(payload: unknown): EventFacts {
  const p = payload as {
    comment?: { created_at?: unknown }
    issue?: { updated_at?: unknown }
    repository?: { default_branch?: unknown }
  } | null
  const at = p?.comment?.created_at ?? p?.issue?.updated_at
  const t = typeof at === 'string' ? Date.parse(at) : NaN
  const branch = p?.repository?.default_branch
  return {
    eventTime: Number.isFinite(t) ? t : null,
    defaultBranch: typeof branch === 'string' && branch ? branch : null
  }
}
