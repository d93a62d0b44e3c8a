/**
 * Imported first by every test that runs the committed bundle (dist/): fails the test file at once,
 * saying what to do, when dist/ was built from other sources than the ones checked out. Without it a
 * stale bundle fails tests far from the cause, or passes them with code that is no longer there.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const check = spawnSync(
  process.execPath,
  [fileURLToPath(new URL('../../scripts/dist-sources.mjs', import.meta.url)), 'check'],
  { encoding: 'utf8' }
)
if (check.status !== 0) throw new Error(check.stderr.trim() || `dist check exited with ${check.status}`)
