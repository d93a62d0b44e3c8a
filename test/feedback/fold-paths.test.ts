/** Duplicates folded (tool + annotation, repeated summaries) and paths made repository-relative. */
import { Readable } from 'node:stream'
import { analyze } from '../../src/feedback/index.js'
import { goPackageDir } from '../../src/feedback/paths.js'
import { analyzeFixture } from './helpers.js'

function log(...lines: string[]) {
  return {
    name: 'build',
    content: Readable.from([lines.map(l => `2026-11-23T22:52:11.1234567Z ${l}`).join('\n') + '\n'])
  }
}

test("vitest's own ::error annotations fold into its failures", async () => {
  const { failures } = await analyzeFixture('vitest-assertions')
  expect(failures.map(f => [f.tool, f.file, f.line])).toEqual([
    ['vitest', 'src/slug.test.js', 5],
    ['vitest', 'src/slug.test.js', 9]
  ])
})

test('check-run annotations fold with what the log shows; new ones are kept', async () => {
  const { failures } = await analyzeFixture('tsc', {
    annotations: [
      {
        tool: 'annotation',
        file: 'src/user.ts',
        line: 7,
        column: 26,
        test: null,
        message: "Property 'nmae' does not exist on type 'User'."
      },
      { tool: 'annotation', file: 'docs/x.md', line: 1, column: null, test: null, message: 'Broken link' }
    ]
  })
  expect(failures.filter(f => f.file === 'src/user.ts' && f.line === 7)).toHaveLength(1)
  expect(failures.find(f => f.file === 'src/user.ts' && f.line === 7)?.tool).toBe('tsc')
  expect(failures.some(f => f.file === 'docs/x.md' && f.message === 'Broken link')).toBe(true)
})

test('an annotation printed before the tool output also folds, keeping the tool report', async () => {
  const { failures } = await analyze([
    log(
      '##[group]Run npx tsc',
      '##[endgroup]',
      '::error file=src/a.ts,line=3,col=5::TS2322: Type string is not assignable',
      'src/a.ts(3,5): error TS2322: Type string is not assignable',
      '##[error]Process completed with exit code 2.'
    )
  ])
  expect(failures).toEqual([
    {
      tool: 'tsc',
      file: 'src/a.ts',
      line: 3,
      column: 5,
      test: null,
      message: 'TS2322: Type string is not assignable'
    }
  ])
})

test('two different errors on one line stay two', async () => {
  const { failures } = await analyzeFixture('clang')
  expect(failures.filter(f => f.file === 'src/vec.cpp' && f.line === 6)).toHaveLength(2)
})

test.each([
  ['Windows runner', 'D:\\a\\demo\\demo\\src\\app.ts', 'src/app.ts'],
  ['macOS runner', '/Users/runner/work/demo/demo/src/app.ts', 'src/app.ts'],
  ['container job', '/__w/demo/demo/src/app.ts', 'src/app.ts'],
  ['file URL', 'file:///home/runner/work/demo/demo/src/app.ts', 'src/app.ts'],
  ['./ prefix', './src/app.ts', 'src/app.ts']
])('%s paths become repository-relative', async (_what, printed, relative) => {
  const { failures } = await analyze([log(`${printed}(1,2): error TS1005: ';' expected.`)])
  expect(failures[0].file).toBe(relative)
})

test("the workspace is learned from checkout's working directory, anywhere it is", async () => {
  const { failures } = await analyze([
    log(
      "Working directory is '/tmp/emulator-run-42/checkout'",
      '##[group]Run npx tsc',
      '##[endgroup]',
      "/tmp/emulator-run-42/checkout/src/app.ts(1,2): error TS1005: ';' expected."
    )
  ])
  expect(failures[0].file).toBe('src/app.ts')
})

test('the workspace is learned from an absolute path that ends with a relative one', async () => {
  const { failures } = await analyze([
    log(
      '##[group]Run npm test',
      '##[endgroup]',
      "src/b.ts(1,2): error TS1005: ';' expected.",
      "/srv/ci/build-7/src/a.ts(4,2): error TS1005: ';' expected.",
      "/srv/ci/build-7/src/b.ts(9,9): error TS1005: ';' expected."
    )
  ])
  expect(failures.map(f => f.file)).toEqual(['src/b.ts', 'src/a.ts', 'src/b.ts'])
})

test('the caller can name the workspace', async () => {
  const { failures } = await analyze([log("/opt/build/src/a.ts(4,2): error TS1005: ';' expected.")], {
    workspace: '/opt/build'
  })
  expect(failures[0].file).toBe('src/a.ts')
})

test('paths outside the workspace stay absolute rather than being guessed', async () => {
  const { failures } = await analyze([log("/usr/include/stdio.h(4,2): error TS1005: ';' expected.")])
  expect(failures[0].file).toBe('/usr/include/stdio.h')
})

test.each([
  ['example.com/demo/mathx', 'demo', 'mathx'],
  ['github.com/acme/demo/internal/store', 'demo', 'internal/store'],
  ['github.com/acme/demo', 'demo', ''],
  ['github.com/acme/other/pkg/x', undefined, 'pkg/x'],
  ['example.com/mod/pkg', undefined, 'pkg']
])('go package %s in repository %s lives in "%s"', (importPath, repo, dir) => {
  expect(goPackageDir(importPath, repo)).toBe(dir)
})
