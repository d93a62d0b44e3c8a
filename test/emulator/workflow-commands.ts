/**
 * A step's output as the runner processes it, line by line (actions/runner
 * src/Runner.Worker/Handlers/OutputManager.cs, ActionCommandManager.cs, src/Runner.Common/ActionCommand.cs):
 * workflow commands (`::error file=…::msg`, `::group::`, `::add-mask::`, `::add-matcher::`,
 * `::remove-matcher owner=…::`, `::stop-commands::`, …) are carried out and not printed; problem matchers
 * turn matching lines into `##[error]`/`##[warning]` lines and annotations; everything else is printed.
 * Docs: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
import { isAbsolute, join, relative } from 'node:path'
import type { AnnotationCollector, IssueLevel } from './annotations.js'
import type { JobLog } from './log-writer.js'
import { loadMatchers, matchedFile, type MatcherSet } from './problem-matchers.js'
import type { SecretMasker } from './secret-masker.js'

export interface ParsedCommand {
  command: string
  properties: Record<string, string>
  message: string
}

const COMMANDS = new Set([
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo'
])

const DISABLED =
  'The `{0}` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`. For more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/'

const unescapeData = (v: string) => v.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
const unescapeProperty = (v: string) =>
  v.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')

/**
 * `::name k=v,k=v::data` (ActionCommand.TryParseV2), or the older `##[name k=v;k=v]data` that actions
 * such as setup-node still print (ActionCommand.TryParse); `registered` holds the known command names.
 */
export function parseCommand(line: string, registered: Set<string> = COMMANDS): ParsedCommand | null {
  const message = line.trimStart()
  if (!message.startsWith('::')) return parseLegacy(line, registered)
  const end = message.indexOf('::', 2)
  if (end < 0) return null
  const info = message.slice(2, end)
  const space = info.indexOf(' ')
  const command = space < 0 ? info : info.slice(0, space)
  if (!registered.has(command)) return null
  const properties: Record<string, string> = {}
  if (space > 0)
    for (const part of info
      .slice(space + 1)
      .trim()
      .split(',')) {
      const eq = part.indexOf('=')
      if (eq > 0 && eq < part.length - 1) properties[part.slice(0, eq)] = unescapeProperty(part.slice(eq + 1))
    }
  return { command, properties, message: unescapeData(message.slice(end + 2)) }
}

function parseLegacy(line: string, registered: Set<string>): ParsedCommand | null {
  const start = line.indexOf('##[')
  if (start < 0) return null
  const close = line.indexOf(']', start)
  if (close < 0) return null
  const info = line.slice(start + 3, close)
  const space = info.indexOf(' ')
  const command = space < 0 ? info : info.slice(0, space)
  if (!registered.has(command)) return null
  const unescape = (v: string) =>
    v
      .replace(/%3B/g, ';')
      .replace(/%0D/g, '\r')
      .replace(/%0A/g, '\n')
      .replace(/%5D/g, ']')
      .replace(/%25/g, '%')
  const properties: Record<string, string> = {}
  if (space > 0)
    for (const part of info.slice(space + 1).split(';')) {
      const eq = part.indexOf('=')
      if (eq > 0 && eq < part.length - 1) properties[part.slice(0, eq)] = unescape(part.slice(eq + 1))
    }
  return { command, properties, message: unescape(line.slice(close + 1)) }
}

/** What a step's output changes besides the log. */
export interface StepEffects {
  /** `::set-output` (deprecated, still honoured). */
  outputs: Record<string, string>
  /** `::save-state` (deprecated, still honoured). */
  state: Record<string, string>
  /** A command failed (e.g. a disabled `::set-env::`): the step fails. */
  failed: boolean
}

export interface JobOutputTools {
  log: JobLog
  annotations: AnnotationCollector
  matchers: MatcherSet
  masker: SecretMasker
  workspace: string
  /** URLs the workflow's repository is cloned from (`url = …` lines of .git/config). */
  repoUrls: string[]
  /** Commands paused by `::stop-commands::TOKEN` until `::TOKEN::` (job-wide, like the runner's). */
  stopToken: string | null
}

/** Processes one step's output; construct one per step. */
export class StepOutput {
  readonly effects: StepEffects = { outputs: {}, state: {}, failed: false }
  private echo = false

  constructor(private readonly job: JobOutputTools) {}

  line(raw: string): void {
    if ((raw.includes('::') || raw.includes('##[')) && this.command(raw)) return
    const line = raw.replace(/##\[(start|end)-action/g, '##[\\$1-action')
    const hit = this.job.matchers.match(line)
    if (hit && hit.match.message?.trim()) {
      const level = levelOf(hit.match.severity)
      if (level) {
        this.job.annotations.add(level, hit.match.message, {
          file: matchedFile(hit.match, this.job.workspace, this.job.repoUrls),
          line: integer(hit.match.line),
          column: integer(hit.match.column)
        })
        this.job.log.line(`##[${level}]${hit.stripped}`)
        return
      }
    }
    this.job.log.line(line)
  }

  private command(raw: string): boolean {
    const job = this.job
    if (job.stopToken) {
      const cmd = parseCommand(raw, new Set([job.stopToken]))
      if (!cmd) return false
      job.log.line(raw)
      job.stopToken = null
      return true
    }
    const cmd = parseCommand(raw, new Set([...COMMANDS, 'stop-commands']))
    if (!cmd) return false
    if (cmd.command === 'stop-commands') {
      if (!cmd.message || COMMANDS.has(cmd.message) || cmd.message === 'pause-logging') {
        this.fail(
          raw,
          "You cannot use a endToken that is an empty string, the string 'pause-logging', or another workflow command. For more information see: https://docs.github.com/actions/learn-github-actions/workflow-commands-for-github-actions#example-stopping-and-starting-workflow-commands or opt into insecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS` environment variable to `true`."
        )
        return true
      }
      job.stopToken = cmd.message
      if (cmd.message.length > 6) job.masker.add(cmd.message)
      job.log.line(raw)
      return true
    }
    const omitEcho = ['add-mask', 'debug', 'warning', 'error', 'notice'].includes(cmd.command)
    if (this.echo && !omitEcho) job.log.line(raw)
    try {
      this.run(cmd)
    } catch (e) {
      this.fail(omitEcho ? cmd.command : raw, e instanceof Error ? e.message : String(e))
    }
    return true
  }

  private run(cmd: ParsedCommand): void {
    const job = this.job
    const p = cmd.properties
    switch (cmd.command) {
      case 'error':
      case 'warning':
      case 'notice': {
        let file = p.file
        if (file && isAbsolute(file) && !relative(job.workspace, file).startsWith('..'))
          file = relative(job.workspace, file)
        job.annotations.add(cmd.command, cmd.message, {
          file,
          line: integer(p.line ?? p.endLine),
          endLine: integer(p.endLine),
          column: integer(p.col ?? p.endColumn),
          endColumn: integer(p.endColumn),
          title: p.title
        })
        job.log.line(`##[${cmd.command}]${cmd.message}`)
        return
      }
      case 'group':
        job.log.line(`##[group]${cmd.message}`)
        return
      case 'endgroup':
        job.log.line('##[endgroup]')
        return
      case 'debug':
        // Shown only with step debug logging (ACTIONS_STEP_DEBUG), which the emulator does not enable.
        return
      case 'add-mask':
        if (!cmd.message.trim())
          job.log.line("##[warning]Can't add secret mask for empty string in ##[add-mask] command.")
        else {
          if (this.echo) job.log.line('::add-mask::***')
          job.masker.addFromCommand(cmd.message)
        }
        return
      case 'add-matcher': {
        if (!cmd.message) throw new Error('File path must be specified.')
        const file = isAbsolute(cmd.message) ? cmd.message : join(job.workspace, cmd.message)
        job.matchers.add(loadMatchers(file))
        return
      }
      case 'remove-matcher': {
        const owner = p.owner
        if (owner && cmd.message) {
          job.log.line(
            '##[warning]Either specify an owner name or a file path in ##[remove-matcher] command. Both values cannot be set.'
          )
          return
        }
        if (!owner && !cmd.message) {
          job.log.line(
            '##[warning]Either an owner name or a file path must be specified in ##[remove-matcher] command.'
          )
          return
        }
        const owners = owner
          ? [owner]
          : loadMatchers(isAbsolute(cmd.message) ? cmd.message : join(job.workspace, cmd.message)).map(
              m => m.owner
            )
        job.matchers.remove(owners)
        return
      }
      case 'set-output':
        if (!p.name) throw new Error("Required field 'name' is missing in ##[set-output] command.")
        this.effects.outputs[p.name] = cmd.message
        return
      case 'save-state':
        if (!p.name) throw new Error("Required field 'name' is missing in ##[save-state] command.")
        this.effects.state[p.name] = cmd.message
        return
      case 'set-env':
      case 'add-path':
        throw new Error(DISABLED.replace('{0}', cmd.command))
      case 'echo': {
        const v = cmd.message.trim().toUpperCase()
        if (v !== 'ON' && v !== 'OFF')
          throw new Error(
            `Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '${cmd.message}'.`
          )
        this.echo = v === 'ON'
      }
    }
  }

  private fail(what: string, why: string): void {
    this.job.log.line(`##[error]Unable to process command '${what}' successfully.`)
    this.job.log.line(`##[error]${why}`)
    this.job.annotations.add('error', `Unable to process command '${what}' successfully.`, {})
    this.job.annotations.add('error', why, {})
    this.effects.failed = true
  }
}

function levelOf(severity: string | undefined): IssueLevel | null {
  const s = (severity ?? '').toLowerCase()
  if (!s || s === 'error') return 'error'
  if (s === 'warning' || s === 'notice') return s
  return null
}

function integer(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined
}
