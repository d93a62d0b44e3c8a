/**
 * `nightshift local --repo DIR --task TEXT --ci CMD [--agent-command CMD | --model M]`: the same loop
 * on a local repository, with a local command as CI. For trying nightshift without GitHub.
 */
import { parseArgs } from 'node:util'
import { createEngine } from '../agent/engine.js'
import { BASELINE_MODES, type BaselineMode } from '../ci/baseline.js'
import { readCredentials } from '../agent/providers.js'
import { DEFAULT_MODEL, missingModelKey, parseList } from '../config/parse.js'
import { ConfigError } from '../errors.js'
import { createLocalPorts } from '../local/index.js'
import { systemClock } from '../loop/ports.js'
import { LOCAL_TIMING, planRun, type RunRequest } from '../loop/plan.js'
import { runLoop } from '../loop/run-loop.js'
import { createReporter } from '../report/reporter.js'
import { createTexts } from '../report/texts.js'
import { DEFAULT_VOCABULARY as words } from '../report/vocabulary.js'
import { parseState } from '../state/schema.js'
import { buildTask, classify } from '../task/index.js'
import { Git } from '../workspace/git.js'
import { branchFor, DEFAULT_BRANCH_PREFIX as BRANCH_PREFIX } from '../workspace/slug.js'

const USAGE = `Usage: nightshift local --repo DIR --task TEXT --ci CMD [options]

Runs the nightshift loop on a local git repository: the agent works in a copy of DIR's files, each
attempt is committed to the branch agent/<issue>-<slug> in DIR and judged by running CMD (bash) on a
clean worktree of it; DIR's own files and checked-out branch stay as they are. Logs, saved state and
the report go to DIR/.git/nightshift/ (create its STOP file to stop the loop).

Options:
  --repo DIR              the repository (default: .)
  --task TEXT             what to do, as an issue body would say it (required); --title sets a title
  --ci CMD                the CI command, e.g. "npm test" (required)
  --full-ci CMD           a different command for the final run (default: --ci)
  --agent-command CMD     run a command-line agent (prompt in $NIGHTSHIFT_PROMPT_FILE and on stdin)
  --agent-env NAMES       extra environment variables the command agent may see (comma separated)
  --agent-user MODE       current (default: this user, in namespaces where the kernel allows them),
                          auto or unprivileged (a separate user; needs root or passwordless sudo)
  --model M               the built-in agent's model, provider:model (default ${DEFAULT_MODEL}), or a
                          comma-separated ladder, cheapest first, climbed when an attempt makes no progress;
                          keys from ANTHROPIC_API_KEY, OPENAI_API_KEY, OPENAI_BASE_URL
  --baseline MODE         run CMD on the base branch first (auto, the default) so failures already there
                          are not charged to the agent and a CMD that cannot run in a clean worktree
                          stops before attempt 1; off: every failure counts
  --max-attempts N        default 4
  --time-limit-minutes N  default 30
  --max-cost-usd X        money cap for model calls
  --issue N               the issue number used in the branch name (default 1)
  --json                  end with one JSON line: {"outcome","reason","attempts","branch","report"}`

export async function main(args: string[]): Promise<number> {
  const options = parseOptions(args)
  return typeof options === 'number' ? options : runLocal(options)
}

const OPTIONS = {
  repo: { type: 'string', default: '.' },
  task: { type: 'string' },
  title: { type: 'string' },
  ci: { type: 'string' },
  'full-ci': { type: 'string' },
  'agent-command': { type: 'string' },
  'agent-env': { type: 'string', default: '' },
  'agent-user': { type: 'string', default: 'current' },
  model: { type: 'string' },
  baseline: { type: 'string', default: 'auto' },
  'max-attempts': { type: 'string', default: '4' },
  'time-limit-minutes': { type: 'string', default: '30' },
  'max-cost-usd': { type: 'string' },
  issue: { type: 'string', default: '1' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false }
} as const

/** The command line, checked: every problem at once with the usage (exit 2), or what to run. */
interface LocalOptions {
  values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'] & { task: string; ci: string }
  baseline: BaselineMode
  maxAttempts: number
  minutes: number
  issue: number
  maxCost: number | null
  agentUser: 'current' | 'auto' | 'unprivileged'
  /** The built-in agent's model ladder, cheapest first. */
  models: string[]
}

function parseOptions(args: string[]): LocalOptions | number {
  let values
  try {
    values = parseArgs({
      args,
      options: OPTIONS
    }).values
  } catch (e) {
    console.error(`nightshift local: ${(e as Error).message}\n\n${USAGE}`)
    return 2
  }
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const problems: string[] = []
  if (!values.task) problems.push('--task is required: say what to do.')
  if (!values.ci) problems.push('--ci is required: the command that judges the work, e.g. "npm test".')
  if (values['agent-command'] && values.model)
    problems.push('--agent-command and --model exclude each other.')
  const whole = (name: string, v: string, min: number, max: number) => {
    const n = Number(v)
    if (!/^\d+$/.test(v) || n < min || n > max)
      problems.push(`--${name}: got "${v}", expected a whole number from ${min} to ${max}.`)
    return n
  }
  const baseline = values.baseline as BaselineMode
  if (!BASELINE_MODES.includes(baseline))
    problems.push(`--baseline: got "${values.baseline}", expected one of ${BASELINE_MODES.join(', ')}.`)
  const maxAttempts = whole('max-attempts', values['max-attempts'], 1, 20)
  const minutes = whole('time-limit-minutes', values['time-limit-minutes'], 1, 1440)
  const issue = whole('issue', values.issue, 1, Number.MAX_SAFE_INTEGER)
  const maxCost = values['max-cost-usd'] === undefined ? null : Number(values['max-cost-usd'])
  const agentUser = values['agent-user']
  if (agentUser !== 'current' && agentUser !== 'auto' && agentUser !== 'unprivileged')
    problems.push(`--agent-user: got "${agentUser}", expected current, auto or unprivileged.`)
  if (maxCost !== null && !(maxCost > 0))
    problems.push(`--max-cost-usd: got "${values['max-cost-usd']}", expected a positive number.`)
  if (problems.length > 0 || !values.task || !values.ci) {
    console.error(`nightshift local:\n- ${problems.join('\n- ')}\n\n${USAGE}`)
    return 2
  }
  return {
    values: { ...values, task: values.task, ci: values.ci },
    baseline,
    maxAttempts,
    minutes,
    issue,
    maxCost,
    agentUser: agentUser as LocalOptions['agentUser'],
    models: parseList(values.model ?? DEFAULT_MODEL)
  }
}

/** The loop on the local repository; the exit code says whether it ended in success. */
async function runLocal(o: LocalOptions): Promise<number> {
  const { values, minutes, issue, agentUser, models } = o

  const log = (line: string) => console.error(line)
  const engineSettings = {
    agent: values['agent-command'] ? ('command' as const) : ('builtin' as const),
    agentCommand: values['agent-command'] ?? null,
    agentEnv: parseList(values['agent-env']),
    agentTimeoutMinutes: Math.min(15, minutes),
    credentials: readCredentials(c => process.env[c.env]),
    modelPrices: {}
  }
  for (const model of models) {
    const missing = missingModelKey(engineSettings, model)
    if (missing) throw new ConfigError([missing])
  }

  const ports = await createLocalPorts({
    repo: values.repo,
    ci: values.ci,
    fullCi: values['full-ci'],
    agentUser,
    log
  })
  try {
    const title = values.title ?? values.task.split('\n')[0]!.slice(0, 100)
    const task = await buildTask(
      {
        number: issue,
        title,
        body: values.task,
        labels: [],
        assignees: [],
        state: 'open',
        isPullRequest: false,
        url: `local:issue/${issue}`
      },
      { login: process.env.USER ?? 'local' }
    )
    const branch = branchFor(issue, title, BRANCH_PREFIX)
    const stateKey = `local-${issue}`
    const previous = parseState(await ports.store.load(stateKey))
    // DIR stays on the user's branch; an older run may have left it on the agent branch.
    const checkedOut = (await new Git({ dir: ports.repo }).read(['rev-parse', '--abbrev-ref', 'HEAD'])).trim()
    const baseBranch = checkedOut.startsWith(BRANCH_PREFIX) && previous ? previous.baseBranch : checkedOut
    const reporter = createReporter(ports.forge, { words })
    const planned = planRun(localRequest(o, { task, branch, baseBranch, previous, stateKey }))
    // Neither refusal nor duplicate can come of a task given on the command line with no event.
    if (planned.kind !== 'run') throw new Error(`nightshift local: unexpected plan ${planned.kind}`)
    const { config, state } = planned
    const final = await runLoop(state, config, {
      engine: createEngine(engineSettings, { log, clock: systemClock, sandbox: ports.sandbox }),
      ci: ports.ci,
      workspace: ports.workspace,
      reporter,
      clock: systemClock,
      meter: null,
      log,
      forge: ports.forge,
      store: ports.store,
      texts: createTexts(words, { checkRunUrl: () => reporter.url })
    })
    if (final.error) console.error(`\n${final.error}`)
    console.error(
      `\n${final.outcome} (${final.reason}) after ${final.attempts.length} attempt(s); report: ${ports.reportFile}`
    )
    if (values.json) {
      console.log(
        JSON.stringify({
          outcome: final.outcome,
          reason: final.reason,
          attempts: final.attempts.length,
          branch,
          report: ports.reportFile
        })
      )
    }
    return final.outcome === 'success' ? 0 : 1
  } finally {
    await ports.ci.close()
    await ports.workspace.close()
  }
}

/** The run a local task asks for; what differs from the action is spelt out in each field. */
function localRequest(
  o: LocalOptions,
  r: Pick<RunRequest, 'task' | 'branch' | 'baseBranch' | 'previous' | 'stateKey'>
): RunRequest {
  return {
    ...r,
    issue: o.issue,
    verdict: classify(r.task),
    now: systemClock.now(),
    limits: {
      maxAttempts: o.maxAttempts,
      timeLimitMinutes: o.minutes,
      maxCostUsd: o.maxCost,
      maxTokens: null
    },
    timing: LOCAL_TIMING,
    // --model may be a ladder (cheapest first): only attempts without progress climb it.
    agent: {
      kind: o.values['agent-command'] ? 'command' : 'builtin',
      models: o.models,
      escalationModel: null,
      escalationAttempt: 99
    },
    protectedPaths: ['.github/workflows/**'],
    baseline: o.baseline,
    draft: false,
    escalatedLabel: 'agent-escalated',
    coAuthor: null,
    links: { issue: r.task.url, branch: null, run: null },
    humanOnlyOverride: 'the task was given on the command line',
    newWork: false,
    afterSuccess: 'start-over',
    eventTime: null
  }
}
