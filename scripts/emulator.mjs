// `npm run emulator [-- --json]`: runs test/emulator/cli.ts from one bundled file, so the emulator
// answers in well under a second instead of compiling its TypeScript at every launch. The bundle
// (test/emulator/.cli.mjs, not committed) sits next to the sources, whose files it finds relative to
// itself, and is rebuilt with esbuild only when the content of one of its inputs changed.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const entry = join(root, 'test/emulator/cli.ts')
const bundle = join(root, 'test/emulator/.cli.mjs')
const inputsFile = `${bundle}.inputs.json`

const digest = file =>
  createHash('sha256')
    .update(readFileSync(join(root, file)))
    .digest('hex')

/** True when the bundle was built from the inputs as they are now. */
function fresh() {
  try {
    const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'))
    return existsSync(bundle) && Object.entries(inputs).every(([file, hash]) => digest(file) === hash)
  } catch {
    return false
  }
}

async function rebuild() {
  const { build } = await import('esbuild')
  const temp = `${bundle}.${process.pid}.tmp`
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: temp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    metafile: true,
    logLevel: 'warning',
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
    }
  })
  const inputs = Object.fromEntries(Object.keys(metafile.inputs).map(file => [file, digest(file)]))
  // Renamed into place, so a second emulator starting meanwhile never reads half a file.
  renameSync(temp, bundle)
  writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(inputs))
  renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile)
}

if (!fresh()) await rebuild()
await import(pathToFileURL(bundle).href)
