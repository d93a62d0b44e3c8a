import { acceptanceCriteria, mentionedFiles, reproductionSteps } from '../../src/task/extract.js'

describe('mentionedFiles', () => {
  it('finds paths in backticks and in prose, in order, without duplicates', () => {
    const body = [
      'The bug is in `src/trigger/decide.ts:42` and maybe src/trigger/gate.ts.',
      'It started after ./package.json changed (see README.md, and `src/trigger/decide.ts` again).',
      'Stack: at parse (lib/parse.js:10:5)',
      'Also look at `.eslintrc` and the `src/workspace` folder, and docs/ in general.'
    ].join('\n')
    expect(mentionedFiles(body)).toEqual([
      'src/trigger/decide.ts',
      'src/trigger/gate.ts',
      'package.json',
      'README.md',
      'lib/parse.js',
      '.eslintrc',
      'src/workspace',
      'docs/'
    ])
  })

  it('ignores URLs, prose with slashes, code expressions, versions, packages and absolute paths', () => {
    const body = [
      'See https://github.com/o/r/blob/main/src/secret.ts and www.example.com/a/b.html.',
      'This affects input/output and CI/CD, and/or Node.js users on v1.2.3 (e.g. 2.0.1).',
      'Calls `console.log` and `process.env.HOME`; installs `@octokit/core` and `actions/checkout@v4`.',
      'Fails at /home/runner/work/r/r/src/x.ts and in node_modules/jest/build/index.js and ../outside.ts.',
      'Run `npm test -- --watch` then `git log --oneline`.'
    ].join('\n')
    expect(mentionedFiles(body)).toEqual([])
  })

  it('strips line anchors from links relative to the repository', () => {
    expect(mentionedFiles('See [here](src/app.tsx#L10-L20) and `test/app.test.tsx#L3`.')).toEqual([
      'src/app.tsx',
      'test/app.test.tsx'
    ])
  })
})

describe('reproductionSteps', () => {
  it('reads numbered steps under an issue-form heading', () => {
    const body =
      '### Describe the bug\n\nIt crashes.\n\n### Steps to reproduce\n\n1. Run `npx x init`\n2) Answer "no"\n\n### Version\n\n1.4.0'
    expect(reproductionSteps(body)).toEqual(['Run `npx x init`', 'Answer "no"'])
  })

  it('reads bullets, or plain lines, under a bold or colon label', () => {
    expect(reproductionSteps('**To Reproduce**\n- open the app\n- click export\n\nThanks!')).toEqual([
      'open the app',
      'click export'
    ])
    expect(
      reproductionSteps('How to reproduce:\nRun `make test` on a clean checkout.\n\nExpected:\nIt passes.')
    ).toEqual(['Run `make test` on a clean checkout.'])
  })

  it('ignores "_No response_", headings inside code blocks, and bodies without a section', () => {
    expect(reproductionSteps('### Steps to reproduce\n\n_No response_\n\n### Logs\n')).toEqual([])
    expect(reproductionSteps('```sh\n# Steps to reproduce\n1. not a step\n```')).toEqual([])
    expect(reproductionSteps('1. first\n2. second')).toEqual([])
  })
})

describe('acceptanceCriteria', () => {
  it('collects checklists anywhere, expected-behaviour sections and inline "Expected:" lines', () => {
    const body = [
      'Tasks:',
      '- [ ] add a flag',
      '* [x] document it',
      '',
      '## Expected behavior',
      'The command exits with 0.',
      '',
      '**Actual**: it exits with 1.',
      'Expected: no warning is printed',
      '```',
      '- [ ] a checklist line inside a code block is a sample, not a criterion',
      '```'
    ].join('\n')
    expect(acceptanceCriteria(body)).toEqual([
      'add a flag',
      'document it',
      'no warning is printed',
      'The command exits with 0.'
    ])
  })

  it('returns nothing for a body without criteria', () => {
    expect(acceptanceCriteria('It is slow. Please make it faster.')).toEqual([])
  })
})
