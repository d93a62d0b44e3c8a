// Bundles each entry point with ncc into one file under dist/ (dist/index.js, dist/post.js, dist/cli.js).
// ncc writes a folder per build; we keep only the bundle (and its licences) so dist/ stays flat.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const entries = ['index', 'post', 'cli']
const dist = 'dist'
const work = join(dist, '.build')

rmSync(work, { recursive: true, force: true })
for (const name of readdirSync(dist, { withFileTypes: true })) {
  if (name.isFile()) rmSync(join(dist, name.name))
}
mkdirSync(work, { recursive: true })

for (const entry of entries) {
  const out = join(work, entry)
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      `src/${entry}.ts`,
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--quiet',
      '--target',
      'es2022'
    ],
    { stdio: 'inherit' }
  )
  const files = readdirSync(out).filter(f => !['index.js', 'package.json', 'licenses.txt'].includes(f))
  if (files.length > 0) {
    // Extra assets would be loaded relative to the bundle; copy them beside it under their own names.
    for (const f of files) cpSync(join(out, f), join(dist, f), { recursive: true })
  }
  renameSync(join(out, 'index.js'), join(dist, `${entry}.js`))
  if (entry === 'index' && existsSync(join(out, 'licenses.txt')))
    renameSync(join(out, 'licenses.txt'), join(dist, 'licenses.txt'))
}
writeFileSync(join(dist, 'package.json'), JSON.stringify({ type: 'module' }, null, 2) + '\n')
rmSync(work, { recursive: true, force: true })
