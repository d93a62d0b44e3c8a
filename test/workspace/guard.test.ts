import { describe, expect, it } from '@jest/globals'
import { globToRegExp, matchProtected } from '../../src/workspace/glob.js'
import { guardChanges, parseUnifiedDiff } from '../../src/workspace/guard.js'
import type { ChangedFile } from '../../src/workspace/types.js'
import { makeRepo } from './sandbox-fixtures.js'

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
    ['./CODEOWNERS', 'CODEOWNERS', true]
  ])('%s vs %s → %s', (glob, file, expected) => {
    expect(matchProtected(file, [glob]) !== null).toBe(expected)
  })

  it('escapes regex characters', () => {
    expect(globToRegExp('a+(b).c').test('a+(b).c')).toBe(true)
    expect(globToRegExp('a+(b).c').test('aa(b)xc')).toBe(false)
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
    expect(report.refused.map(r => r.path)).toEqual([
      '.github/workflows/evil.yml',
      '.github/workflows/ci.yml',
      'infra/prod.tf'
    ])
    expect(report.refused[0].reason).toContain('renamed (docs/evil.yml → .github/workflows/evil.yml)')
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
