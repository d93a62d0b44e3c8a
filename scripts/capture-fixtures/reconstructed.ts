/**
 * Fixtures for tools that cannot run on the capture machine (trivy, osv-scanner, gosec, semgrep:
 * no Debian or npm package), rebuilt from the tool's own published test data, never invented: the
 * output is cut from the named file at the named commit (published.ts) and wrapped as a job log
 * the way capture.ts wraps a real run. Each is labelled so in the manifest.
 *
 *   NIGHTSHIFT_CAPTURE_SOURCES=DIR node --import tsx scripts/capture-fixtures/reconstructed.ts [name ...]
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runnerLog } from '../../test/feedback/runner-log.js'
import { JobLogWriter } from './job-log.js'
import { gitShow, published } from './published.js'

const outDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/logs')
const wanted = process.argv.slice(2)

const manifestFile = join(outDir, 'manifest.json')
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>
for (const f of published) {
  if (wanted.length && !wanted.includes(f.name)) continue
  const output = f.extract(gitShow(f.repo, f.commit, f.path))
  const log = new JobLogWriter()
  log.preamble('acme/demo', '/home/runner/work/demo/demo')
  log.stepStart(f.command)
  log.raw(output)
  log.line(`##[error]Process completed with exit code ${f.exitCode}.`)
  log.postamble()
  writeFileSync(join(outDir, `${f.name}.log`), runnerLog(log.text()))
  manifest[f.name] = {
    tool: f.tool,
    version: 'as in the source',
    commands: [f.command],
    how: `reconstructed: the tool cannot run on the capture machine; output copied from ${f.repo} ${f.path} at ${f.commit}, ${f.part}`
  }
  console.log(`${f.name}: ${output.split('\n').length} lines from ${f.repo}`)
}
const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)))
writeFileSync(manifestFile, JSON.stringify(sorted, null, 2) + '\n')
