/**
 * JavaScript and TypeScript cases: tiny projects with real bugs. The capture script runs each
 * command with the real tool and wraps the output as a GitHub Actions job log.
 */
import type { Case } from './case.js'

const sum = `export function sum(a, b) {\n  return a - b\n}\nexport function parse(s) {\n  return JSON.parse(s)\n}\n`

export const jsCases: Case[] = [
  {
    name: 'jest-assertions',
    files: {
      'package.json': '{"type":"commonjs","scripts":{"test":"jest"}}',
      'src/sum.js': sum.replace(/export function/g, 'function') + 'module.exports = { sum, parse }\n',
      'test/sum.test.js': `const { sum, parse } = require('../src/sum')
describe('sum', () => {
  it('adds two numbers', () => {
    expect(sum(2, 2)).toBe(4)
  })
  it('is commutative', () => {
    expect(sum(1, 3)).toBe(sum(3, 1))
  })
  describe('with objects', () => {
    test('parses a config', () => {
      expect(parse('{"a":1,"b":[1,2]}')).toEqual({ a: 1, b: [1, 2, 3] })
    })
  })
})
test('throws on bad json', () => {
  parse('{oops')
})
`,
      'test/ok.test.js': `test('fine', () => { expect(1).toBe(1) })\n`
    },
    steps: [{ run: 'npx jest --ci' }]
  },
  {
    name: 'jest-typescript-error',
    files: {
      'package.json': '{"type":"commonjs"}',
      'babel.config.js': 'module.exports = { presets: [] }\n',
      'lib/cart.js': `class Cart {\n  constructor() { this.items = [] }\n  add(item) { this.items.push(item) }\n  total() { return this.items.reduce((t, i) => t + i.price * i.qty, 0) }\n}\nmodule.exports = { Cart }\n`,
      'lib/cart.test.js': `const { Cart } = require('./cart')
describe('Cart', () => {
  test('totals quantities', () => {
    const c = new Cart()
    c.add({ price: 2, quantity: 3 })
    expect(c.total()).toBe(6)
  })
  test('reads the first item', () => {
    const c = new Cart()
    expect(c.items[0].price).toBe(1)
  })
})
`
    },
    steps: [{ run: 'npx jest' }],
    env: { FORCE_COLOR: '1' }
  },
  {
    name: 'vitest-assertions',
    files: {
      'package.json': '{"type":"module"}',
      'src/slug.js': `export function slug(s) {\n  return s.toLowerCase().replace(/ /g, '_')\n}\n`,
      'src/slug.test.js': `import { describe, it, expect } from 'vitest'
import { slug } from './slug.js'
describe('slug', () => {
  it('joins words with dashes', () => {
    expect(slug('Hello World')).toBe('hello-world')
  })
  describe('unicode', () => {
    it('keeps the list', () => {
      expect([slug('A B'), slug('C')]).toEqual(['a-b', 'c'])
    })
  })
})
`
    },
    steps: [{ run: 'npx vitest run' }]
  },
  {
    name: 'mocha-spec',
    files: {
      'package.json': '{"type":"commonjs"}',
      'lib/range.js': `exports.range = (a, b) => { const r = []; for (let i = a; i < b; i++) r.push(i); return r }\n`,
      'test/range.spec.js': `const assert = require('node:assert')
const { range } = require('../lib/range')
describe('range', function () {
  it('includes the end', function () {
    assert.deepStrictEqual(range(1, 3), [1, 2, 3])
  })
  it('is empty when reversed', function () {
    assert.strictEqual(range(3, 1).length, 0)
  })
  context('with strings', function () {
    it('throws a TypeError', function () {
      assert.throws(() => range('a', 'c'), TypeError)
    })
  })
})
`
    },
    steps: [{ run: 'npx mocha' }]
  },
  {
    name: 'node-test-spec',
    files: {
      'package.json': '{"type":"module"}',
      'src/clamp.js': `export const clamp = (x, lo, hi) => Math.max(lo, Math.min(x, lo))\n`,
      'test/clamp.test.js': `import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { clamp } from '../src/clamp.js'
describe('clamp', () => {
  it('keeps values in range', () => {
    assert.equal(clamp(5, 0, 10), 5)
  })
  it('cuts at the top', () => {
    assert.equal(clamp(15, 0, 10), 10)
  })
})
`
    },
    steps: [{ run: 'node --test --test-reporter=spec' }]
  },
  {
    name: 'node-test-tap',
    files: {
      'package.json': '{"type":"module"}',
      'src/words.js': `export const words = s => s.split(' ')\n`,
      'test/words.test.js': `import test from 'node:test'
import assert from 'node:assert/strict'
import { words } from '../src/words.js'
test('words', async t => {
  await t.test('splits on spaces', () => {
    assert.deepEqual(words('a b'), ['a', 'b'])
  })
  await t.test('ignores double spaces', () => {
    assert.deepEqual(words('a  b'), ['a', 'b'])
  })
})
`
    },
    steps: [{ run: 'node --test --test-reporter=tap' }]
  },
  {
    name: 'ava',
    files: {
      'package.json': '{"type":"module","ava":{"files":["test/**/*.js"]}}',
      'src/title.js': `export const title = s => s[0].toUpperCase() + s.slice(1).toLowerCase()\n`,
      'test/title.js': `import test from 'ava'
import { title } from '../src/title.js'
test('title-cases a word', t => {
  t.is(title('hELLO'), 'Hello')
})
test('title-cases each word', t => {
  t.is(title('hello world'), 'Hello World')
})
`
    },
    steps: [{ run: 'npx ava' }]
  },
  {
    name: 'tsc',
    files: {
      'tsconfig.json':
        '{"compilerOptions":{"strict":true,"noEmit":true,"target":"ES2022","module":"NodeNext"},"include":["src"]}',
      'src/user.ts': `export interface User {\n  id: number\n  name: string\n}\n\nexport function label(u: User): string {\n  return u.id + ': ' + u.nmae\n}\n\nexport const count: number = 'three'\n`,
      'src/main.ts': `import { label } from './user.js'\n\nconsole.log(label({ id: 1 }))\n`
    },
    steps: [{ run: 'npx tsc -p .' }]
  },
  {
    name: 'tsc-pretty',
    files: {
      'tsconfig.json':
        '{"compilerOptions":{"strict":true,"noEmit":true,"target":"ES2022","module":"NodeNext"},"include":["src"]}',
      'src/config.ts': `export interface Config {\n  port: number\n}\n\nexport const config: Config = { port: '8080' }\n\nexport function url(c: Config): string {\n  return c.host + ':' + c.port\n}\n`
    },
    steps: [{ run: 'npx tsc -p . --pretty' }]
  },
  {
    name: 'jest-suite-error',
    files: {
      'package.json': '{"type":"commonjs"}',
      'src/math.js': 'module.exports = { double: x => x * 2 }\n',
      'src/math.test.js':
        "const { double } = require('./math')\ntest('doubles', () => {\n  expect(double(2)).toBe(4)\n\n",
      'src/ok.test.js': "test('fine', () => { expect(1).toBe(1) })\n"
    },
    steps: [{ run: 'npx jest' }]
  },
  {
    name: 'eslint-stylish',
    files: {
      'package.json': '{"type":"module"}',
      'eslint.config.js': `import js from '@eslint/js'\nexport default [js.configs.recommended, { rules: { eqeqeq: 'error' } }]\n`,
      'src/app.js': `export function run(x) {\n  const unused = 1\n  if (x == null) return undefinedThing\n  return x\n}\n`,
      'src/util.js': `export const f = () => {\n  debugger\n}\n`
    },
    steps: [{ run: 'npx eslint .' }]
  },
  {
    name: 'eslint-compact',
    files: {
      'package.json': '{"type":"module"}',
      'eslint.config.js': `import js from '@eslint/js'\nexport default [js.configs.recommended]\n`,
      'lib/index.js': `export function g(a) {\n  let b = a\n  return c\n}\n`
    },
    steps: [{ run: 'npx eslint --format compact lib' }]
  },
  {
    name: 'eslint-unix',
    files: {
      'package.json': '{"type":"module"}',
      'eslint.config.js': `import js from '@eslint/js'\nexport default [js.configs.recommended]\n`,
      'lib/index.js': `export function h(a, a2) {\n  while (true) {}\n  return missing\n}\n`
    },
    steps: [{ run: 'npx eslint --format unix lib' }]
  },
  {
    name: 'prettier-check',
    files: {
      '.prettierrc.json': '{"semi":false,"singleQuote":true}',
      'src/a.js': `const a = "x";\nexport default a\n`,
      'src/b.js': `export const b = 1\n`,
      'src/c.ts': `export function c( x:number ){return x}\n`
    },
    steps: [{ run: 'npx prettier --check .' }]
  },
  {
    name: 'biome-lint',
    files: {
      'biome.json': '{"linter":{"enabled":true,"rules":{"recommended":true}}}',
      'src/x.js': `export function x(a) {\n  if (a == 1) {\n    return eval("a")\n  }\n  var y = 2\n  return y\n}\n`
    },
    steps: [{ run: 'npx biome lint ./src' }]
  },
  {
    name: 'npm-ci-lockfile',
    files: {
      'package.json': '{"name":"demo","version":"1.0.0","dependencies":{"left-pad":"^1.3.0"}}',
      'package-lock.json':
        '{"name":"demo","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"demo","version":"1.0.0"}}}'
    },
    steps: [{ run: 'npm ci' }]
  },
  {
    name: 'npm-install-missing',
    files: {
      'package.json':
        '{"name":"demo","version":"1.0.0","dependencies":{"nightshift-no-such-package-zz9":"^1.0.0"}}'
    },
    steps: [{ run: 'npm install' }]
  },
  {
    name: 'lint-and-test',
    files: {
      'package.json': '{"type":"commonjs"}',
      'eslint.config.js': `const js = require('@eslint/js')\nmodule.exports = [js.configs.recommended, { languageOptions: { globals: { require: 'readonly', module: 'writable', describe: 'readonly', it: 'readonly', expect: 'readonly' } } }]\n`,
      'src/price.js': `function price(cents) {\n  const euros = cents / 100\n  return '€' + cents.toFixed(2)\n}\nmodule.exports = { price }\n`,
      'src/price.test.js': `const { price } = require('./price')\ndescribe('price', () => {\n  it('formats cents as euros', () => {\n    expect(price(250)).toBe('€2.50')\n  })\n})\n`
    },
    steps: [{ run: 'npx eslint src', continueOnError: true }, { run: 'npx jest' }]
  },
  {
    name: 'custom-script',
    files: {
      'check.sh': `#!/usr/bin/env bash\necho "checking generated files..."\nfor f in docs/a.md docs/b.md; do echo "ok $f"; done\necho "Error: docs/api.md is out of date; run ./gen-docs.sh and commit the result" >&2\nexit 3\n`
    },
    steps: [{ run: 'bash check.sh' }]
  }
]
