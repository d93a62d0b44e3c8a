/**
 * Rules that hold for every fixture, in every way the runner writes it, so that they cannot drift:
 * what the feedback calls a failure's message is in the text the agent reads; whatever key line
 * the naive tail of the log (its last 200 lines) would have kept, the feedback keeps too, unless
 * the text says that failures were left out; and the size stays small.
 */
import { cleanText, stripTimestamp } from '../../src/feedback/normalize.js'
import { analyzeFixture, expected, fixtureLog, fixtureNames, VARIANTS } from './helpers.js'

const names = fixtureNames()
const LEFT_OUT = /more failures? not shown|more lines\)/

/** A message line as the renderer shows it: trimmed, and long lines cut. */
function shown(line: string): string {
  return line.trim().slice(0, 200)
}

describe.each(names.flatMap(n => VARIANTS.map(v => [n, v] as const)))('%s (%s)', (name, variant) => {
  test('every line of every failure message is in the feedback, unless it says what it left out', async () => {
    const { failures, feedback } = await analyzeFixture(name, {}, variant)
    if (LEFT_OUT.test(feedback)) return
    for (const f of failures) {
      for (const line of f.message.split('\n').map(shown).filter(Boolean)) {
        if (!feedback.includes(line))
          throw new Error(`${name}: "${line}" of ${f.tool} ${f.file}:${f.line} is not in:\n${feedback}`)
      }
    }
  })

  test('key lines the last 200 lines keep are kept by the feedback', async () => {
    const { feedback } = await analyzeFixture(name, {}, variant)
    const tail = fixtureLog(name, variant)
      .trimEnd()
      .split('\n')
      .slice(-200)
      .map(l => cleanText(stripTimestamp(l)))
      .join('\n')
    const lost = expected(name)
      .failures.map(l => l.key)
      .filter(key => tail.includes(key) && !feedback.includes(key))
    if (lost.length) expect(feedback).toMatch(LEFT_OUT)
  })
})

test('median feedback at most 3 KB, largest at most 8 KB', async () => {
  const sizes: number[] = []
  for (const name of names) sizes.push(Buffer.byteLength((await analyzeFixture(name)).feedback))
  sizes.sort((a, b) => a - b)
  expect(sizes[sizes.length >> 1]).toBeLessThanOrEqual(3 * 1024)
  expect(sizes[sizes.length - 1]).toBeLessThanOrEqual(8 * 1024)
})

test('the JSON keeps every failing test while the text folds them', async () => {
  const { failures, feedback } = await analyzeFixture('jest-same-error')
  expect(failures.filter(f => f.test?.startsWith('validate › accepts'))).toHaveLength(12)
  expect(feedback).toContain('11 more tests failed with the same error: validate › accepts b')
  expect(feedback).toContain('jest reported: Tests:       14 failed, 14 total')
})
