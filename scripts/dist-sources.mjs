// The digest of what dist/ is built from, kept in dist/sources.sha256 by `npm run package`.
// `node scripts/dist-sources.mjs check` exits 1 with a message when the sources changed since dist/
// was built. It compares contents, never modification times: a clone gives every file the time of
// the checkout, so times cannot tell a fresh dist/ from a stale one.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const DIGEST = join(root, 'dist', 'sources.sha256')
/** What ncc reads: the sources, the dependencies' exact versions, the compiler options, the build. */
const INPUTS = ['src', 'package-lock.json', 'tsconfig.json', 'scripts/package.mjs']

function files(path) {
  const full = join(root, path)
  try {
    return readdirSync(full, { withFileTypes: true })
      .flatMap(e => files(join(path, e.name)))
      .sort()
  } catch (e) {
    if (e.code === 'ENOTDIR') return [path]
    throw e
  }
}

export function sourcesDigest() {
  const hash = createHash('sha256')
  for (const file of INPUTS.flatMap(files)) {
    hash.update(`${relative(root, join(root, file)).split('\\').join('/')}\0`)
    hash.update(readFileSync(join(root, file)))
    hash.update('\0')
  }
  return hash.digest('hex')
}

/** Writes `digest`, taken before the build began, so an edit made during the build counts as a change. */
export function writeSourcesDigest(digest) {
  writeFileSync(DIGEST, digest + '\n')
}

/** Null when dist/ was built from the current sources, else what to do about it. */
export function staleDist() {
  let built
  try {
    built = readFileSync(DIGEST, 'utf8').trim()
  } catch {
    return 'dist/sources.sha256 is missing: dist/ was not built by `npm run package`. Run it.'
  }
  if (built === sourcesDigest()) return null
  return `dist/ is older than the sources (${INPUTS.join(', ')} changed since it was built): the end-to-end tests run the bundled dist/index.js. Run \`npm run package\` first.`
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'check') {
  const problem = staleDist()
  if (problem) {
    console.error(problem)
    process.exit(1)
  }
}
