/**
 * Each parser alone on the captured output of its tool (normalised lines of the fixture), before
 * paths are made relative: what it reports, where, and for which test.
 */
import { ava } from '../../src/feedback/parsers/ava.js'
import { biome } from '../../src/feedback/parsers/biome.js'
import { cc } from '../../src/feedback/parsers/cc.js'
import { eslint } from '../../src/feedback/parsers/eslint.js'
import { goBuild, goTest } from '../../src/feedback/parsers/go.js'
import { parsers } from '../../src/feedback/parsers/index.js'
import { jest as jestParser } from '../../src/feedback/parsers/jest.js'
import { mocha } from '../../src/feedback/parsers/mocha.js'
import { nodeTestSpec, nodeTestTap } from '../../src/feedback/parsers/node-test.js'
import { npm } from '../../src/feedback/parsers/npm.js'
import { prettier } from '../../src/feedback/parsers/prettier.js'
import { pytest } from '../../src/feedback/parsers/pytest.js'
import { flake8, mypy, pylint } from '../../src/feedback/parsers/python-lint.js'
import { cargoTest, rustc } from '../../src/feedback/parsers/rust.js'
import { shellcheck } from '../../src/feedback/parsers/shellcheck.js'
import { tsc } from '../../src/feedback/parsers/tsc.js'
import type { ParserSpec } from '../../src/feedback/parsers/types.js'
import { unittest } from '../../src/feedback/parsers/unittest.js'
import { runParser } from '../../src/feedback/parsers/util.js'
import { vitest } from '../../src/feedback/parsers/vitest.js'
import { outputLines } from './helpers.js'

const W = '/home/runner/work/demo/demo'
type Row = [file: string | null, line: number | null, test: string | null]

const cases: [ParserSpec, string, string, Row[]][] = [
  [
    jestParser,
    'jest-assertions',
    'Run npx jest --ci',
    [
      ['test/sum.test.js', 4, 'sum › adds two numbers'],
      ['test/sum.test.js', 7, 'sum › is commutative'],
      ['test/sum.test.js', 11, 'sum › with objects › parses a config'],
      ['test/sum.test.js', 16, 'throws on bad json']
    ]
  ],
  [jestParser, 'jest-suite-error', 'Run npx jest', [[`${W}/src/math.test.js`, 5, null]]],
  [
    vitest,
    'vitest-assertions',
    'Run npx vitest run',
    [
      ['src/slug.test.js', 5, 'slug > joins words with dashes'],
      ['src/slug.test.js', 9, 'slug > unicode > keeps the list']
    ]
  ],
  [
    mocha,
    'mocha-spec',
    'Run npx mocha',
    [
      ['test/range.spec.js', 5, 'range › includes the end'],
      ['test/range.spec.js', 12, 'range › with strings › throws a TypeError']
    ]
  ],
  [
    nodeTestSpec,
    'node-test-spec',
    'Run node --test',
    [
      [`${W}/test/clamp.test.js`, 6, 'clamp › keeps values in range'],
      [`${W}/test/clamp.test.js`, 9, 'clamp › cuts at the top']
    ]
  ],
  [
    nodeTestTap,
    'node-test-tap',
    'Run node --test',
    [[`${W}/test/words.test.js`, 9, 'words › ignores double spaces']]
  ],
  [ava, 'ava', 'Run npx ava', [['test/title.js', 7, 'title-cases each word']]],
  [
    tsc,
    'tsc',
    'Run npx tsc',
    [
      ['src/main.ts', 3, null],
      ['src/user.ts', 7, null],
      ['src/user.ts', 10, null]
    ]
  ],
  [
    tsc,
    'tsc-pretty',
    'Run npx tsc',
    [
      ['src/config.ts', 5, null],
      ['src/config.ts', 8, null]
    ]
  ],
  [
    eslint,
    'eslint-stylish',
    'Run npx eslint .',
    [
      [`${W}/src/app.js`, 2, null],
      [`${W}/src/app.js`, 3, null],
      [`${W}/src/app.js`, 3, null],
      [`${W}/src/util.js`, 2, null]
    ]
  ],
  [
    eslint,
    'eslint-compact',
    'Run npx eslint',
    [
      [`${W}/lib/index.js`, 2, null],
      [`${W}/lib/index.js`, 3, null]
    ]
  ],
  [
    eslint,
    'eslint-unix',
    'Run npx eslint',
    [
      [`${W}/lib/index.js`, 1, null],
      [`${W}/lib/index.js`, 1, null],
      [`${W}/lib/index.js`, 2, null],
      [`${W}/lib/index.js`, 3, null],
      [`${W}/lib/index.js`, 3, null]
    ]
  ],
  [
    prettier,
    'prettier-check',
    'Run npx prettier --check .',
    [
      ['.prettierrc.json', null, null],
      ['src/a.js', null, null],
      ['src/c.ts', null, null]
    ]
  ],
  [
    biome,
    'biome-lint',
    'Run npx biome lint',
    [
      ['src/x.js', 2, null],
      ['src/x.js', 3, null]
    ]
  ],
  [
    pytest,
    'pytest',
    'Run pytest',
    [
      ['tests/test_stats.py', 5, 'tests/test_stats.py::test_mean'],
      ['app/stats.py', 6, 'tests/test_stats.py::TestFirst::test_empty'],
      ['tests/test_stats.py', 13, 'tests/test_stats.py::TestFirst::test_dict']
    ]
  ],
  [
    pytest,
    'pytest-big',
    'Run pytest',
    [
      ['test_calc.py', 7, 'test_calc.py::test_double[1234]'],
      ['test_calc.py', 7, 'test_calc.py::test_double[4321]']
    ]
  ],
  [
    unittest,
    'unittest',
    'Run python3 -m unittest',
    [
      [`${W}/tests/test_basket.py`, 14, 'tests.test_basket.BasketTest.test_missing'],
      [`${W}/tests/test_basket.py`, 10, 'tests.test_basket.BasketTest.test_add_twice']
    ]
  ],
  [
    mypy,
    'mypy',
    'Run mypy',
    [
      ['pkg/core.py', 9, null],
      ['pkg/core.py', 12, null]
    ]
  ],
  [
    pylint,
    'pylint',
    'Run pylint',
    [
      ['tool/cli.py', 7, null],
      ['tool/cli.py', 2, null]
    ]
  ],
  [
    goTest,
    'go-test',
    'Run go test ./...',
    [
      ['mathx_test.go', 7, 'TestMax'],
      ['mathx_test.go', 15, 'TestMaxTable/first']
    ]
  ],
  [goTest, 'go-test-panic', 'Run go test ./...', [[`${W}/store/store.go`, 6, 'TestPut']]],
  [goBuild, 'go-vet', 'Run go vet ./...', [['main.go', 7, null]]],
  [
    goBuild,
    'go-build',
    'Run go build ./...',
    [
      ['main.go', 5, null],
      ['main.go', 9, null],
      ['main.go', 10, null]
    ]
  ],
  [
    cargoTest,
    'cargo-test',
    'Run cargo test',
    [
      ['src/lib.rs', 16, 'tests::tenth'],
      ['src/lib.rs', 22, 'tests::unwraps']
    ]
  ],
  [cargoTest, 'cargo-test-overflow', 'Run cargo test', [[null, null, 'tests::tenth']]],
  [rustc, 'cargo-build', 'Run cargo build', [['src/main.rs', 2, null]]],
  [
    cc,
    'gcc',
    'Run gcc',
    [
      ['src/main.c', 6, null],
      ['src/main.c', 7, null],
      ['src/main.c', 6, null]
    ]
  ],
  [
    cc,
    'clang',
    'Run clang++',
    [
      ['src/vec.cpp', 5, null],
      ['src/vec.cpp', 6, null],
      ['src/vec.cpp', 6, null]
    ]
  ],
  [
    shellcheck,
    'shellcheck',
    'Run shellcheck',
    [
      ['scripts/deploy.sh', 2, null],
      ['scripts/deploy.sh', 4, null],
      ['scripts/deploy.sh', 6, null]
    ]
  ],
  [
    shellcheck,
    'shellcheck-gcc',
    'Run shellcheck',
    [
      ['bin/release.sh', 3, null],
      ['bin/release.sh', 3, null],
      ['bin/release.sh', 3, null],
      ['bin/release.sh', 4, null],
      ['bin/release.sh', 4, null]
    ]
  ],
  [npm, 'npm-ci-lockfile', 'Run npm ci', [['package-lock.json', null, null]]],
  [npm, 'npm-install-missing', 'Run npm install', [[null, null, null]]]
]

test.each(cases.map(([spec, fixture, step, rows]) => [spec.tool, fixture, spec, step, rows] as const))(
  '%s on %s',
  (_tool, fixture, spec, step, rows) => {
    const got = runParser(spec, outputLines(fixture), step).map(f => [f.file, f.line, f.test])
    expect(got).toEqual(rows)
  }
)

test('messages keep the expected and received lines the tools print', () => {
  const jestOut = runParser(jestParser, outputLines('jest-assertions'))
  expect(jestOut[0].message).toContain('Expected: 4\nReceived: 0')
  const cargo = runParser(cargoTest, outputLines('cargo-test'))
  expect(cargo[0].message).toMatch(/left: 143\n\s*right: 55/)
  const ava1 = runParser(ava, outputLines('ava'))
  expect(ava1[0].message).toContain("- 'Hello world'\n+ 'Hello World'")
  const py = runParser(pytest, outputLines('pytest'))
  expect(py[2].message).toContain("{'b': 2} != {'b': 3}")
})

test('flake8-style lines are attributed to ruff when the step runs ruff', () => {
  const out = runParser(flake8, outputLines('flake8'), 'Run ruff check --output-format concise .')
  expect(new Set(out.map(f => f.tool))).toEqual(new Set(['ruff']))
})

test('gcc and clang are told apart by the step, warnings are marked', () => {
  const out = runParser(cc, outputLines('gcc'), 'Run gcc -c main.c')
  expect(out.map(f => [f.tool, f.severity])).toEqual([
    ['gcc', 'error'],
    ['gcc', 'error'],
    ['gcc', 'warning']
  ])
  expect(runParser(cc, outputLines('clang'), 'Run clang++ x.cpp')[0].tool).toBe('clang')
})

test('every parser has a signature that only its own fixtures show', () => {
  const own: Record<string, string[]> = {
    jest: ['jest-assertions', 'jest-typescript-error', 'jest-suite-error', 'lint-and-test'],
    vitest: ['vitest-assertions'],
    mocha: ['mocha-spec'],
    ava: ['ava'],
    prettier: ['prettier-check'],
    npm: ['npm-ci-lockfile', 'npm-install-missing']
  }
  for (const [tool, fixtures] of Object.entries(own)) {
    const spec = parsers.find(p => p.tool === tool)!
    for (const other of [
      'pytest',
      'go-test',
      'cargo-test',
      'tsc',
      'eslint-stylish',
      'custom-script',
      'mocha-spec',
      'jest-assertions'
    ]) {
      const fires = outputLines(other).some(l => spec.detect.test(l))
      expect([tool, other, fires]).toEqual([tool, other, fixtures.includes(other)])
    }
  }
})
