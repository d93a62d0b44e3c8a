/**
 * Local mode's CI runs the agent's code: a test that prints its environment, and its parents', would
 * send the keys of whoever started `nightshift local` back in the next prompt. The bundled CLI runs on
 * the sample repository from a shell that exported the keys; the CI command dumps every environment it
 * can reach and fails, so its output becomes the feedback the agent reads (and copies to its drop).
 * It dumps on the base too (the baseline run before attempt 1) and passes there, so the failures are
 * the agent's own and reach the next prompt.
 */
import { spawn } from 'node:child_process'
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import { createGitRepo, type GitRepo } from '../helpers/git-repo.js'
import { DIST, isRoot } from './harness.js'

jest.setTimeout(180_000)

const KEYS = {
  ANTHROPIC_API_KEY: 'sk-ant-api03-NSSEClocalanthropic',
  OPENAI_API_KEY: 'sk-proj-NSSEClocalopenai',
  GITHUB_TOKEN: 'ghp_NSSEClocalgithubtoken000000'
}

const CI = `env > "$EXFIL/ci-env-$$"; p=$PPID; while [ "$p" -gt 1 ]; do cat /proc/$p/environ >> "$EXFIL/ci-parents-$$" 2>/dev/null; echo; tr '\\0' '\\n' < /proc/$p/environ 2>/dev/null | grep -i key; p=$(awk '/^PPid:/ {print $2}' /proc/$p/status 2>/dev/null); done; for q in /proc/[0-9]*; do tr '\\0' '\\n' < $q/environ 2>/dev/null | grep -E 'KEY|TOKEN'; done; grep -q '^// [0-9]' src/money.js || exit 0; env; exit 1`
const AGENT = `cat "$NIGHTSHIFT_PROMPT_FILE" > "$EXFIL/prompt-$NIGHTSHIFT_ATTEMPT"; echo "// $NIGHTSHIFT_ATTEMPT" >> src/money.js`

let repo: GitRepo | null = null
let exfil: string | null = null
afterEach(async () => {
  await repo?.cleanup()
  if (exfil) rmSync(exfil, { recursive: true, force: true })
  repo = exfil = null
})

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  const quoted = args.map(a => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
  // The keys are exported by the shell that starts the CLI, as a user's terminal would.
  const exports = Object.entries(KEYS)
    .map(([k, v]) => `export ${k}='${v}'`)
    .join('; ')
  return new Promise(resolve => {
    const child = spawn(
      'bash',
      ['-c', `${exports}; node ${join(DIST, 'cli.js')} ${quoted}; echo "exit $?"`],
      {
        env
      }
    )
    let out = ''
    child.stdout.on('data', d => (out += d))
    child.stderr.on('data', d => (out += d))
    child.on('close', code => resolve({ code, out }))
  })
}

describe.each(['current', 'auto'] as const)('nightshift local, --agent-user %s', mode => {
  ;(isRoot ? test : test.skip)(
    'the CI command sees the agent’s scrubbed environment, and no parent’s',
    async () => {
      repo = await createGitRepo()
      cpSync('test/fixtures/sample-repo', repo.clone, { recursive: true })
      await repo.git(repo.clone, 'add', '-A')
      await repo.git(repo.clone, 'commit', '-qm', 'tinyledger')
      exfil = mkdtempSync(join(tmpdir(), 'nightshift-exfil-'))
      chmodSync(exfil, 0o1777)
      const r = await cli(
        [
          'local',
          '--repo',
          repo.clone,
          '--task',
          'Fix parseAmount',
          '--ci',
          `EXFIL=${exfil}; ${CI}`,
          '--agent-command',
          `EXFIL=${exfil}; ${AGENT}`,
          '--max-attempts',
          '2',
          // current is the default (so an older build without the option runs the same test).
          ...(mode === 'auto' ? ['--agent-user', 'auto'] : []),
          '--json'
        ],
        { ...repo.env, NODE_OPTIONS: '' }
      )
      const json = r.out
        .split('\n')
        .filter(l => l.startsWith('{"outcome"'))
        .at(-1)
      const result = JSON.parse(json ?? '{}') as { outcome?: string; report?: string }
      expect([result.outcome, r.out.slice(-2000)]).toEqual(['escalated', expect.any(String)])
      // The CI ran and its output reached the second prompt.
      const files = readdirSync(exfil)
      expect(files.some(f => f.startsWith('ci-env-'))).toBe(true)
      const prompt2 = readFileSync(join(exfil, 'prompt-2'), 'utf8')
      expect(prompt2).toContain('# CI feedback from the last attempt')
      const everything = [
        r.out,
        readFileSync(result.report!, 'utf8'),
        ...files.map(f => readFileSync(join(exfil!, f), 'latin1'))
      ].join('\n')
      for (const [name, value] of Object.entries(KEYS))
        expect([name, everything.includes(value)]).toEqual([name, false])
    }
  )
})
