/**
 * Rewrites a captured job log the way GitHub's runner would have written it had the job registered
 * problem matchers (actions/setup-node, setup-go, setup-python) and, optionally, step debug logging.
 * It follows the runner's own source (actions/runner, src/Runner.Worker):
 *
 * - `Handlers/OutputManager.cs` `OnDataReceived`: workflow commands are processed first; every other
 *   line is tried against the matchers, newest first. Colour codes are meant to be stripped before
 *   matching, but the escape prefix is spelt `"\033["` in C#, which is not ESC, so coloured lines
 *   match as they are (https://github.com/actions/runner/issues/2341). A match resets the other
 *   matchers; when the match has a message and a supported severity (empty = error, error,
 *   warning, notice; `info` is skipped) the line is written with the tag and nothing else.
 * - `IssueMatcher.cs` `Match`: one pattern matches alone; several patterns run as a chain, the last
 *   one may `loop` (eslint-stylish: a file line, then one row per problem).
 * - `ExecutionContext.cs`: `AddIssue` writes `WellKnownTags.Error` (`##[error]`) + the line;
 *   `AddMatchers` prepends the new matchers and debug-prints "Added matchers: 'owner'. …";
 *   `Debug` writes `##[debug]` lines only when step debug logging is on.
 * - `ActionCommandManager.cs`: commands are echoed only when step debug is on (`EchoOnActionCommand`),
 *   except those with `OmitEcho` (error, warning, notice, debug, add-mask); `::group::` becomes
 *   `##[group]`; issue commands become `##[error]message` (their file and line go to the annotation).
 */
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { unescape } from '../../src/feedback/workflow-command.js'

export const matchersDir = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/problem-matchers')

interface PatternConfig {
  regexp: string
  file?: number
  line?: number
  column?: number
  severity?: number
  code?: number
  message?: number
  loop?: boolean
}

export interface MatcherConfig {
  owner: string
  severity?: string
  pattern: PatternConfig[]
}

type Groups = RegExpExecArray
interface Match {
  severity: string
  message: string
  file: string
  line: string
}

function value(groups: Groups, index: number | undefined): string | undefined {
  return index !== undefined && index < groups.length ? (groups[index] ?? '') : undefined
}

/** One problem matcher with the runner's multi-pattern state (`IssueMatcher.Match`). */
class Matcher {
  private readonly patterns: { config: PatternConfig; regex: RegExp }[]
  private state: (Partial<Match> | null)[] = []

  constructor(readonly config: MatcherConfig) {
    this.patterns = config.pattern.map(p => ({ config: p, regex: new RegExp(p.regexp) }))
    this.reset()
  }

  reset(): void {
    this.state = new Array<Partial<Match> | null>(Math.max(0, this.patterns.length - 1)).fill(null)
  }

  private take(running: Partial<Match> | null, p: PatternConfig, g: Groups): Partial<Match> {
    return {
      file: running?.file ?? value(g, p.file),
      line: running?.line ?? value(g, p.line),
      severity: running?.severity ?? value(g, p.severity),
      message: running?.message ?? value(g, p.message)
    }
  }

  match(line: string): Partial<Match> | null {
    if (this.patterns.length === 1) {
      const g = this.patterns[0].regex.exec(line)
      return g ? this.take(null, this.patterns[0].config, g) : null
    }
    for (let i = this.patterns.length - 1; i >= 0; i--) {
      const running = i > 0 ? this.state[i - 1] : null
      if (i !== 0 && running === null) continue
      const { config, regex } = this.patterns[i]
      const isLast = i === this.patterns.length - 1
      const g = regex.exec(line)
      if (g) {
        if (isLast) {
          this.reset()
          if (config.loop) this.state[i - 1] = running
          return this.take(running, config, g)
        }
        this.state[i] = this.take(running, config, g)
      } else if (isLast) this.state[i - 1] = null
      else this.state[i] = null
    }
    return null
  }
}

export function loadMatchers(file: string): MatcherConfig[] {
  const parsed = JSON.parse(readFileSync(join(matchersDir, file), 'utf8')) as {
    problemMatcher: MatcherConfig[]
  }
  return parsed.problemMatcher
}

/** A setup action as it appears in a job log, and the matcher files it registers. */
interface SetupStep {
  uses: string
  with: string[]
  output: string[]
  matchers: { file: string; path: string }[]
}

const ACTIONS = '/home/runner/work/_actions/actions'

export const SETUP_STEPS: Record<'node' | 'go' | 'python', SetupStep> = {
  node: {
    uses: 'actions/setup-node@v4',
    with: ['node-version: 20', 'always-auth: false', 'check-latest: false', 'token: ***'],
    output: [
      'Found in cache @ /opt/hostedtoolcache/node/20.19.5/x64',
      '##[group]Environment details',
      'node: v20.19.5',
      'npm: 10.8.2',
      'yarn: 1.22.22',
      '##[endgroup]'
    ],
    matchers: ['tsc', 'eslint-stylish', 'eslint-compact'].map(m => ({
      file: `actions-setup-node-${m}.json`,
      path: `${ACTIONS}/setup-node/v4/.github/${m}.json`
    }))
  },
  go: {
    uses: 'actions/setup-go@v5',
    with: ['go-version: 1.22', 'check-latest: false', 'token: ***', 'cache: true'],
    output: [
      'Setup go version spec 1.22',
      'Found in cache @ /opt/hostedtoolcache/go/1.22.12/x64',
      'Added go to the path',
      'Successfully set up Go version 1.22'
    ],
    matchers: [{ file: 'actions-setup-go-matchers.json', path: `${ACTIONS}/setup-go/v5/matchers.json` }]
  },
  python: {
    uses: 'actions/setup-python@v5',
    with: ['python-version: 3.12', 'check-latest: false', 'token: ***', 'update-environment: true'],
    output: ['##[group]Installed versions', 'Successfully set up CPython (3.12.10)', '##[endgroup]'],
    matchers: [
      { file: 'actions-setup-python-python.json', path: `${ACTIONS}/setup-python/v5/.github/python.json` }
    ]
  }
}

export interface RunnerOptions {
  /** Setup actions run right after checkout, in this order (each registers its matchers). */
  setup?: (keyof typeof SETUP_STEPS)[]
  /** Step debug logging (`ACTIONS_STEP_DEBUG`): `##[debug]` lines and echoed commands. */
  debug?: boolean
  /** A container job: the runner shows each script's `docker exec` as a `##[command]` line. */
  container?: boolean
  /** Receives every issue the matchers made, as the runner would annotate it. */
  onIssue?: (issue: MatcherIssue) => void
}

/** What a matcher extracted from a line: the annotation the runner creates. */
export interface MatcherIssue {
  owner: string
  severity: string
  file: string | null
  line: number | null
  message: string
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z )(.*)$/
const COMMAND = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/

export function runnerLog(log: string, options: RunnerOptions = {}): string {
  const debug = options.debug ?? false
  let matchers: Matcher[] = []
  const out: string[] = []
  let stamp = ''
  const write = (text: string) => out.push(stamp + text)
  const debugLine = (text: string) => debug && write(`##[debug]${text}`)
  const addMatchers = (configs: MatcherConfig[]) => {
    const owners = new Set(configs.map(c => c.owner.toLowerCase()))
    matchers = [
      ...configs.map(c => new Matcher(c)),
      ...matchers.filter(m => !owners.has(m.config.owner.toLowerCase()))
    ]
    debugLine(
      `Added matchers: ${configs.map(c => `'${c.owner}'`).join(', ')}. Problem matchers scan action output for known warning or error strings and report these inline.`
    )
  }
  let setupDone = !options.setup?.length
  let inHeader = false
  let inStep = false

  for (const raw of log.replace(/\n$/, '').split('\n')) {
    const m = STAMP.exec(raw)
    stamp = m ? m[1] : ''
    const text = m ? m[2] : raw
    if (text.startsWith('##[group]Run ')) {
      const name = text.slice('##[group]Run '.length)
      if (!setupDone && !name.startsWith('actions/checkout')) {
        setupDone = true
        for (const key of options.setup ?? []) {
          const s = SETUP_STEPS[key]
          debugLine(`Starting: Run ${s.uses}`)
          write(`##[group]Run ${s.uses}`)
          write('with:')
          for (const w of s.with) write(`  ${w}`)
          write('##[endgroup]')
          for (const o of s.output) write(o)
          for (const f of s.matchers) {
            // setup-* print `##[add-matcher]<path>` with core.info; the runner echoes it only in debug.
            if (debug) write(`##[add-matcher]${f.path}`)
            addMatchers(loadMatchers(f.file))
          }
          debugLine(`Finishing: Run ${s.uses}`)
        }
      }
      debugLine(`Evaluating condition for step: 'Run ${name}'`)
      debugLine('Evaluating: success()')
      debugLine('Result: true')
      debugLine(`Starting: Run ${name}`)
      out.push(raw)
      inHeader = true
      inStep = false
      continue
    }
    if (inHeader) {
      out.push(raw)
      if (text === '##[endgroup]') {
        inHeader = false
        inStep = true
        debugLine('/usr/bin/bash -e /home/runner/work/_temp/4f1c2a9d-8e7b-4a5f-9e3d-2c1b0a9f8e7d.sh')
        if (options.container)
          write(
            '##[command]/usr/bin/docker exec  3f1c2a9d8e7b sh -e /__w/_temp/4f1c2a9d-8e7b-4a5f-9e3d-2c1b0a9f8e7d.sh'
          )
      }
      continue
    }
    if (!inStep || text.startsWith('##[') || text === 'Post job cleanup.') {
      if (text === 'Post job cleanup.') inStep = false
      out.push(raw)
      continue
    }
    const c = COMMAND.exec(text)
    if (c) {
      const [, name, props = '', data] = c
      const omitEcho = ['error', 'warning', 'notice', 'debug', 'add-mask'].includes(name)
      if (debug && !omitEcho) write(text)
      if (name === 'error' || name === 'warning' || name === 'notice') write(`##[${name}]${unescape(data)}`)
      else if (name === 'group' || name === 'endgroup') write(`##[${name}]${name === 'group' ? data : ''}`)
      else if (name === 'debug') debugLine(unescape(data))
      else if (name === 'add-mask' && debug) write('::add-mask::***')
      else if (name === 'add-matcher') addMatchers(JSON.parse(readFileSync(data, 'utf8')).problemMatcher)
      else if (name === 'remove-matcher') {
        const owner = /owner=([^,]+)/.exec(props)?.[1]?.toLowerCase()
        matchers = matchers.filter(x => x.config.owner.toLowerCase() !== owner)
      }
      continue
    }
    write(matched(matchers, text, options.onIssue) ?? text)
  }
  return out.join('\n') + '\n'
}

function matched(matchers: Matcher[], line: string, onIssue?: (i: MatcherIssue) => void): string | null {
  for (const matcher of matchers) {
    const m = matcher.match(line)
    if (!m) continue
    for (const other of matchers) if (other !== matcher) other.reset()
    const severity = (m.severity || matcher.config.severity || 'error').toLowerCase()
    if (!m.message?.trim() || !['error', 'warning', 'notice'].includes(severity)) continue
    const n = Number(m.line)
    onIssue?.({
      owner: matcher.config.owner,
      severity,
      file: m.file?.trim() || null,
      line: m.line && Number.isInteger(n) ? n : null,
      message: m.message
    })
    return `##[${severity}]${line}`
  }
  return null
}
