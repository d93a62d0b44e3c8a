/**
 * Logs as the runner writes them when setup-node, setup-go and setup-python registered their
 * problem matchers. The definitions in test/fixtures/problem-matchers/ are the actions' own files,
 * byte for byte (setup-node .github/{tsc,eslint-stylish,eslint-compact}.json at ae0d4ed, setup-go
 * matchers.json at fba3fb4, setup-python .github/python.json at 5fda3b9); runner-log.ts applies
 * them with the runner's rules. Every line a matcher turns into an annotation must come out of the
 * feedback as a failure with the same file and line, once.
 */
import { readdirSync } from 'node:fs'
import { analyze } from '../../src/feedback/index.js'
import { fixtureLog, fixtureNames } from './helpers.js'
import { loadMatchers, matchersDir, runnerLog, type MatcherIssue } from './runner-log.js'

const WORKSPACE = '/home/runner/work/demo/demo/'

async function run(text: string) {
  return analyze([
    {
      name: 'test',
      content: (async function* () {
        yield text
      })()
    }
  ])
}

/** The path the runner would annotate: relative to the repository, without `./`. */
function relative(file: string): string {
  return file
    .replace(/^vet: /, '')
    .replace(WORKSPACE, '')
    .replace(/^\.\//, '')
}

test('the matcher files are the upstream definitions of the five owners setup-* register', () => {
  const owners = readdirSync(matchersDir)
    .filter(f => f.startsWith('actions-setup-'))
    .flatMap(f => loadMatchers(f).map(m => m.owner))
    .sort()
  expect(owners).toEqual(['eslint-compact', 'eslint-stylish', 'go', 'python', 'tsc'])
})

describe('every line a problem matcher annotates is a failure with its file and line', () => {
  const seen = new Map<string, number>()
  afterAll(() => {
    // Each matcher fired somewhere: the test above is not passing for want of input.
    expect([...seen.keys()].sort()).toEqual(['eslint-compact', 'eslint-stylish', 'go', 'python', 'tsc'])
  })

  test.each(fixtureNames())('%s', async name => {
    const issues: MatcherIssue[] = []
    const plain = fixtureLog(name)
    const log = runnerLog(plain, { setup: ['node', 'go', 'python'], onIssue: i => issues.push(i) })
    const { failures, feedback } = await run(log)
    for (const issue of issues) {
      seen.set(issue.owner, (seen.get(issue.owner) ?? 0) + 1)
      if (issue.file !== null && issue.line !== null) {
        const file = relative(issue.file)
        const hits = failures.filter(f => f.file === file && f.line === issue.line)
        if (hits.length === 0)
          throw new Error(
            `${name}: ${issue.owner} annotated ${file}:${issue.line}; found ${JSON.stringify(failures)}`
          )
      } else {
        expect(feedback).toContain(issue.message.trim())
      }
    }
    // Nothing the matchers annotated is reported twice (once by its parser, once as an annotation).
    expect(failures.filter(f => f.tool === 'annotation')).toEqual(
      (await run(plain)).failures.filter(f => f.tool === 'annotation')
    )
  })
})

describe('annotations no parser explains', () => {
  const job = (lines: string[]) =>
    [
      '2026-11-23T22:52:11.0000000Z ##[group]Run ./build.sh',
      '2026-11-23T22:52:11.0000001Z ./build.sh',
      '2026-11-23T22:52:11.0000002Z ##[endgroup]',
      ...lines.map(l => `2026-11-23T22:52:11.0000003Z ${l}`),
      '2026-11-23T22:52:11.0000004Z ##[error]Process completed with exit code 1.'
    ].join('\n')

  test('an ::error:: message or an action failure is a record of its own', async () => {
    const { failures } = await run(
      job(['building...', '##[error]Unable to locate executable file: pnpm', '##[warning]Cache not found'])
    )
    expect(failures.map(f => [f.tool, f.message])).toEqual([
      ['annotation', 'Unable to locate executable file: pnpm'],
      ['annotation', 'Cache not found']
    ])
  })

  test('a matched tool line a parser reads is one record, with the file the line before gave', async () => {
    const { failures } = await run(
      job([
        '/home/runner/work/demo/demo/src/app.js',
        "##[error]  2:9  error  'unused' is assigned a value but never used  no-unused-vars",
        '##[warning]  4:1  warning  Unexpected console statement  no-console',
        '##[error]Deploy key missing: set DEPLOY_KEY'
      ])
    )
    expect(failures.map(f => [f.tool, f.file, f.line])).toEqual([
      ['eslint', 'src/app.js', 2],
      ['annotation', null, null],
      ['eslint', 'src/app.js', 4]
    ])
  })
})
