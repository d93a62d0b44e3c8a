/**
 * The check that the committed dist/ was built from the sources checked out (scripts/dist-sources.mjs),
 * run on a small copy of the project layout: it passes after a build, fails on any change of content,
 * and ignores modification times, which a fresh clone sets to the time of the checkout.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

let root = ''
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dist-sources-'))
  for (const dir of ['scripts', 'src/loop', 'dist']) mkdirSync(join(root, dir), { recursive: true })
  copyFileSync('scripts/dist-sources.mjs', join(root, 'scripts/dist-sources.mjs'))
  writeFileSync(join(root, 'scripts/package.mjs'), '// build\n')
  writeFileSync(join(root, 'src/index.ts'), "import './loop/run.js'\n")
  writeFileSync(join(root, 'src/loop/run.ts'), 'export const x = 1\n')
  writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion": 3}\n')
  writeFileSync(join(root, 'tsconfig.json'), '{}\n')
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const script = () => join(root, 'scripts/dist-sources.mjs')
const build = () =>
  spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(script())}); m.writeSourcesDigest(m.sourcesDigest())`
    ],
    { encoding: 'utf8' }
  )
const check = () => spawnSync(process.execPath, [script(), 'check'], { encoding: 'utf8' })

it('passes right after a build, and when only modification times changed', () => {
  expect(build().status).toBe(0)
  expect(check().status).toBe(0)
  const later = new Date(Date.now() + 3_600_000)
  utimesSync(join(root, 'src/loop/run.ts'), later, later)
  expect(check().status).toBe(0)
})

it('fails with what to do when a source, a new file or the lock changed', () => {
  build()
  for (const change of [
    () => writeFileSync(join(root, 'src/loop/run.ts'), 'export const x = 2\n'),
    () => writeFileSync(join(root, 'src/loop/new.ts'), ''),
    () => writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {}}\n')
  ]) {
    build()
    change()
    const r = check()
    expect([r.status, r.stderr]).toEqual([1, expect.stringContaining('Run `npm run package` first')])
  }
})

it('fails when dist/ has no digest at all', () => {
  const r = check()
  expect([r.status, r.stderr]).toEqual([1, expect.stringContaining('dist/sources.sha256 is missing')])
})
