/**
 * Which tool an annotation's title names: only names the parser registry knows (each parser's own
 * name, the names it refines to, the aliases it declares), so that an annotation and a log record of
 * the same failure speak of the same tool. Every name a parser reports, as captured from real tools
 * in the fixtures, must be known; a parser added without being known fails here.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { annotationToFailure } from '../../src/ci/collect.js'
import type { CheckAnnotation } from '../../src/ci/actions-port.js'
import { analyze } from '../../src/feedback/index.js'
import { parsers, toolNames } from '../../src/feedback/parsers/index.js'
import { analyzeFixture, expected, fixtureNames } from '../feedback/helpers.js'

const annotation = (a: Partial<CheckAnnotation>): CheckAnnotation => ({
  path: '.github',
  startLine: null,
  startColumn: null,
  level: 'failure',
  title: null,
  message: 'x',
  ...a
})
const toolOfTitle = (title: string) => annotationToFailure(annotation({ title }))?.tool

describe('the tools an annotation title may name', () => {
  test('every name a parser reports on the captured fixtures is known', async () => {
    const reported = new Set<string>()
    for (const name of fixtureNames()) {
      for (const f of (await analyzeFixture(name)).failures) reported.add(f.tool)
      for (const t of expected(name).tools) reported.add(t)
    }
    reported.delete('log') // the fallback's name for a failed step no parser understood
    expect(reported.size).toBeGreaterThanOrEqual(30)
    expect([...reported].filter(t => toolOfTitle(t) !== t)).toEqual([])
  })

  test('every name written in a parser source as the tool it reports is declared in the registry', () => {
    const dir = new URL('../../src/feedback/parsers/', import.meta.url)
    const written = new Set<string>()
    for (const file of readdirSync(dir).filter(f => f.endsWith('.ts'))) {
      const source = readFileSync(join(dir.pathname, file), 'utf8')
      for (const m of source.matchAll(/\btool: '([^']+)'/g)) written.add(m[1]!)
      // A name refined per failure: `const tool = /\bruff\b/.test(ctx.step) ? 'ruff' : 'flake8'`.
      for (const m of source.matchAll(/\bconst tool = [^\n]*/g))
        for (const q of m[0].matchAll(/\? '([^']+)' : '([^']+)'/g)) written.add(q[1]!).add(q[2]!)
    }
    expect(written.size).toBeGreaterThanOrEqual(30)
    expect([...written].filter(t => !toolNames.includes(t))).toEqual([])
    expect([...written].filter(t => toolOfTitle(t) !== t)).toEqual([])
  })

  test("each parser's name and aliases lead to a name the parsers report", () => {
    for (const spec of parsers) {
      expect(toolOfTitle(spec.tool)).toBe(spec.tool)
      for (const alias of spec.aliases ?? []) expect(toolOfTitle(alias)).toBe(spec.tool)
    }
    expect(toolOfTitle('TypeScript')).toBe('tsc')
    expect(toolOfTitle('cargo build')).toBe('rustc')
  })

  test('a title that names no tool the parsers report is an annotation, not a made-up tool', () => {
    expect(toolOfTitle('Go files need gofmt')).toBe('annotation')
    expect(toolOfTitle('cargo fmt')).toBe('annotation')
    expect(toolOfTitle('go test failed')).toBe('go test')
    expect(toolOfTitle('ESLint (no-unused-vars)')).toBe('eslint')
  })
})

describe('an annotation and the log it came from', () => {
  /** A gate as repositories write it: a script prints a workflow command and fails the step. */
  const gateLog = (script: string, error: string) =>
    [
      `2026-11-23T23:02:25.1000000Z ##[group]Run ${script}`,
      `2026-11-23T23:02:25.1000001Z \u001b[36;1m${script}\u001b[0m`,
      '2026-11-23T23:02:25.1000002Z shell: /usr/bin/bash -e {0}',
      '2026-11-23T23:02:25.1000003Z ##[endgroup]',
      `2026-11-23T23:02:25.2000000Z ##[error]${error}`,
      '2026-11-23T23:02:25.3000000Z ##[error]Process completed with exit code 1.'
    ].join('\n')
  async function failuresOf(script: string, title: string, message: string) {
    const fromApi = annotationToFailure(annotation({ title, message }))
    const { failures } = await analyze(
      [
        {
          name: 'lint',
          content: (async function* () {
            yield gateLog(script, message)
          })()
        }
      ],
      { annotations: [fromApi!], failedSteps: { lint: [`Run ${script}`] } }
    )
    return failures.filter(f => f.message.includes(message))
  }

  test('are one failure when the title names the language rather than a tool', async () => {
    expect(
      await failuresOf('./scripts/check-gofmt.sh', 'Go files need gofmt', 'Run: gofmt -w <files>')
    ).toMatchObject([{ tool: 'annotation' }])
  })

  test('are one failure when the title names a tool, which the failure keeps', async () => {
    expect(
      await failuresOf('./scripts/go-test.sh', 'go test failed', '2 packages failed, see the log above')
    ).toMatchObject([{ tool: 'go test' }])
  })
})
