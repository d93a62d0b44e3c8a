/**
 * Fixtures for tools that cannot run on the capture machine, rebuilt from the tool's own published
 * test data, never invented: the output text is copied from the named file at the named commit and
 * wrapped as a job log the way capture.ts wraps a real run. Each is labelled so in the manifest.
 *
 *   node --import tsx scripts/capture-fixtures/reconstructed.ts
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { JobLogWriter } from './job-log.js'

const outDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/logs')

interface Reconstructed {
  name: string
  tool: string
  command: string
  exitCode: number
  source: string
  output: string
}

const fixtures: Reconstructed[] = [
  {
    name: 'npm-audit',
    tool: 'npm audit',
    command: 'npm audit --audit-level=moderate',
    exitCode: 1,
    source:
      'npm/cli tap-snapshots/test/lib/commands/audit.js.test.cjs at 9622597399ec93224fddf90a9209a98dbcfd6b2f, "normal audit"',
    output: `# npm audit report

test-dep-a  1.0.0
Severity: high
Test advisory 100 - https://github.com/advisories/GHSA-100
fix available via \`npm audit fix\`
node_modules/test-dep-a

1 high severity vulnerability

To address all issues, run:
  npm audit fix
`
  }
]

const manifestFile = join(outDir, 'manifest.json')
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>
for (const f of fixtures) {
  const log = new JobLogWriter()
  log.preamble('acme/demo', '/home/runner/work/demo/demo')
  log.stepStart(f.command)
  log.raw(f.output)
  log.line(`##[error]Process completed with exit code ${f.exitCode}.`)
  log.postamble()
  writeFileSync(join(outDir, `${f.name}.log`), log.text())
  manifest[f.name] = {
    tool: f.tool,
    version: 'as in the source',
    commands: [f.command],
    how: `reconstructed: the tool cannot run on the capture machine; output copied from ${f.source}`
  }
}
const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)))
writeFileSync(manifestFile, JSON.stringify(sorted, null, 2) + '\n')
