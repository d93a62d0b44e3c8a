import { describe, expect, it } from '@jest/globals'
import { ConfigError } from '../../src/errors.js'
import { compileProtected, matchProtected } from '../../src/workspace/glob.js'
import { judge, linkDestination, parseUnifiedDiff, type JudgeInput } from '../../src/workspace/guard.js'
import type { ChangedFile, TreeChange } from '../../src/workspace/types.js'
import { makeRepo } from './sandbox-fixtures.js'

/** The judge on plain changes (regular files unless a mode is given). */
function guardChanges(
  changes: (ChangedFile & Partial<TreeChange>)[],
  diffText: string,
  protectedPaths: string[],
  extra: Partial<JudgeInput> = {}
) {
  return judge({
    changes: changes.map(c => ({
      oldMode: c.status === 'added' ? null : '100644',
      newMode: c.status === 'deleted' ? null : '100644',
      ...c
    })),
    diffText,
    linkTargets: new Map(),
    hardLinked: new Set(),
    treePaths: [],
    protectedPaths,
    ...extra
  })
}

describe('glob matcher', () => {
  it.each([
    ['.github/workflows/**', '.github/workflows/ci.yml', true],
    ['.github/workflows/**', '.github/workflows/sub/x.yaml', true],
    ['.github/workflows/**', '.github/workflows-old/ci.yml', false],
    ['.github/workflows/', '.github/workflows/ci.yml', true],
    ['.github/workflows', '.github/workflows/ci.yml', true],
    ['**/*.lock', 'a/b/yarn.lock', true],
    ['**/*.lock', 'yarn.lock', true],
    ['*.lock', 'yarn.lock', true],
    ['*.lock', 'a/yarn.lock', false],
    ['src/*.ts', 'src/a.ts', true],
    ['src/*.ts', 'src/a/b.ts', false],
    ['src/**/secret?.ts', 'src/x/y/secret1.ts', true],
    ['src/**/secret?.ts', 'src/secret12.ts', false],
    ['infra/[!a]*.tf', 'infra/main.tf', true],
    ['infra/[!m]*.tf', 'infra/main.tf', false],
    ['a.b', 'axb', false],
    ['./CODEOWNERS', 'CODEOWNERS', true],
    // Any letter case: a case-insensitive checkout reads .GitHub/Workflows as .github/workflows.
    ['.github/workflows/**', '.GitHub/Workflows/ci.yml', true],
    ['CODEOWNERS', 'codeowners', true],
    // Braces and ** at any depth.
    ['{.github,docs}/CODEOWNERS', 'docs/CODEOWNERS', true],
    ['**/{CODEOWNERS,SECURITY.md}', 'a/b/c/SECURITY.md', true],
    ['**/secrets/**', 'deep/er/secrets/key.pem', true],
    ['src/*.{js,ts}', 'src/a.rs', false],
    // One name in NFC and NFD.
    ['docs/caf\u00e9.md', 'docs/cafe\u0301.md', true],
    ['*.env', '.env', true],
    ['*', '.env', true]
  ])('%s vs %s → %s', (glob, file, expected) => {
    expect(matchProtected(file, [glob]) !== null).toBe(expected)
  })

  it('refuses a pattern it cannot parse, a negation and a path outside the repository, naming each', () => {
    expect(() => compileProtected(['.github/workflows/**', 'src/[abc', 'a/{b', '!docs/**', '../x'])).toThrow(
      ConfigError
    )
    try {
      compileProtected(['src/[abc', '!docs/**', '/etc/**'])
    } catch (e) {
      const problems = (e as ConfigError).problems.join('\n')
      expect(problems).toContain('"src/[abc" is not a valid glob')
      expect(problems).toContain('"!docs/**" negates')
      expect(problems).toContain('"/etc/**" is not repository-relative')
    }
  })
})

describe('guardChanges', () => {
  it('refuses an edit of .github/workflows/ci.yml made in a real repository, with the default globs', () => {
    const repo = makeRepo({ '.github/workflows/ci.yml': 'on: push\n', 'src/a.ts': 'export const a = 1\n' })
    try {
      repo.write('.github/workflows/ci.yml', 'on: push\njobs: {}\n')
      repo.write('src/a.ts', 'export const a = 2\n')
      const diff = repo.git('diff', 'HEAD')
      const changes: ChangedFile[] = [
        { path: '.github/workflows/ci.yml', status: 'modified' },
        { path: 'src/a.ts', status: 'modified' }
      ]
      const report = guardChanges(changes, diff, [])
      expect(report.refused).toHaveLength(1)
      expect(report.refused[0].path).toBe('.github/workflows/ci.yml')
      expect(report.refused[0].reason).toMatch(/protected by "\.github\/workflows\/\*\*"/)
      expect(report.flagged).toEqual([])
    } finally {
      repo.cleanup()
    }
  })

  it('refuses renames into and out of a protected path, and custom globs', () => {
    const report = guardChanges(
      [
        { path: '.github/workflows/evil.yml', from: 'docs/evil.yml', status: 'renamed' },
        { path: 'docs/ci.yml', from: '.github/workflows/ci.yml', status: 'renamed' },
        { path: 'infra/prod.tf', status: 'added' },
        { path: 'src/ok.ts', status: 'added' }
      ],
      '',
      ['.github/workflows/**', 'infra/']
    )
    // Both sides of each rename go back: the new path would otherwise be committed.
    expect(report.refused.map(r => r.path)).toEqual([
      'docs/evil.yml',
      '.github/workflows/evil.yml',
      '.github/workflows/ci.yml',
      'docs/ci.yml',
      'infra/prod.tf'
    ])
    expect(report.refused[0]!.reason).toContain('renamed (docs/evil.yml → .github/workflows/evil.yml)')
  })

  it('flags skips added in a real diff, deleted test files and removed test cases', () => {
    const repo = makeRepo({
      'test/math.test.ts': "it('adds', () => {})\nit('subtracts', () => {})\nit('multiplies', () => {})\n",
      'tests/test_api.py': 'def test_get():\n    pass\n',
      'pkg/x_test.go': 'func TestX(t *testing.T) {\n}\n',
      'src/lib.rs': '#[test]\nfn works() {}\n',
      'test/old.test.ts': "it('old', () => {})\n"
    })
    try {
      repo.write('test/math.test.ts', "it.skip('adds', () => {})\nit('subtracts', () => {})\n")
      repo.write('tests/test_api.py', '@pytest.mark.skip(reason="flaky")\ndef test_get():\n    pass\n')
      repo.write('pkg/x_test.go', 'func TestX(t *testing.T) {\n\tt.Skip("later")\n}\n')
      repo.write('src/lib.rs', '#[test]\n#[ignore]\nfn works() {}\n')
      repo.git('rm', '-q', 'test/old.test.ts')
      const diff = repo.git('diff', 'HEAD')
      const report = guardChanges([{ path: 'test/old.test.ts', status: 'deleted' }], diff, [])
      const reasons = report.flagged.map(f => `${f.path}: ${f.reason}`)
      expect(reasons).toEqual(
        expect.arrayContaining([
          'test/old.test.ts: test file "test/old.test.ts" was deleted',
          'test/math.test.ts: 1 test skip added (.skip()',
          'test/math.test.ts: 2 test cases removed',
          'tests/test_api.py: 1 test skip added (@pytest.mark.skip)',
          'pkg/x_test.go: 1 test skip added (t.Skip()',
          'src/lib.rs: 1 test skip added (#[ignore])'
        ])
      )
      expect(report.refused).toEqual([])
      // The deleted file's own removed lines are not counted again as removed cases.
      expect(reasons.filter(r => r.startsWith('test/old.test.ts'))).toHaveLength(1)
    } finally {
      repo.cleanup()
    }
  })

  it('does not flag a skip that was only moved or reformatted, nor .only-free code', () => {
    const diff = [
      'diff --git a/test/a.test.ts b/test/a.test.ts',
      '--- a/test/a.test.ts',
      '+++ b/test/a.test.ts',
      '@@ -1,2 +1,2 @@',
      "-it.skip('x', () => {})",
      "+it.skip('x', async () => {})",
      "+it('y', () => {})",
      ''
    ].join('\n')
    expect(guardChanges([{ path: 'test/a.test.ts', status: 'modified' }], diff, []).flagged).toEqual([])
  })

  it('refuses symlinks out of the tree or into a protected path, gitlinks and hard links; flags executables and case twins', () => {
    const report = guardChanges(
      [
        { path: 'out', status: 'added', newMode: '120000' },
        { path: 'abs', status: 'added', newMode: '120000' },
        { path: 'docs/wf', status: 'added', newMode: '120000' },
        { path: 'src/alias.js', status: 'added', newMode: '120000' },
        { path: 'vendor/lib', status: 'added', newMode: '160000' },
        { path: 'hard.txt', status: 'added' },
        { path: 'run.sh', status: 'modified', oldMode: '100644', newMode: '100755' },
        { path: 'src/App.js', status: 'added' }
      ],
      '',
      [],
      {
        linkTargets: new Map([
          ['out', '../../etc/passwd'],
          ['abs', '/proc/self/environ'],
          ['docs/wf', '../.github/workflows'],
          ['src/alias.js', './app.js']
        ]),
        hardLinked: new Set(['hard.txt']),
        treePaths: ['run.sh', 'src/App.js', 'src/app.js']
      }
    )
    expect(report.refused.map(r => r.path)).toEqual(['out', 'abs', 'docs/wf', 'vendor/lib', 'hard.txt'])
    expect(report.refused[2]!.reason).toMatch(/symlink into "\.github\/workflows", which is protected/)
    expect(report.flagged.map(f => f.reason)).toEqual([
      '"src/app.js" and "src/App.js" differ only in letter case: one overwrites the other on macOS and Windows',
      '"run.sh" was made executable'
    ])
    expect(linkDestination('a/b', '../c')).toBe('c')
    expect(linkDestination('a/b', '../../c')).toBeNull()
    expect(linkDestination('a', './.github')).toBe('.github')
  })

  it('flags it.only and xit, and parses quoted paths', () => {
    const diff = [
      'diff --git "a/test/we ird.test.js" "b/test/we ird.test.js"',
      '--- "a/test/we ird.test.js"',
      '+++ "b/test/we ird.test.js"',
      '@@ -1 +1,2 @@',
      "+it.only('a', () => {})",
      "+xit('b', () => {})"
    ].join('\n')
    expect(parseUnifiedDiff(diff)[0].path).toBe('test/we ird.test.js')
    const reasons = guardChanges([], diff, []).flagged.map(f => f.reason)
    expect(reasons).toEqual([
      '1 test skip added (.only( (skips every other test))',
      '1 test skip added (xit( / xdescribe()'
    ])
  })
})
