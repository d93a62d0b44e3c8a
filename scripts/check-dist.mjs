// Fails when dist/ does not match the sources: rebuilds it, then asks git whether anything changed.
import { execFileSync } from 'node:child_process'

execFileSync('npm', ['run', '--silent', 'package'], { stdio: 'inherit' })
const changed = execFileSync('git', ['status', '--porcelain', '--', 'dist'], { encoding: 'utf8' }).trim()
if (changed) {
  console.error(
    `dist/ is stale: \`npm run package\` changed these files. Run it and commit dist/.\n${changed}`
  )
  process.exit(1)
}
console.log('dist/ matches the sources.')
