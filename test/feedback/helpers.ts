/** Shared by the feedback tests: the captured fixtures and their hand-written labels. */
import { createReadStream, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { analyze, type FeedbackOptions } from '../../src/feedback/index.js'
import { LogNormalizer } from '../../src/feedback/normalize.js'

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

export function analyzeFixture(name: string, options: FeedbackOptions = {}) {
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
