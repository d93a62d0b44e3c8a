/**
 * The command engine: runs any CLI agent or fixer (`claude -p …`, `codex exec …`, `aider --message-file
 * …`, `npx eslint --fix .`) with `bash -c` in the workspace, inside the agent's sandbox. The prompt is in
 * the file named by `NIGHTSHIFT_PROMPT_FILE` and on stdin. The environment is the scrubbed one plus only
 * the `agent-env` names; a timeout kills the process group (the workspace's freeze ends the rest).
 */
import { chmod, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { systemClock, type Clock } from '../clock.js'
import { agentGit, changedFiles } from '../workspace/agent-git.js'
import { budgetReached } from './attempt-budget.js'
import type { AgentSandbox } from '../workspace/sandbox.js'
import { agentEnv } from '../workspace/sandbox-env.js'
import { parseReportedUsage, withoutReportedUsage } from './command-usage.js'
import { buildPrompt, promptText, readRepoInstructions } from './prompt.js'
import { readAsAgent } from './agent-reads.js'
import { runCommand } from './run-process.js'
import type { AttemptInput, AttemptResult, Engine } from './types.js'

export interface CommandEngineOptions {
  /** The `agent-command` input, run with `bash -c`. */
  command: string
  /** The `agent-env` names passed through. */
  agentEnvNames?: string[]
  /** Limit for one attempt (`agent-timeout-minutes`); the attempt's deadline applies too. */
  timeoutMs: number
  parentEnv?: NodeJS.ProcessEnv
  /** Runs the agent's commands (its user or namespaces, its limits). */
  sandbox: AgentSandbox
  log?: (line: string) => void
  clock?: Clock
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n')
}

/** Lines of the agent's output shown in the log, at most (its last ones: where it says how it ended). */
const LOGGED_LINES = 200

function logOutput(log: (line: string) => void, output: string): void {
  const lines = output.trimEnd().split('\n')
  if (lines.length === 1 && lines[0] === '') return
  if (lines.length > LOGGED_LINES) log(`| … ${lines.length - LOGGED_LINES} earlier lines not shown`)
  for (const line of lines.slice(-LOGGED_LINES))
    log(`| ${line.length > 2000 ? `${line.slice(0, 2000)}…` : line}`)
}

export function createCommandEngine(options: CommandEngineOptions): Engine {
  const clock = options.clock ?? systemClock
  const log = options.log ?? (() => undefined)
  // Fails at construction for forbidden names, before any attempt runs.
  agentEnv(options.parentEnv ?? process.env, { names: options.agentEnvNames ?? [] })

  return {
    async attempt(input: AttemptInput): Promise<AttemptResult> {
      const root = await realpath(input.workspaceDir)
      const { sandbox } = options
      const instructions = await readAsAgent(root, sandbox, read => readRepoInstructions(read))
      const prompt = promptText(buildPrompt(input, instructions))
      // Outside the workspace, so the prompt is never committed; readable by the agent user.
      const promptDir = await mkdtemp(path.join(tmpdir(), 'nightshift-prompt-'))
      const promptFile = path.join(promptDir, 'prompt.md')
      await writeFile(promptFile, prompt, { mode: 0o644 })
      await chmod(promptDir, 0o755)
      const baseEnv = {
        ...agentEnv(options.parentEnv ?? process.env, { names: options.agentEnvNames ?? [] }, sandbox.dirs),
        ...sandbox.env
      }
      const env = {
        ...baseEnv,
        NIGHTSHIFT_PROMPT_FILE: promptFile,
        NIGHTSHIFT_ATTEMPT: String(input.attempt),
        NIGHTSHIFT_MODEL: input.budget.model
      }
      const timeoutMs = Math.max(0, Math.min(options.timeoutMs, input.budget.deadline - clock.now()))
      log(`$ ${options.command}`)
      try {
        const r = await runCommand(options.command, {
          cwd: root,
          env,
          input: prompt,
          timeoutMs,
          maxOutput: 40000,
          wrap: argv => sandbox.wrap(argv)
        })
        // The agent's own output, bounded, in the log: the runner masks registered secrets in it.
        logOutput(log, r.output)
        const reported = parseReportedUsage(r.stdout)
        const files = await changedFiles(agentGit(root, sandbox, baseEnv))
        const base = {
          tokens: reported?.tokens ?? { input: 0, output: 0, cached: 0 },
          costUsd: reported?.costUsd ?? null,
          ...(reported ? {} : { tokensUnknown: true })
        }
        if (!reported && input.budget.maxTokens !== null)
          log(
            `max-tokens is ${input.budget.maxTokens}, but \`${options.command}\` reported no token usage: its tokens are unknown and cannot be counted against the cap. Print {"tokens":{"input":N,"output":N}} as its last line to count them.`
          )
        const changed = `${files.length} file${files.length === 1 ? '' : 's'} changed${files.length ? `: ${files.slice(0, 10).join(', ')}` : ''}`
        if (r.timedOut) {
          return {
            ...base,
            stopReason: 'timeout',
            summary: `\`${options.command}\` was stopped after ${Math.round(timeoutMs / 1000)} s; ${changed}. Work written so far is kept.`
          }
        }
        const said = reported?.summary ?? lastLines(withoutReportedUsage(r.stdout), 5)
        const summary = `\`${options.command}\` exited with ${r.exitCode ?? r.signal}; ${changed}.${said ? `\n${said}` : ''}`
        // A fixer such as eslint --fix exits non-zero when problems remain but still changed files: a result.
        // A non-zero exit with nothing changed is an engine error (command not found, agent crashed).
        if (r.exitCode !== 0 && files.length === 0) {
          return {
            ...base,
            stopReason: 'error',
            errorKind: 'agent',
            summary,
            error: `\`${options.command}\` exited with ${r.exitCode ?? r.signal} and changed nothing:\n${lastLines(r.output, 20)}`
          }
        }
        // The agent ran to its end before its usage was known: a cap it passed ends the attempt as a budget stop.
        const reached = reported ? budgetReached(input.budget, reported.tokens, reported.costUsd) : null
        if (reached) return { ...base, stopReason: 'budget', summary: `${reached} ${summary}` }
        return { ...base, stopReason: 'finished', summary }
      } finally {
        await rm(promptDir, { recursive: true, force: true })
      }
    }
  }
}
