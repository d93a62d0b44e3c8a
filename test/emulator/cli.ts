/**
 * `npm run emulator [-- --json]`: a local GitHub with the sample repository and its issue.
 * With --json, prints one line `{"apiUrl","serverUrl","token","repository"}`; serves until stopped.
 * Faults can be armed from outside: `curl -X POST <serverUrl>/_emulator/faults -d '{"kind":"status","route":"checks/create","status":502}'`.
 */
import { SAMPLE_REPOSITORY, startSampleEmulator } from './sample.js'

const json = process.argv.includes('--json')
const legacyDispatch = process.argv.includes('--legacy-dispatch')
const started = Date.now()
const { emulator, issue } = await startSampleEmulator({ legacyDispatch })

if (json) {
  process.stdout.write(
    JSON.stringify({
      apiUrl: emulator.apiUrl,
      serverUrl: emulator.serverUrl,
      token: emulator.token,
      repository: SAMPLE_REPOSITORY
    }) + '\n'
  )
} else {
  console.log(`Local GitHub emulator ready in ${Date.now() - started} ms`)
  console.log(`  API:        ${emulator.apiUrl}  (GITHUB_API_URL)`)
  console.log(`  Server/git: ${emulator.serverUrl}  (GITHUB_SERVER_URL)`)
  console.log(`  Token:      ${emulator.token}`)
  console.log(`  Repository: ${SAMPLE_REPOSITORY}, issue #${issue.number}: ${issue.title}`)
  console.log(
    `  Clone:      git -c http.extraHeader="Authorization: Basic $(printf 'x-access-token:%s' <token> | base64 -w0)" clone ${emulator.serverUrl}/${SAMPLE_REPOSITORY}.git`
  )
  console.log('Press Ctrl+C to stop.')
}

let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  // A person poking at the emulator by hand may well hit unknown routes: report them, do not fail.
  const seen = emulator.violations()
  for (const v of seen) console.error(`emulator: ${v.kind} ${v.method} ${v.path}: ${v.problems.join('; ')}`)
  void emulator.close({ ignoreViolations: true }).then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
