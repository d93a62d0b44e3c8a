/**
 * Every captured fixture against its hand-written labels: each labelled failure is found with the
 * right file and line, and its key message line reaches the agent, within the budget.
 */
import { analyzeFixture, expected, fixtureNames, VARIANTS } from './helpers.js'

const names = fixtureNames()

test('the fixtures cover at least 25 cases and 12 tools, one over 5,000 lines', () => {
  expect(names.length).toBeGreaterThanOrEqual(25)
  const tools = new Set(names.flatMap(n => expected(n).tools))
  expect(tools.size).toBeGreaterThanOrEqual(12)
})

describe.each(names.flatMap(n => VARIANTS.map(v => [n, v] as const)))('%s (%s)', (name, variant) => {
  const labels = expected(name)

  test('every labelled failure is found with its file, line and key message', async () => {
    const { failures, feedback } = await analyzeFixture(name, {}, variant)
    for (const label of labels.failures) {
      const match = failures.find(
        f =>
          f.file === label.file &&
          f.line === label.line &&
          (label.test === null || (f.test ?? '').includes(label.test)) &&
          `${f.file ?? ''}\n${f.test ?? ''}\n${f.message}`.includes(label.key) &&
          labels.tools.includes(f.tool)
      )
      if (!match) {
        throw new Error(
          `${name}: no failure matches ${JSON.stringify(label)}; found:\n${JSON.stringify(failures, null, 2)}`
        )
      }
      expect(feedback).toContain(label.key)
    }
  })

  test('no other parser reports anything (no false positives)', async () => {
    const { failures } = await analyzeFixture(name, {}, variant)
    expect([...new Set(failures.map(f => f.tool))].filter(t => !labels.tools.includes(t))).toEqual([])
  })

  test('the feedback stays within the default budget and names every failing step', async () => {
    const { feedback } = await analyzeFixture(name, {}, variant)
    expect(feedback.length).toBeLessThanOrEqual(6000)
    expect(feedback).toMatch(/^Failing steps:\n- test › Run /)
  })
})
