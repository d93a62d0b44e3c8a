/**
 * The action's environment block, as /proc/<pid>/environ shows it to any process of the same user, is
 * wiped at start while process.env keeps every value. Run in a child node process, read from outside.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { environBounds } from '../../src/workspace/own-environ.js'

const SECRET = 'ghs_NSSECenvironBlock0000000000000'

describe('own environ', () => {
  it('finds the block in /proc/self/stat', () => {
    const bounds = environBounds(readFileSync('/proc/self/stat', 'utf8'))
    expect(bounds).not.toBeNull()
    expect(bounds!.end).toBeGreaterThan(bounds!.start)
    expect(environBounds('1 (a) S')).toBeNull()
  })

  it('wipes what /proc/<pid>/environ shows, keeps process.env, and children get what they are given', async () => {
    const script = [
      "import { scrubOwnEnviron } from './src/workspace/own-environ.ts'",
      "import { execFileSync } from 'node:child_process'",
      'const r = scrubOwnEnviron()',
      "const child = execFileSync('bash', ['-c', 'echo -n $NIGHTSHIFT_SECRET'], { encoding: 'utf8' })",
      'console.log(JSON.stringify({ r, kept: process.env.NIGHTSHIFT_SECRET, child, path: !!process.env.PATH }))',
      "process.stdin.once('data', () => process.exit(0))"
    ].join('\n')
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, NIGHTSHIFT_SECRET: SECRET },
      stdio: ['pipe', 'pipe', 'inherit']
    })
    const line = await new Promise<string>(resolve => child.stdout.once('data', d => resolve(String(d))))
    const environ = readFileSync(`/proc/${child.pid}/environ`)
    child.stdin.end('bye')
    await new Promise(r => child.on('close', r))
    expect(JSON.parse(line)).toEqual({ r: { scrubbed: true }, kept: SECRET, child: SECRET, path: true })
    expect(environ.toString('latin1')).not.toContain(SECRET)
    expect(environ.some(b => b !== 0)).toBe(false)
  })
})
