/**
 * Flaky failures: a test the change does not touch, that passed on the base, and fails now may have
 * failed by chance (a timing, a port, an order). Such failures get one more chance: the failed jobs
 * run once more (`POST …/actions/runs/{id}/rerun-failed-jobs`, one re-run per attempt). Passing then,
 * the test is named flaky and the attempt is judged green; failing again, it is real.
 * https://docs.github.com/en/rest/actions/workflow-runs#re-run-failed-jobs-from-a-workflow-run
 */
import type { Failure } from '../feedback/types.js'
import type { BaselineRecord } from './baseline-record.js'

/** `test/money.test.js` → `money`; `tests/test_money.py` → `money`; `money_test.go` → `money`. */
export function stem(path: string): string {
  const base = (path.split('/').pop() ?? path).toLowerCase()
  return base
    .replace(/\.[^.]+$/, '')
    .replace(/[._-](?:test|tests|spec|specs)$/, '')
    .replace(/^(?:test|tests)[._-]/, '')
    .replace(/\.[^.]+$/, '')
}

/**
 * True when the change touches what failed: the failure's file changed, it is the test file of a
 * changed module (money.test.js for money.js), or its message names a changed file (a stack trace).
 */
export function touches(f: Failure, changed: string[]): boolean {
  if (changed.length === 0) return false
  if (f.file !== null) {
    if (changed.includes(f.file)) return true
    const own = stem(f.file)
    if (own.length >= 3 && changed.some(c => stem(c) === own)) return true
  }
  return changed.some(c => f.message.includes(c) || (f.test ?? '').includes(c))
}

/**
 * Whether a re-run may tell a flaky test from a real failure: there is a baseline to say the tests
 * passed on the base, every failure of the change's own is a failing test (a compiler or linter
 * error is never flaky), and the change touches none of them.
 */
export function worthRerun(
  fresh: Failure[],
  baseline: BaselineRecord | null | undefined,
  changed: string[]
): boolean {
  if (!baseline || (baseline.source !== 'found' && baseline.source !== 'dispatched')) return false
  return fresh.length > 0 && fresh.every(f => f.test !== null && !touches(f, changed))
}
