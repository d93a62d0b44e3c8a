/**
 * Shapes that real CI logs show and the first fixtures did not: ava's difference blocks and ava 3,
 * pytest setup and collection errors, go build errors in tests, mypy's wrapped messages, node:test
 * assertions, coverage thresholds, jest hook timeouts and parametrised failures, tsd and xo, rustc
 * notes, a Python traceback, and a failing script after installer noise.
 */
import type { Case } from './case.js'

const PYENV = '/root/.pyenv/versions/3.11.7/bin'
const AVA3 = process.env.NIGHTSHIFT_CAPTURE_AVA3 ?? '/tmp/nightshift-capture-ava3'
const XO = process.env.NIGHTSHIFT_CAPTURE_XO ?? '/tmp/nightshift-capture-xo'
const GO_MOD = 'module example.com/demo\n\ngo 1.19\n'

export const shapeCases: Case[] = [
  {
    name: 'ava-difference',
    tool: { name: 'ava', version: 'npx ava --version' },
    files: {
      'package.json': '{"type":"module","ava":{"files":["test/**/*.js"]}}',
      'src/config.js': `export function load(text) {\n  const out = {}\n  for (const line of text.split('\\n')) {\n    const [k, v] = line.split('=')\n    out[k] = v\n  }\n  return out\n}\nexport function port(c) {\n  if (!c.port) throw new TypeError('port is not set')\n  return Number(c.port)\n}\n`,
      'test/config.js': `import test from 'ava'
import { load, port } from '../src/config.js'

test('loads keys and values', t => {
  t.deepEqual(load('host=a\\nport=80'), { host: 'a', port: 80, debug: false })
})

test('reads the port', t => {
  t.is(port(load('host=a')), 80)
})

test('trims spaces', t => {
  t.like(load(' host = a '), { host: 'a' })
})
`
    },
    steps: [{ run: 'npx ava' }]
  },
  {
    name: 'ava3',
    tool: { name: 'ava', version: 'npx ava --version' },
    tools: AVA3,
    files: {
      'package.json': '{"name":"demo","ava":{"files":["test/**/*.js"]}}',
      'lib/slug.js': `exports.slug = s => s.toLowerCase().split(' ').join('_')\n`,
      'test/slug.js': `const test = require('ava')
const { slug } = require('../lib/slug')

test('joins with dashes', t => {
  t.is(slug('Hello World'), 'hello-world')
})

test('keeps digits', t => {
  t.deepEqual([slug('A 1')], ['a-1'])
})
`
    },
    steps: [{ run: 'npx ava' }]
  },
  {
    name: 'jest-hook-timeout',
    tool: { name: 'jest', version: 'npx jest --version' },
    files: {
      'package.json': '{"type":"commonjs"}',
      'test/db.test.js': `let db
beforeAll(done => {
  // The connection callback never fires: the server is not there.
  db = { connect: cb => setTimeout(() => {}, 10000) }
  db.connect(done)
}, 500)

test('reads a row', () => {
  expect(db).toBeDefined()
})
`
    },
    steps: [{ run: 'npx jest --forceExit' }]
  },
  {
    name: 'jest-same-error',
    tool: { name: 'jest', version: 'npx jest --version' },
    files: {
      'package.json': '{"type":"commonjs"}',
      'src/validate.js': `const rules = null\nfunction validate(value) {\n  return rules.every(r => r(value))\n}\nmodule.exports = { validate }\n`,
      'src/format.js': `exports.money = c => (c / 100).toFixed(1)\n`,
      'test/validate.test.js': `const { validate } = require('../src/validate')
const { money } = require('../src/format')

describe('validate', () => {
  test.each(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'])('accepts %s', v => {
    expect(validate(v)).toBe(true)
  })
})

describe('money', () => {
  const check = (cents, text) => expect(money(cents)).toBe(text)
  test('whole euros', () => check(200, '2.00'))
  test('cents', () => check(250, '2.50'))
})
`
    },
    steps: [{ run: 'npx jest' }]
  },
  {
    name: 'jest-coverage-threshold',
    tool: { name: 'jest', version: 'npx jest --version' },
    files: {
      'package.json':
        '{"type":"commonjs","jest":{"collectCoverage":true,"coverageReporters":["text"],"coverageThreshold":{"global":{"lines":90,"branches":80}}}}',
      'src/price.js': `function price(cents, currency) {\n  if (currency === 'EUR') return '€' + (cents / 100).toFixed(2)\n  if (currency === 'USD') return '$' + (cents / 100).toFixed(2)\n  if (currency === 'GBP') return '£' + (cents / 100).toFixed(2)\n  throw new Error('unknown currency ' + currency)\n}\nmodule.exports = { price }\n`,
      'src/price.test.js': `const { price } = require('./price')\ntest('euros', () => expect(price(250, 'EUR')).toBe('€2.50'))\n`
    },
    steps: [{ run: 'npx jest' }]
  },
  {
    name: 'vitest-coverage-threshold',
    tool: { name: 'vitest', version: 'npx vitest --version' },
    files: {
      'package.json': '{"type":"module"}',
      'vitest.config.js': `export default { test: { coverage: { enabled: true, provider: 'v8', reporter: ['text'], thresholds: { lines: 90, functions: 100 } } } }\n`,
      'src/units.js': `export const km = m => m / 1000\nexport const miles = m => m / 1609.344\nexport const feet = m => m * 3.28084\n`,
      'src/units.test.js': `import { expect, test } from 'vitest'\nimport { km } from './units.js'\ntest('km', () => expect(km(1500)).toBe(1.5))\n`
    },
    steps: [{ run: 'npx vitest run' }]
  },
  {
    name: 'node-test-assert',
    tool: { name: 'node-test', version: 'node --version' },
    files: {
      'package.json': '{"type":"module"}',
      'src/cart.js': `export function total(items) {\n  return items.reduce((t, i) => t + i.price, 0)\n}\nexport function names(items) {\n  return items.map(i => i.name.toUpperCase())\n}\n`,
      'test/cart.test.js': `import { test } from 'node:test'
import assert from 'node:assert'
import { names, total } from '../src/cart.js'

const items = [{ name: 'tea', price: 3, qty: 2 }, { name: 'cake', price: 4, qty: 1 }]

test('total counts quantities', () => {
  assert.strictEqual(total(items), 10)
})

test('names keep their case', () => {
  assert.deepStrictEqual(names(items), ['tea', 'cake'])
})
`
    },
    steps: [{ run: 'node --test' }]
  },
  {
    name: 'c8-coverage-threshold',
    tool: { name: 'c8', version: 'npx c8 --version' },
    files: {
      'package.json': '{"type":"module"}',
      'src/temp.js': `export const toF = c => c * 9 / 5 + 32\nexport const toC = f => (f - 32) * 5 / 9\nexport function label(c) {\n  if (c < 0) return 'freezing'\n  if (c < 15) return 'cold'\n  return 'warm'\n}\n`,
      'test/temp.test.js': `import { test } from 'node:test'\nimport assert from 'node:assert/strict'\nimport { toF } from '../src/temp.js'\ntest('toF', () => assert.equal(toF(100), 212))\n`
    },
    steps: [{ run: 'npx c8 --check-coverage --lines 90 --functions 90 node --test' }]
  },
  {
    name: 'tsd',
    tool: { name: 'tsd', version: 'npm ls tsd --depth=0 --parseable --long | tail -n 1' },
    tools: XO,
    files: {
      'package.json': '{"name":"demo","version":"1.0.0","types":"index.d.ts"}',
      'index.d.ts': `export function pad(text: string, width: number): string;\nexport function words(text: string): string[];\n`,
      'index.js': `exports.pad = (t, w) => t.padStart(w)\nexports.words = t => t.split(' ')\n`,
      'index.test-d.ts': `import {expectType} from 'tsd';\nimport {pad, words} from '.';\n\nexpectType<string>(pad('a', '3'));\nexpectType<number[]>(words('a b'));\n`
    },
    steps: [{ run: 'npx tsd' }]
  },
  {
    name: 'xo',
    tool: { name: 'xo', version: 'npx xo --version' },
    tools: XO,
    files: {
      'package.json': '{"name":"demo","version":"1.0.0","type":"module"}',
      'index.js': `export function greet(name) {\n\tconst unused = 1;\n\tif (name == null) {\n\t\treturn 'hi'\n\t}\n\n\treturn 'hi ' + name;\n}\n`,
      'lib/util.js': `export const first = list => list[0];\nvar x = 1;\nexport default x;\n`
    },
    steps: [{ run: 'npx xo' }]
  },
  {
    name: 'pytest-setup-error',
    tool: { name: 'pytest', version: 'python -m pytest --version' },
    path: [PYENV],
    files: {
      'app/__init__.py': '',
      'app/db.py': 'def connect(url):\n    raise ConnectionError(f"cannot reach {url}")\n',
      'tests/conftest.py':
        'import pytest\n\nfrom app.db import connect\n\n\n@pytest.fixture\ndef db():\n    return connect("postgres://localhost:5432/test")\n',
      'tests/test_users.py': `def test_create(db):
    assert db.create("ann")


def test_delete(db):
    assert db.delete("ann")


def test_count(db):
    assert db.count() == 0


def test_plain():
    assert 1 + 1 == 2
`
    },
    steps: [{ run: 'python -m pytest' }]
  },
  {
    name: 'pytest-collection-error',
    tool: { name: 'pytest', version: 'python -m pytest --version' },
    path: [PYENV],
    files: {
      'shop/__init__.py': '',
      'shop/cart.py':
        'from shop.prices import lookup\n\n\ndef total(items):\n    return sum(lookup(i) for i in items)\n',
      'shop/prices.py': 'PRICES = {"tea": 3}\n\n\ndef price_of(name):\n    return PRICES[name]\n',
      'tests/test_cart.py':
        'from shop.cart import total\n\n\ndef test_total():\n    assert total(["tea"]) == 3\n',
      'tests/test_export.py': 'import yaml\n\n\ndef test_dump():\n    assert yaml.dump({}) == "{}\\n"\n',
      'tests/test_ok.py': 'def test_ok():\n    assert True\n'
    },
    steps: [{ run: 'python -m pytest' }]
  },
  {
    name: 'pytest-cov-threshold',
    tool: {
      name: 'pytest-cov',
      version: 'python3 -m pytest --version 2>&1; dpkg-query -W python3-pytest-cov'
    },
    files: {
      'geo/__init__.py': '',
      'geo/shapes.py':
        'import math\n\n\ndef area(kind, r):\n    if kind == "circle":\n        return math.pi * r * r\n    if kind == "square":\n        return r * r\n    raise ValueError(kind)\n',
      'tests/test_shapes.py':
        'from geo.shapes import area\n\n\ndef test_square():\n    assert area("square", 2) == 4\n'
    },
    steps: [{ run: 'python3 -m pytest --cov=geo --cov-fail-under=90' }]
  },
  {
    name: 'mypy-pretty',
    tool: { name: 'mypy', version: 'python3 -m mypy --version' },
    files: {
      'svc/__init__.py': '',
      'svc/orders.py': `from dataclasses import dataclass
from typing import Optional


@dataclass
class Order:
    id: int
    customer_email_address: Optional[str]


def notify(order: Order) -> str:
    return "sending confirmation of the order to the customer at " + order.customer_email_address


def find(orders: list[Order], order_identifier: int) -> Order:
    return next((o for o in orders if o.id == order_identifier), None)
`
    },
    steps: [{ run: 'python3 -m mypy --pretty --strict svc' }]
  },
  {
    name: 'python-traceback',
    tool: { name: 'python', version: 'python --version' },
    path: [PYENV],
    files: {
      'scripts/check_version.py': `import json
import sys


def read_version(path):
    with open(path) as f:
        data = json.load(f)
    if "version" not in data:
        raise KeyError('package.json has no "version" field')
    return data["version"]


def main():
    version = read_version("package.json")
    if not version.startswith("v"):
        raise ValueError('version must start with "v"')


if __name__ == "__main__":
    sys.exit(main())
`,
      'package.json': '{"name":"demo","version":"1.2.0"}'
    },
    steps: [{ run: 'python scripts/check_version.py' }]
  },
  {
    name: 'go-test-build-error',
    tool: { name: 'go', version: 'go version' },
    files: {
      'go.mod': GO_MOD,
      'mathx/mathx.go':
        'package mathx\n\nfunc Max(a, b int) int {\n\tif a > b {\n\t\treturn a\n\t}\n\treturn b\n}\n',
      'mathx/mathx_test.go':
        'package mathx\n\nimport "testing"\n\nfunc TestMax(t *testing.T) {\n\tif got := Max(2, 3); got != 3 {\n\t\tt.Errorf("Max = %d", got)\n\t}\n\tif Min(1, 2) != 1 {\n\t\tt.Error("Min")\n\t}\n}\n',
      'strs/strs.go': 'package strs\n\nfunc Rev(s string) string {\n\treturn s\n}\n',
      'strs/strs_test.go':
        'package strs\n\nimport "testing"\n\nfunc TestRev(t *testing.T) {\n\tif got := Rev("ab"); got != "ba" {\n\t\tt.Errorf("Rev(%q) = %q, want %q\\n(bytes %v)", "ab", got, "ba", []byte(got))\n\t}\n}\n'
    },
    steps: [{ run: 'go test ./...' }]
  },
  {
    name: 'go-test-verbose',
    tool: { name: 'go', version: 'go version' },
    files: {
      'go.mod': GO_MOD,
      'parse/parse.go':
        'package parse\n\nimport "strconv"\n\nfunc Int(s string) (int, error) {\n\treturn strconv.Atoi(s)\n}\n',
      'parse/parse_test.go': `package parse

import "testing"

func TestInt(t *testing.T) {
	cases := []struct {
		in   string
		want int
	}{{"1", 1}, {" 2", 2}, {"3 ", 3}}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			t.Logf("parsing %q", c.in)
			got, err := Int(c.in)
			if err != nil {
				t.Fatalf("Int(%q) failed:\\n  error: %v\\n  want:  %d", c.in, err, c.want)
			}
			if got != c.want {
				t.Errorf("Int(%q) = %d, want %d", c.in, got, c.want)
			}
		})
	}
}
`
    },
    steps: [{ run: 'go test -v ./...' }]
  },
  {
    name: 'cargo-build-notes',
    tool: { name: 'rustc', version: 'rustc --version' },
    files: {
      'Cargo.toml': '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2021"\n',
      'src/main.rs': `use std::collections::HashMap;

#[derive(Debug)]
struct Point {
    x: i32,
    y: i32,
}

fn main() {
    let mut seen = HashMap::new();
    seen.insert(Point { x: 1, y: 2 }, "origin");
    let name = String::from("demo");
    let moved = name;
    println!("{} {}", name, moved.len());
}
`
    },
    steps: [{ run: 'cargo build --offline' }]
  },
  {
    name: 'script-after-install',
    tool: { name: 'node', version: 'node --version' },
    files: {
      'package.json': '{"name":"demo","version":"1.0.0"}',
      'scripts/build.js': `const fs = require('node:fs')
const env = process.env.API_URL
function config() {
  if (!env) throw new Error('API_URL is not set: add it to the workflow env before building')
  return { api: env }
}
fs.writeFileSync('dist.json', JSON.stringify(config()))
`
    },
    steps: [
      {
        run: 'apt-get install -y --reinstall --no-install-recommends shellcheck flake8 pylint 2>&1 && node scripts/build.js'
      }
    ]
  }
]
