/**
 * `npm run bench [name...]`: runs every `bench/<name>.bench.ts` (or the named ones) and prints one
 * JSON object a line: `{"name","value","unit",...}`. A benchmark is a module whose default export
 * is an async generator of results, so adding one is adding a file.
 */
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Benchmark } from './lib/types.js'

const here = dirname(fileURLToPath(import.meta.url))
const wanted = process.argv.slice(2)
const found = readdirSync(here)
  .filter(f => f.endsWith('.bench.ts'))
  .map(f => f.slice(0, -'.bench.ts'.length))
  .sort()
const unknown = wanted.filter(w => !found.includes(w))
if (unknown.length) {
  console.error(
    `bench: no benchmark named ${unknown.map(u => `"${u}"`).join(', ')}; known: ${found.join(', ')}.`
  )
  process.exit(2)
}

let failed = false
for (const name of found) {
  if (wanted.length && !wanted.includes(name)) continue
  const mod = (await import(pathToFileURL(join(here, `${name}.bench.ts`)).href)) as { default: Benchmark }
  try {
    for await (const result of mod.default()) console.log(JSON.stringify(result))
  } catch (e) {
    failed = true
    console.log(JSON.stringify({ name: `${name}.error`, value: 1, unit: 'error', message: String(e) }))
  }
}
process.exitCode = failed ? 1 : 0
