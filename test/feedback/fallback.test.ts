/**
 * The fallback for output no parser knows: the final `Error:`/`error:`/`fatal:` line and the lines
 * around it win over earlier lines that only look like errors (installer noise).
 */
import { StepTail } from '../../src/feedback/fallback.js'
import { analyzeFixture } from './helpers.js'

function summary(lines: string[]): string[] {
  const tail = new StepTail()
  for (const l of lines) tail.line(l)
  return tail.summary().split('\n')
}

const debconf = (pkg: string) => [
  `Setting up ${pkg} (1.0-1) ...`,
  'debconf: unable to initialize frontend: Dialog',
  'debconf: (TERM is not set, so the dialog frontend is not usable.)',
  'debconf: falling back to frontend: Readline',
  'debconf: unable to initialize frontend: Readline',
  'debconf: (This frontend requires a controlling tty.)',
  'debconf: falling back to frontend: Teletype'
]

test('a script that fails after apt: the error and its details, not the debconf noise', async () => {
  const { failures, feedback } = await analyzeFixture('error-after-installer-noise')
  expect(failures).toHaveLength(1)
  const lines = failures[0].message.split('\n')
  for (const key of [
    'Error: 2 migrations are not reflected in db/schema.sql:',
    'db/migrations/0003_users_email.sql',
    'db/migrations/0004_users_email_index.sql',
    'Run ./scripts/dump-schema.sh against a migrated database and commit db/schema.sql.'
  ]) {
    expect(lines.map(l => l.trim())).toContain(key)
    expect(feedback).toContain(key)
  }
  expect(lines.filter(l => l.startsWith('debconf:')).length).toBeLessThanOrEqual(6)
})

test('the final error line keeps its details even when more output follows than the tail holds', () => {
  const out = summary([
    ...['libfoo', 'libbar', 'libbaz', 'libqux', 'libquux'].flatMap(debconf),
    'Error: config/app.yml: unknown key "timeout_ms"',
    '  did you mean "timeoutMs"?',
    'Cleaning up',
    ...Array.from({ length: 12 }, (_, i) => `removed /tmp/build/${i}`)
  ])
  expect(out).toContain('Error: config/app.yml: unknown key "timeout_ms"')
  expect(out).toContain('  did you mean "timeoutMs"?')
  expect(out).toContain('removed /tmp/build/11')
  expect(out.length).toBeLessThanOrEqual(17)
})

test('of several error lines the last one wins, with its context and the last lines of the step', () => {
  const out = summary([
    'error: could not lock config file .git/config: File exists',
    ...Array.from({ length: 30 }, (_, i) => `step ${i}`),
    'fatal: unable to access https://example.test/repo.git/: Could not resolve host: example.test',
    ...Array.from({ length: 3 }, (_, i) => `after ${i}`)
  ])
  expect(out).toContain(
    'fatal: unable to access https://example.test/repo.git/: Could not resolve host: example.test'
  )
  expect(out).toContain('step 29')
  expect(out).toContain('after 2')
  expect(out).not.toContain('error: could not lock config file .git/config: File exists')
})

test('without an error line: the last lines and the latest error-looking ones, with gaps marked', () => {
  const out = summary([
    'warning: cannot find optional tool',
    ...Array.from({ length: 40 }, (_, i) => `line ${i}`),
    'build FAILED in 3 targets',
    ...Array.from({ length: 10 }, (_, i) => `tail ${i}`)
  ])
  expect(out).toContain('build FAILED in 3 targets')
  expect(out).toContain('tail 9')
  expect(out).toContain('…')
})
