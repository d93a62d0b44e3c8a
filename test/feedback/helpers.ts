/** Shared by the feedback tests: the captured fixtures and their hand-written labels. */
import { createReadStream, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { analyze, type FeedbackOptions } from '../../src/feedback/index.js'
import { LogNormalizer } from '../../src/feedback/normalize.js'
import { runnerLog } from './runner-log.js'

export const fixturesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/logs')

export interface Label {
  file: string | null
  line: number | null
  test: string | null
  /** A line of the tool's message a person would quote; it must reach the agent. */
  key: string
}

export interface Expected {
  tools: string[]
  failures: Label[]
}

export function fixtureNames(): string[] {
  return readdirSync(fixturesDir)
    .filter(f => f.endsWith('.log'))
    .map(f => f.slice(0, -4))
    .sort()
}

export function expected(name: string): Expected {
  return JSON.parse(readFileSync(join(fixturesDir, `${name}.expected.json`), 'utf8')) as Expected
}

/**
 * How a fixture is read: as captured (`plain`), as the runner writes it when setup-node, setup-go
 * and setup-python registered their problem matchers (`matchers`), and the same with step debug
 * logging and a container job (`debug`: `##[debug]`, echoed commands, `##[command]`).
 */
export type Variant = 'plain' | 'matchers' | 'debug'
export const VARIANTS: Variant[] = ['plain', 'matchers', 'debug']

export function fixtureLog(name: string, variant: Variant = 'plain'): string {
  const raw = readFileSync(join(fixturesDir, `${name}.log`), 'utf8')
  if (variant === 'plain') return raw
  return runnerLog(raw, {
    setup: ['node', 'go', 'python'],
    debug: variant === 'debug',
    container: variant === 'debug'
  })
}

export function analyzeFixture(name: string, options: FeedbackOptions = {}, variant: Variant = 'plain') {
  if (variant !== 'plain') {
    const text = fixtureLog(name, variant)
    return analyze(
      [
        {
          name: 'test',
          content: (async function* () {
            yield text
          })()
        }
      ],
      options
    )
  }
  return analyze([{ name: 'test', content: createReadStream(join(fixturesDir, `${name}.log`)) }], options)
}

/** The fixture's output lines as the parsers see them (normalised, steps and commands removed). */
export function outputLines(name: string): string[] {
  const n = new LogNormalizer()
  const out: string[] = []
  for (const raw of readFileSync(join(fixturesDir, `${name}.log`), 'utf8').split('\n')) {
    const e = n.push(raw.replace(/\r$/, ''))
    if (e.kind === 'output') out.push(e.text)
  }
  return out
}
