/**
 * The log is written by code the agent controls: crafted lines must not stall the analysis, and a
 * flood of failures must not grow memory or the feedback.
 */
import { Readable } from 'node:stream'
import { analyze } from '../../src/feedback/index.js'

test('64 KB lines crafted against the path patterns are analysed in linear time', async () => {
  // Without the per-line cap, each of these lines costs over a second in the eslint/go/mypy patterns.
  const shapes = [
    'a:1:1: ',
    'x.c:1:1: ',
    'x.py:1:1: E1 ',
    'x.go:1:1: ',
    '[a:1] - G101 (CWE-1): x (Confidence: ',
    '│ a │ b ',
    '   ❯❱ r ',
    ' a:1-2 (added by '
  ]
  const lines = shapes.flatMap(unit =>
    Array.from({ length: 8 }, () => unit.repeat(Math.ceil(65536 / unit.length)) + '\n')
  )
  const start = Date.now()
  const { feedback } = await analyze([{ name: 'crafted', content: Readable.from(lines) }])
  expect(Date.now() - start).toBeLessThan(2000)
  expect(feedback.length).toBeLessThanOrEqual(6000)
})

test('a flood of 30,000 failures keeps 1,000, counts the rest and stays within budget', async () => {
  function* flood() {
    yield '2026-11-23T22:52:11.1234567Z ##[group]Run npx eslint --format unix .\n'
    yield '2026-11-23T22:52:11.1234567Z ##[endgroup]\n'
    for (let i = 0; i < 30_000; i++)
      yield `src/f${i % 50}.js:${i + 1}:1: 'x${i}' is not defined. [Error/no-undef]\n`
    yield '2026-11-23T22:52:12.1234567Z ##[error]Process completed with exit code 1.\n'
  }
  const { failures, feedback } = await analyze([{ name: 'lint', content: Readable.from(flood()) }])
  expect(failures).toHaveLength(1000)
  expect(feedback.length).toBeLessThanOrEqual(6000)
  expect(feedback).toContain('Failures (30000):')
  expect(feedback).toMatch(/… \d+ more failures not shown, in: src\/f\d+\.js/)
})

test('a scanner table that never ends keeps one bounded record per row group', async () => {
  function* table() {
    yield '2026-11-23T22:52:11.1234567Z ##[group]Run trivy fs --exit-code 1 .\n'
    yield '2026-11-23T22:52:11.1234567Z ##[endgroup]\n'
    for (const l of ['package-lock.json (npm)', '=================', 'Total: 1 (HIGH: 1, CRITICAL: 0)', ''])
      yield `${l}\n`
    yield '┌─────────┬───────────────┬──────────┬───────┐\n'
    yield '│ Library │ Vulnerability │ Severity │ Title │\n'
    yield '├─────────┼───────────────┼──────────┼───────┤\n'
    // One record whose cells wrap forever: what is kept of it must not grow with the log.
    for (let i = 0; i < 200_000; i++) yield `│ lodash  │ CVE-2021-${i} │ HIGH     │ x${i} │\n`
    yield '└─────────┴───────────────┴──────────┴───────┘\n'
    yield '2026-11-23T22:52:12.1234567Z ##[error]Process completed with exit code 1.\n'
  }
  const { failures, feedback } = await analyze([{ name: 'scan', content: Readable.from(table()) }])
  expect(failures).toHaveLength(1)
  expect(failures[0].message.length).toBeLessThan(1000)
  expect(failures[0].message).toMatch(/^CVE-2021-0 CVE-2021-1 .* \(HIGH[ A-Z]*\): lodash/)
  expect(feedback.length).toBeLessThanOrEqual(6000)
})
