/**
 * The start of the main step, and all an ignored event runs: it reads the inputs and the event and
 * decides. The rest of the action (src/main.ts with Octokit, the agent and the AI SDK, the cache client,
 * @actions/core itself) is loaded with `import()` only once the decision is work, or once deciding needs
 * a read from GitHub. A comment that is no command, by far the most frequent event, then costs little
 * more than starting Node (`npm run bench -- startup`).
 *
 * @actions/core stays out of this path because it loads an HTTP client (undici) at import for its OIDC
 * helper, which alone doubles the start-up cost. The path needs two things from the runner's protocol
 * and speaks them itself: an input is the `INPUT_<NAME>` environment variable (upper-cased, spaces as
 * `_`, trimmed, as `core.getInput` reads it), and an output is a `name=value` line appended to the
 * `GITHUB_OUTPUT` file (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-an-output-parameter).
 */
import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'
import { readSettings } from './config/read.js'
import type { Settings } from './config/settings.js'
import { readEvent, repositoryOf } from './event.js'
import { decide, describeDecision, type TriggerApi } from './trigger/index.js'
import { scrubOwnEnviron } from './workspace/own-environ.js'

/** An input as the runner passes it: https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax#inputs */
export function inputOf(name: string, env: NodeJS.ProcessEnv): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

/** Sets a one-line output; by hand (no GITHUB_OUTPUT) there is nobody to read it. */
export function setOutputLine(name: string, value: string, env: NodeJS.ProcessEnv): void {
  if (/[\r\n]/.test(value)) throw new Error(`output ${name} must be one line, got ${JSON.stringify(value)}`)
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}${EOL}`)
}

export async function start(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // Before anything else: the token and keys leave the block /proc/<pid>/environ shows.
  const wiped = scrubOwnEnviron()
  if (!wiped.scrubbed)
    process.stdout.write(`Could not wipe the action's environment block: ${wiped.reason}${EOL}`)
  let settings: Settings | null = null
  try {
    const s = (settings = await readSettings(name => inputOf(name, env)))
    const event = readEvent(env)
    repositoryOf(env) // every event but an ignored one needs it: a misconfigured runner fails at once
    const main = once(() => import('./main.js'))
    const context = once(async () => (await main()).context(s, env))
    const decision = await decide(
      event,
      {
        triggerLabel: s.triggerLabel,
        assignee: s.assignee,
        command: s.command,
        branchPrefix: s.branchPrefix,
        ciWorkflow: s.ciWorkflow,
        queueLimit: s.queueLimit,
        issue: s.issue
      },
      lazyTriggerApi(async () => (await context()).triggerApi)
    )
    if (decision.kind === 'ignored') {
      process.stdout.write(describeDecision(decision) + EOL)
      return setOutputLine('outcome', 'ignored', env)
    }
    await (await main()).run(decision, event, await context())
  } catch (e) {
    await (await import('./main.js')).fail(e, settings)
  }
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | null = null
  return () => (loaded ??= load())
}

/** The trigger's reads, connecting to GitHub (and loading the client) on the first one. */
function lazyTriggerApi(load: () => Promise<TriggerApi>): TriggerApi {
  return {
    permission: async login => (await load()).permission(login),
    labelAppliedBy: async (issue, label) => (await load()).labelAppliedBy(issue, label),
    issue: async number => (await load()).issue(number),
    pullRequest: async number => (await load()).pullRequest(number),
    openIssuesWithLabel: async label => (await load()).openIssuesWithLabel(label),
    branchesWithPrefix: async prefix => (await load()).branchesWithPrefix(prefix),
    openPullRequestBranches: async prefix => (await load()).openPullRequestBranches(prefix),
    reviewComments: async (pullRequest, reviewId) => (await load()).reviewComments(pullRequest, reviewId)
  }
}
