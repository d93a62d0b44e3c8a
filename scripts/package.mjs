// Bundles each entry point with ncc under dist/ (dist/index.js, dist/post.js, dist/cli.js and the chunks they
// load lazily), and records the digest of the sources it was built from (scripts/dist-sources.mjs).
// ncc writes a folder per build; we keep only the bundle (and its licences) so dist/ stays flat.
import { execFileSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { sourcesDigest, writeSourcesDigest } from './dist-sources.mjs'

const digest = sourcesDigest()
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
  // ncc names every entry's chunks (lazily imported modules) `<id>.index.js`, and ids of different
  // entries collide: give each entry's chunks its own suffix, in the file names and in the runtime
  // that loads them, so no entry loads another's chunk.
  const suffix = entry === 'index' ? '.index.js' : `.${entry}.js`
  const bundle = join(out, 'index.js')
  if (entry !== 'index') {
    const text = readFileSync(bundle, 'utf8')
    writeFileSync(bundle, text.replaceAll('+ ".index.js"', `+ "${suffix}"`))
  }
  const files = readdirSync(out).filter(f => !['index.js', 'package.json', 'licenses.txt'].includes(f))
  for (const f of files) {
    const name = f.endsWith('.index.js') ? f.slice(0, -'.index.js'.length) + suffix : f
    const target = join(dist, name)
    if (existsSync(target) && !readFileSync(target).equals(readFileSync(join(out, f))))
      throw new Error(`dist/${name} is written by two entry points with different content`)
    cpSync(join(out, f), target, { recursive: true })
  }
  renameSync(join(out, 'index.js'), join(dist, `${entry}.js`))
  if (entry === 'index' && existsSync(join(out, 'licenses.txt')))
    renameSync(join(out, 'licenses.txt'), join(dist, 'licenses.txt'))
}
writeFileSync(join(dist, 'package.json'), JSON.stringify({ type: 'module' }, null, 2) + '\n')
rmSync(work, { recursive: true, force: true })
writeSourcesDigest(digest)
