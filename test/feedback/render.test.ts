/** The rendered feedback: order, budget, the "left out" line, and determinism. */
import { Readable } from 'node:stream'
import { analyze } from '../../src/feedback/index.js'
import type { FoundFailure } from '../../src/feedback/found.js'
import { render } from '../../src/feedback/render.js'
import { analyzeFixture } from './helpers.js'

function found(i: number, extra: Partial<FoundFailure> = {}): FoundFailure {
  return {
    tool: 'tsc',
    file: `src/module-${i % 7}.ts`,
    line: i + 1,
    column: 3,
    test: null,
    message: `TS2322: Type 'string' is not assignable to type 'number' (case ${i}).\nmore detail ${i}`,
    severity: 'error',
    job: 'build',
    step: 'Run npx tsc',
    ...extra
  }
}

const steps = [
  { job: 'build', step: 'Run npx tsc', exitCode: 2, reason: 'Process completed with exit code 2.' }
]

test('failing steps come first, then each failure as file:line:col tool test — message', () => {
  const text = render({ failures: [found(0, { test: 'suite › case' })], steps, dropped: 0, droppedFiles: [] })
  expect(text).toBe(
    [
      'Failing steps:',
      '- build › Run npx tsc (exit code 2)',
      '',
      'Failures (1):',
      "- src/module-0.ts:1:3 tsc suite › case — TS2322: Type 'string' is not assignable to type 'number' (case 0).",
      '    more detail 0'
    ].join('\n')
  )
})

test.each([200, 600, 1500, 6000])(
  '500 failures fit a budget of %i, saying how many were left out and where',
  budget => {
    const failures = Array.from({ length: 500 }, (_, i) => found(i))
    const text = render({ failures, steps, dropped: 0, droppedFiles: [] }, budget)
    expect(text.length).toBeLessThanOrEqual(budget)
    const m = /… (\d+) more failures not shown, in: (.+)\.$/.exec(text)
    expect(m).not.toBeNull()
    const shown = text.split('\n').filter(l => l.startsWith('- src/')).length
    expect(shown + Number(m![1])).toBe(500)
    if (budget >= 600) expect(m![2]).toContain('src/module-')
  }
)

test('errors come before warnings and the fallback, whatever the log order', () => {
  const text = render(
    {
      failures: [
        found(1, { severity: 'warning', message: 'a warning' }),
        found(2, { tool: 'log', file: null, line: null, column: null, message: 'raw lines' }),
        found(3, { message: 'the error' })
      ],
      steps,
      dropped: 0,
      droppedFiles: []
    },
    6000
  )
  expect(text.indexOf('the error')).toBeLessThan(text.indexOf('raw lines'))
  expect(text.indexOf('raw lines')).toBeLessThan(text.indexOf('a warning'))
})

test('failures beyond the collector cap are counted, with their files', () => {
  const text = render(
    { failures: [found(0)], steps, dropped: 4, droppedFiles: ['lib/a.ts', 'lib/b.ts'] },
    6000
  )
  expect(text).toContain('Failures (5):')
  expect(text).toContain('… 4 more failures not shown, in: lib/a.ts, lib/b.ts.')
})

test('the same logs give the same feedback, byte for byte', async () => {
  const a = await analyzeFixture('lint-and-test')
  const b = await analyzeFixture('lint-and-test')
  expect(a).toEqual(b)
})

test('a tiny budget is respected on a real log', async () => {
  const { feedback } = await analyzeFixture('flake8', { budgetChars: 300 })
  expect(feedback.length).toBeLessThanOrEqual(300)
  expect(feedback).toContain("F401 'os' imported but unused")
  expect(feedback).toMatch(/more failures not shown, in: tool\/cli\.py, tool\/more\.py\.$/)
})

test('a budget below 200 characters is refused with the value quoted', async () => {
  await expect(analyze([{ name: 'x', content: Readable.from(['']) }], { budgetChars: 50 })).rejects.toThrow(
    'budgetChars must be an integer of at least 200, got 50'
  )
})

test('a log with no failing step and no failure says so', async () => {
  const { failures, feedback } = await analyze([{ name: 'ok', content: Readable.from(['all good\n']) }])
  expect(failures).toEqual([])
  expect(feedback).toBe('No failures were recognised in the logs.')
})

test('steps the API reports as failed are listed, and get the fallback when no parser spoke', async () => {
  const lines = [
    '##[group]Run ./deploy.sh',
    '##[endgroup]',
    'uploading…',
    'Error: bucket is not writable',
    'done'
  ]
  const { failures, feedback } = await analyze(
    [
      {
        name: 'deploy',
        content: Readable.from([lines.map(l => `2026-11-23T22:52:11.1234567Z ${l}\n`).join('')])
      }
    ],
    { failedSteps: { deploy: ['Run ./deploy.sh'], other: ['Build'] } }
  )
  expect(failures).toEqual([
    {
      tool: 'log',
      file: null,
      line: null,
      column: null,
      test: null,
      message: 'uploading…\nError: bucket is not writable\ndone'
    }
  ])
  expect(feedback).toContain('- deploy › Run ./deploy.sh (failed)')
  expect(feedback).toContain('- other › Build (failed)')
})
