/**
 * The README's commands as a new user types them: the bundled CLI answers `--version` and `help`,
 * names a missing required option, and `npm run -s demo -- --json` / `npm run -s emulator -- --json`
 * print nothing but JSON on standard output (so `| jq .` works).
 */
// First: fails at once when dist/ is older than the sources.
import '../e2e/fresh-dist.js'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function run(cmd: string, args: string[], until?: (stdout: string) => boolean): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { env: { ...process.env, GITHUB_TOKEN: '' }, detached: true })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString()
      // The emulator serves until stopped: end its whole process group once it has answered.
      if (until?.(stdout)) process.kill(-child.pid!, 'SIGTERM')
    })
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
    child.on('error', fail)
    child.on('close', code => done({ code, stdout, stderr }))
  })
}

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version
const cli = (...args: string[]) => run(process.execPath, ['dist/cli.js', ...args])

describe('the bundled command line', () => {
  it('prints its version', async () => {
    for (const flag of ['--version', '-v', 'version']) {
      const r = await cli(flag)
      expect([flag, r.code, r.stdout]).toEqual([flag, 0, `${version}\n`])
    }
  })

  it('answers help with every command, and help <command> with its options', async () => {
    const all = await cli('help')
    expect(all.code).toBe(0)
    for (const name of ['feedback', 'doctor', 'local', 'help'])
      expect(all.stdout).toMatch(new RegExp(`^  ${name} `, 'm'))
    const doctor = await cli('help', 'doctor')
    expect(doctor.code).toBe(0)
    expect(doctor.stdout).toContain('--repo')
    const none = await cli()
    expect([none.code, none.stdout, none.stderr]).toEqual([
      2,
      '',
      expect.stringContaining('Usage: nightshift')
    ])
  })

  it('says that --repo owner/name is required when it is missing, and quotes a malformed one', async () => {
    const missing = await cli('doctor', '--token', 't')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--repo owner/name is required')
    const malformed = await cli('doctor', '--repo', 'just-a-name', '--token', 't')
    expect(malformed.stderr).toContain('--repo "just-a-name" is not owner/name')
    const noToken = await cli('doctor', '--repo', 'o/r')
    expect(noToken.stderr).toContain('no token: pass --token or set GITHUB_TOKEN')
  })
})

describe('npm scripts whose --json output is piped', () => {
  it('npm run -s emulator -- --json prints one JSON object and nothing else', async () => {
    const r = await run('npm', ['run', '-s', 'emulator', '--', '--json'], out => out.includes('\n'))
    const lines = r.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual([
      'apiUrl',
      'serverUrl',
      'token',
      'repository'
    ])
  })

  it('npm run -s demo -- --json prints only JSON and ends with a pull request', async () => {
    const r = await run('npm', ['run', '-s', 'demo', '--', '--json'])
    expect([r.code, r.stderr.slice(-2000)]).toEqual([0, expect.any(String)])
    const lines = r.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    const result = JSON.parse(lines[0]!) as { outcome: string; pullRequest: string | null; attempts: number }
    expect(result).toMatchObject({ outcome: 'success', attempts: 2 })
    expect(result.pullRequest).toMatch(/\/pull\/\d+$/)
  }, 120_000)
})
