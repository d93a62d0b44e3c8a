/**
 * The start path speaks two parts of the runner's protocol without @actions/core: it must read an
 * input exactly as `core.getInput` does, and write an output the runner reads as `core.setOutput`'s.
 */
import * as core from '@actions/core'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inputOf, setOutputLine } from '../src/start.js'
import { parseEnvFile } from './emulator/file-commands.js'

describe('inputOf', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
  })

  it('reads every input as core.getInput does: upper-cased, spaces as _, hyphens kept, trimmed', () => {
    const env = {
      'INPUT_GITHUB-TOKEN': ' ghs_x \n',
      INPUT_MAX_ATTEMPTS: '3',
      'INPUT_MODEL-PRICES': '\n{"a": 1}\n',
      INPUT_EMPTY: ''
    }
    Object.assign(process.env, env)
    for (const name of ['github-token', 'max attempts', 'MAX_ATTEMPTS', 'model-prices', 'empty', 'absent'])
      expect([name, inputOf(name, env)]).toEqual([name, core.getInput(name)])
  })
})

describe('setOutputLine', () => {
  let dir = ''
  const saved = process.env.GITHUB_OUTPUT
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'start-output-'))
  })
  afterEach(() => {
    process.env.GITHUB_OUTPUT = saved
    rmSync(dir, { recursive: true, force: true })
  })

  it('writes what the runner reads as the same output core.setOutput sets', () => {
    const ours = join(dir, 'ours')
    const theirs = join(dir, 'theirs')
    writeFileSync(ours, '')
    writeFileSync(theirs, '')
    setOutputLine('outcome', 'ignored', { GITHUB_OUTPUT: ours })
    process.env.GITHUB_OUTPUT = theirs
    core.setOutput('outcome', 'ignored')
    expect(parseEnvFile(readFileSync(ours, 'utf8'))).toEqual([['outcome', 'ignored']])
    expect(parseEnvFile(readFileSync(ours, 'utf8'))).toEqual(parseEnvFile(readFileSync(theirs, 'utf8')))
  })

  it('refuses a value that would end the line and forge another output', () => {
    const ours = join(dir, 'ours')
    writeFileSync(ours, '')
    expect(() => setOutputLine('outcome', 'ignored\npr-url=https://evil', { GITHUB_OUTPUT: ours })).toThrow(
      'must be one line'
    )
    expect(readFileSync(ours, 'utf8')).toBe('')
  })
})
