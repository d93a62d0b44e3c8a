/**
 * The cost bench's tasks on the sample repository (test/fixtures/sample-repo, tinyledger): the
 * transcripts a careful agent follows — look around, read, run the tests, edit, run them again — as
 * scripted steps. The tools run for real on a temporary copy, so every tool result is real output.
 */
import { readFileSync } from 'node:fs'
import type { ScriptStep } from './cost-model.js'

export interface BenchTask {
  name: string
  title: string
  body: string
  /** Files the maintainer added before the task (a failing test that describes it). */
  setup: Record<string, string>
  /** One transcript per attempt. */
  attempts: ScriptStep[][]
}

const step = (say: string, tool: string, input: Record<string, unknown>): ScriptStep => ({ say, tool, input })
const MONEY_LINE = '  const cents = Number(m[2]) * 100 + Number(m[3] ?? 0)'
const MONEY_FIXED = "  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))"
const TRY_PARSE = `node -e "import('./src/money.js').then(m => console.log(m.parseAmount('12.5'), m.parseAmount('12.50'), m.parseAmount('0.5'), m.parseAmount('-3.1')))"`

/** The sample issue: "12.5" is read as 12.05. One attempt, 23 steps. */
export const TENTHS: BenchTask = {
  name: 'tenths',
  title: 'Amounts with one decimal digit are read as cents ("12.5" becomes 12.05)',
  body: "When I add an expense of `12.5` the ledger records **12.05** instead of 12.50.\n\n### Steps to reproduce\n\n```js\nformatAmount(parseAmount('12.5')) // '12.05', expected '12.50'\n```\n\n### Expected\n\n`parseAmount('12.5') === 1250`. The test `parses one decimal digit as tenths` in `test/money.test.js` already covers it and fails on main.",
  setup: {},
  attempts: [
    [
      step("I'll look at the repository layout first.", 'list_files', { path: '.', depth: 3 }),
      step('Reading the README for conventions.', 'read_file', { path: 'README.md' }),
      step('Checking how tests are run.', 'read_file', { path: 'package.json' }),
      step('The bug is in parseAmount; reading it.', 'read_file', { path: 'src/money.js' }),
      step('Reading the tests that cover it.', 'read_file', { path: 'test/money.test.js' }),
      step('Running the suite to see the failure.', 'run_command', { command: 'node --test' }),
      step('Who else calls parseAmount?', 'search_text', { pattern: 'parseAmount' }),
      step('Reading the ledger, which stores amounts.', 'read_file', { path: 'src/ledger.js' }),
      step('And its tests.', 'read_file', { path: 'test/ledger.test.js' }),
      step('Settling uses cents too; checking.', 'read_file', { path: 'src/settle.js' }),
      step('Reproducing with a few inputs.', 'run_command', { command: TRY_PARSE }),
      step('The fraction must be padded to two digits before it is read as cents.', 'edit_file', {
        path: 'src/money.js',
        old_text: MONEY_LINE,
        new_text: MONEY_FIXED
      }),
      step('Trying the same inputs again.', 'run_command', { command: TRY_PARSE }),
      step('Running the money tests.', 'run_command', { command: 'node --test test/money.test.js' }),
      step('Re-reading the tests to add a negative case.', 'read_file', { path: 'test/money.test.js' }),
      step('Adding a test for a negative one-digit fraction.', 'edit_file', {
        path: 'test/money.test.js',
        old_text: "  assert.equal(parseAmount('12.5'), 1250)\n",
        new_text: "  assert.equal(parseAmount('12.5'), 1250)\n  assert.equal(parseAmount('-3.1'), -310)\n"
      }),
      step('Running the money tests again.', 'run_command', { command: 'node --test test/money.test.js' }),
      step('Checking formatAmount round-trips.', 'search_text', { pattern: 'formatAmount' }),
      step('Round-trip check.', 'run_command', {
        command: `node -e "import('./src/money.js').then(m => console.log(m.formatAmount(m.parseAmount('12.5')), m.formatAmount(m.parseAmount('-0.5'))))"`
      }),
      step('Reviewing the diff.', 'run_command', { command: 'git diff' }),
      step('The whole suite.', 'run_command', { command: 'node --test' }),
      step('Nothing else changed?', 'run_command', { command: 'git status --short' }),
      step('Done.', 'finish', {
        summary:
          'parseAmount pads a one-digit fraction to two digits before reading it as cents, so "12.5" is 1250; added a negative case to the tests.'
      })
    ]
  ]
}

const WEIGHTS_TEST = `import { test } from 'node:test'
import assert from 'node:assert/strict'
import { balances } from '../src/ledger.js'

test('splits an expense by weight', () => {
  const net = balances([{ payer: 'ana', amount: 1000, participants: ['ana', 'bo'], weights: { ana: 3, bo: 1 } }])
  assert.equal(net.get('bo'), -250)
  assert.equal(net.get('ana'), 250)
})

test('weighted shares keep every cent, the first participants absorbing the leftover', () => {
  const net = balances([
    { payer: 'ana', amount: 1000, participants: ['ana', 'bo', 'cy'], weights: { ana: 1, bo: 1, cy: 1 } }
  ])
  assert.equal([...net.values()].reduce((a, b) => a + b, 0), 0)
  assert.equal(net.get('ana'), 666)
})
`

const LEDGER_LOOP = `    const share = Math.floor(e.amount / e.participants.length)
    // The first participants absorb the leftover cents so the shares add up to the amount.
    let leftover = e.amount - share * e.participants.length
    add(e.payer, e.amount)
    for (const p of e.participants) {
      add(p, -(share + (leftover-- > 0 ? 1 : 0)))
    }`
const ROUNDED = `    const weights = e.participants.map(p => e.weights?.[p] ?? 1)
    const total = weights.reduce((a, b) => a + b, 0)
    add(e.payer, e.amount)
    e.participants.forEach((p, i) => add(p, -Math.round((e.amount * weights[i]) / total)))`
const LAST_TAKES = `    const weights = e.participants.map(p => e.weights?.[p] ?? 1)
    const total = weights.reduce((a, b) => a + b, 0)
    const shares = weights.map(w => Math.floor((e.amount * w) / total))
    shares[shares.length - 1] += e.amount - shares.reduce((a, b) => a + b, 0)
    add(e.payer, e.amount)
    e.participants.forEach((p, i) => add(p, -shares[i]))`
const FIRST_TAKE = `    const weights = e.participants.map(p => e.weights?.[p] ?? 1)
    const total = weights.reduce((a, b) => a + b, 0)
    const shares = weights.map(w => Math.floor((e.amount * w) / total))
    // The first participants absorb the leftover cents so the shares add up to the amount.
    let leftover = e.amount - shares.reduce((a, b) => a + b, 0)
    add(e.payer, e.amount)
    e.participants.forEach((p, i) => add(p, -(shares[i] + (leftover-- > 0 ? 1 : 0))))`

/** Weighted shares: the first two attempts fail CI (rounding, then who absorbs the leftover); the third passes. */
export const WEIGHTS: BenchTask = {
  name: 'weights',
  title: 'Split an expense by weight (e.g. 3:1 for a couple and a single)',
  body: 'An expense should accept `weights: {name: number}` so shares follow the weights instead of being equal. Missing weights count as 1. Shares must still add up to the amount exactly, and the leftover cents go to the first participants, as they do for equal shares.\n\nThe tests in `test/weights.test.js` describe it.',
  // By now the tenths fix is on main; the maintainer added the tests that describe weights.
  setup: {
    'src/money.js': readFileSync(
      new URL('../../test/fixtures/sample-repo/src/money.js', import.meta.url),
      'utf8'
    ).replace(MONEY_LINE, MONEY_FIXED),
    'test/weights.test.js': WEIGHTS_TEST
  },
  attempts: [
    [
      step('Looking at the layout.', 'list_files', { path: '.', depth: 3 }),
      step('Reading the ledger.', 'read_file', { path: 'src/ledger.js' }),
      step('Reading the new tests.', 'read_file', { path: 'test/weights.test.js' }),
      step('And the existing ledger tests.', 'read_file', { path: 'test/ledger.test.js' }),
      step('Running them.', 'run_command', { command: 'node --test' }),
      step('Who builds expenses?', 'search_text', { pattern: 'participants' }),
      step('Reading settle for how balances are used.', 'read_file', { path: 'src/settle.js' }),
      step('Shares proportional to the weights, rounded.', 'edit_file', {
        path: 'src/ledger.js',
        old_text: LEDGER_LOOP,
        new_text: ROUNDED
      }),
      step('Running the weight tests.', 'run_command', { command: 'node --test test/weights.test.js' }),
      step('Reading the README to document it.', 'read_file', { path: 'README.md' }),
      step('Running everything.', 'run_command', { command: 'node --test test/ledger.test.js' }),
      step('Done.', 'finish', { summary: 'balances() splits each expense by the participants’ weights.' })
    ],
    [
      step('CI says the shares lose a cent; reading the ledger as I left it.', 'read_file', {
        path: 'src/ledger.js'
      }),
      step('Rounding each share cannot keep every cent; the remainder must go somewhere.', 'edit_file', {
        path: 'src/ledger.js',
        old_text: ROUNDED,
        new_text: LAST_TAKES
      }),
      step('Running the weight tests.', 'run_command', { command: 'node --test test/weights.test.js' }),
      step('Running the ledger tests too.', 'run_command', { command: 'node --test test/ledger.test.js' }),
      step('Checking the diff.', 'run_command', { command: 'git diff' }),
      step('Done.', 'finish', { summary: 'The last participant absorbs the rounding remainder.' })
    ],
    [
      step('The test wants the first participants to absorb the leftover; re-reading.', 'read_file', {
        path: 'test/weights.test.js'
      }),
      step('Reading the ledger.', 'read_file', { path: 'src/ledger.js' }),
      step('Leftover to the first participants, one cent each, as for equal shares.', 'edit_file', {
        path: 'src/ledger.js',
        old_text: LAST_TAKES,
        new_text: FIRST_TAKE
      }),
      step('Running the weight tests.', 'run_command', { command: 'node --test test/weights.test.js' }),
      step('The whole suite.', 'run_command', { command: 'node --test' }),
      step('Reviewing the diff.', 'run_command', { command: 'git diff' }),
      step('Done.', 'finish', {
        summary:
          'Shares follow the weights (missing weights count as 1); the leftover cents go to the first participants, so every expense adds up exactly.'
      })
    ]
  ]
}
