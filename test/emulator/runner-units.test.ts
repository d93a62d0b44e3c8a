import { describe, expect, test } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { blockScalarValue, formatExpression } from './block-scalar.js'
import { evaluateSync } from './expressions.js'
import { parseEnvFile } from './file-commands.js'
import { expandStrategy, matrixJobName } from './matrix.js'
import { loadMatchers, MatcherSet } from './problem-matchers.js'
import { SecretMasker } from './secret-masker.js'
import { resolveShell, shellArgv } from './shell.js'

const MATCHERS = fileURLToPath(new URL('../fixtures/problem-matchers/', import.meta.url))

describe('matrix expansion', () => {
  test('the include example of the docs gives its six combinations (https://docs.github.com/en/actions/how-tos/write-workflows/choose-what-workflows-do/run-job-variations#expanding-or-adding-matrix-configurations)', () => {
    const s = expandStrategy({
      matrix: {
        fruit: ['apple', 'pear'],
        animal: ['cat', 'dog'],
        include: [
          { color: 'green' },
          { color: 'pink', animal: 'cat' },
          { fruit: 'apple', shape: 'circle' },
          { fruit: 'banana' },
          { fruit: 'banana', animal: 'cat' }
        ]
      }
    })
    expect(s.configurations.map(c => c.matrix)).toEqual([
      { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
      { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
      { fruit: 'pear', animal: 'cat', color: 'pink' },
      { fruit: 'pear', animal: 'dog', color: 'green' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' }
    ])
    expect(s).toMatchObject({ failFast: true, maxParallel: 0 })
  })

  test('exclude compares like ==, names join scalars depth first and stop at 100 characters', () => {
    const s = expandStrategy({
      'fail-fast': false,
      matrix: { node: [18, 20], cfg: [{ os: 'linux', v: 1 }], exclude: [{ node: '18' }] }
    })
    expect(s.configurations.map(c => matrixJobName('test', c.segments))).toEqual(['test (20, linux, 1)'])
    expect(matrixJobName('x', ['a'.repeat(120)])).toHaveLength(100)
    expect(() => expandStrategy({ matrix: { node: [] } })).toThrow(
      "Matrix vector 'node' does not contain any values"
    )
  })
})

describe('expressions', () => {
  test("every escaped quote of a string literal is unescaped (the lexer's replace() only does the first)", () => {
    expect(evaluateSync("format('a ''b'' c ''d''')", {})).toBe("a 'b' c 'd'")
  })

  test('a block scalar with an expression keeps its YAML value: no indentation, chomping as written', () => {
    const source = '          echo ${{ x }}\n          cat <<EOF\n            indented\n          EOF\n\n'
    expect(blockScalarValue(source, '|')).toBe('echo ${{ x }}\ncat <<EOF\n  indented\nEOF\n')
    expect(blockScalarValue(source, '|-')).toBe('echo ${{ x }}\ncat <<EOF\n  indented\nEOF')
    expect(blockScalarValue('  a\n  b\n\n  c\n', '>')).toBe('a b\nc\n')
    expect(evaluateSync(formatExpression("say '${{ x }}' {ok}\n"), { x: 'hi' })).toBe("say 'hi' {ok}\n")
  })
})

describe('environment files', () => {
  test('NAME=value, heredocs, and the runner errors', () => {
    expect(parseEnvFile('A=1\nB<<EOF\nx\ny\nEOF\nC=a=b\n')).toEqual([
      ['A', '1'],
      ['B', 'x\ny'],
      ['C', 'a=b']
    ])
    expect(() => parseEnvFile('B<<EOF\nx\n')).toThrow("Invalid value. Matching delimiter not found 'EOF'")
    expect(() => parseEnvFile('just text\n')).toThrow("Invalid format 'just text'")
  })
})

describe('shells', () => {
  test('argument templates and quoting', () => {
    expect(shellArgv('--noprofile --norc -e -o pipefail {0}', '/t/s.sh')).toEqual([
      '--noprofile',
      '--norc',
      '-e',
      '-o',
      'pipefail',
      '/t/s.sh'
    ])
    expect(shellArgv('-command ". \'{0}\'"', '/t/s.ps1')).toEqual(['-command', ". '/t/s.ps1'"])
    expect(resolveShell('sh', '/usr/bin:/bin').format).toBe('-e {0}')
    expect(() => resolveShell('no-such-shell-here {0}', '/usr/bin')).toThrow(
      'no-such-shell-here: command not found'
    )
  })
})

describe('problem matchers', () => {
  test("eslint-stylish's loop pattern matches every problem under one file line", () => {
    const set = new MatcherSet()
    set.add(loadMatchers(`${MATCHERS}actions-setup-node-eslint-stylish.json`))
    expect(set.match('/w/src/a.js')).toBeNull()
    expect(set.match('  1:5  error  Missing semicolon  semi')?.match).toMatchObject({
      file: '/w/src/a.js',
      line: '1',
      column: '5',
      severity: 'error',
      message: 'Missing semicolon',
      code: 'semi'
    })
    expect(set.match('  2:1  warning  Unexpected console  no-console')?.match).toMatchObject({
      file: '/w/src/a.js',
      line: '2'
    })
  })

  test('invalid matcher files are refused with the runner messages; owners are removed case-insensitively', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'matchers-'))
    const write = async (config: unknown) => {
      await writeFile(join(dir, 'm.json'), JSON.stringify({ problemMatcher: [config] }))
      return () => loadMatchers(join(dir, 'm.json'))
    }
    expect(await write({ owner: 'x', pattern: [{ regexp: '^(.*)$', file: 1 }] })).toThrow(
      "At least one pattern must set 'message'"
    )
    expect(await write({ owner: 'x', pattern: [{ regexp: '^(.*)$', message: 2 }] })).toThrow(
      "The property 'message' is set to 2 which is out of range"
    )
    await rm(dir, { recursive: true })
    const set = new MatcherSet()
    set.add([{ owner: 'x', pattern: [{ regexp: '^(.*)$', message: 1 }] }])
    set.remove(['X'])
    expect(set.size).toBe(0)
  })
})

describe('secret masking', () => {
  test('a value and its encodings are masked; overlapping matches merge', () => {
    const m = new SecretMasker()
    m.add('p@ss word"1')
    expect(m.mask('plain p@ss word"1 end')).toBe('plain *** end')
    expect(m.mask(`b64 ${Buffer.from('p@ss word"1').toString('base64')}`)).toBe('b64 ***')
    expect(m.mask('url p%40ss%20word%221')).toBe('url ***')
    expect(m.mask('json p@ss word\\"1')).toBe('json ***')
    m.add('word"1 and more')
    expect(m.mask('p@ss word"1 and more')).toBe('***')
  })
})
