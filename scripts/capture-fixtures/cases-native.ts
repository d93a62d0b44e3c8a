/** Python, Go, Rust, C/C++ and shell cases: tiny projects with real bugs. */
import type { Case } from './case.js'

const CARGO_TOML = '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2021"\n'

/** A small Rust library whose recursive step is `step` (each cargo case plants its own bug there), with its tests. */
function rustLib(step: string): string {
  return `pub fn fib(n: u32) -> u32 {
    if n < 2 { n } else { ${step} }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small() {
        assert_eq!(fib(1), 1);
    }

    #[test]
    fn tenth() {
        assert_eq!(fib(10), 55);
    }

    #[test]
    fn unwraps() {
        let v: Vec<u32> = vec![];
        let _ = v.first().unwrap();
    }
}
`
}

export const nativeCases: Case[] = [
  {
    name: 'pytest',
    files: {
      'app/__init__.py': '',
      'app/stats.py':
        'def mean(xs):\n    return sum(xs) / (len(xs) - 1)\n\n\ndef first(xs):\n    return xs[0]\n',
      'tests/test_stats.py': `from app.stats import mean, first


def test_mean():
    assert mean([1, 2, 3]) == 2


class TestFirst:
    def test_empty(self):
        assert first([]) is None

    def test_dict(self):
        assert {"a": 1, "b": 2} == {"a": 1, "b": 3}
`
    },
    steps: [{ run: 'python3 -m pytest' }]
  },
  {
    name: 'pytest-big',
    files: {
      'calc.py': 'def double(x):\n    if x in (1234, 4321):\n        return x * 2 + 1\n    return x * 2\n',
      'test_calc.py': `import pytest
from calc import double


@pytest.mark.parametrize("n", range(6000))
def test_double(n):
    assert double(n) == n + n
`
    },
    steps: [{ run: 'python3 -m pytest -v -p no:cacheprovider' }]
  },
  {
    name: 'unittest',
    files: {
      'shop/__init__.py': '',
      'shop/basket.py':
        'class Basket:\n    def __init__(self):\n        self.items = {}\n\n    def add(self, name, n=1):\n        self.items[name] = n\n\n    def count(self):\n        return len(self.items)\n',
      'tests/__init__.py': '',
      'tests/test_basket.py': `import unittest
from shop.basket import Basket


class BasketTest(unittest.TestCase):
    def test_add_twice(self):
        b = Basket()
        b.add("apple")
        b.add("apple")
        self.assertEqual(b.items["apple"], 2)

    def test_missing(self):
        b = Basket()
        self.assertEqual(b.items["pear"], 0)

    def test_count(self):
        b = Basket()
        b.add("a", 3)
        self.assertEqual(b.count(), 1)


if __name__ == "__main__":
    unittest.main()
`
    },
    steps: [{ run: 'python3 -m unittest discover -v' }]
  },
  {
    name: 'mypy',
    files: {
      'pkg/__init__.py': '',
      'pkg/core.py': `from typing import Optional


def greet(name: str) -> str:
    return "hi " + name


def age(x: Optional[int]) -> int:
    return x + 1


greet(42)
`
    },
    steps: [{ run: 'python3 -m mypy pkg' }]
  },
  {
    name: 'flake8',
    files: {
      'tool/__init__.py': '',
      'tool/cli.py': 'import os, sys\n\ndef main( ):\n    x=1\n    return undefined_name\n',
      'tool/more.py': 'def f():\n    l = 1\n    return l  \n'
    },
    steps: [{ run: 'flake8 tool' }]
  },
  {
    name: 'pylint',
    files: {
      'tool/__init__.py': '"""Tool."""\n',
      'tool/cli.py': '"""CLI."""\nimport os\n\n\ndef main():\n    """Run."""\n    return undefined_name\n'
    },
    steps: [{ run: 'pylint tool' }]
  },
  {
    name: 'go-test',
    files: {
      'go.mod': 'module example.com/demo\n\ngo 1.19\n',
      'mathx/mathx.go':
        'package mathx\n\nfunc Max(a, b int) int {\n\tif a < b {\n\t\treturn a\n\t}\n\treturn b\n}\n',
      'mathx/mathx_test.go': `package mathx

import "testing"

func TestMax(t *testing.T) {
	if got := Max(2, 3); got != 3 {
		t.Errorf("Max(2, 3) = %d, want 3", got)
	}
}

func TestMaxTable(t *testing.T) {
	for _, c := range []struct{ name string; a, b, want int }{{"equal", 1, 1, 1}, {"first", 5, 4, 5}} {
		t.Run(c.name, func(t *testing.T) {
			if got := Max(c.a, c.b); got != c.want {
				t.Fatalf("Max(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
			}
		})
	}
}
`
    },
    steps: [{ run: 'go test ./...' }]
  },
  {
    name: 'go-test-panic',
    files: {
      'go.mod': 'module example.com/demo\n\ngo 1.19\n',
      'store/store.go':
        'package store\n\ntype Store struct{ m map[string]int }\n\nfunc (s *Store) Put(k string, v int) {\n\ts.m[k] = v\n}\n',
      'store/store_test.go':
        'package store\n\nimport "testing"\n\nfunc TestPut(t *testing.T) {\n\tvar s Store\n\ts.Put("a", 1)\n}\n'
    },
    steps: [{ run: 'go test ./...' }]
  },
  {
    name: 'go-vet',
    files: {
      'go.mod': 'module example.com/demo\n\ngo 1.19\n',
      'main.go':
        'package main\n\nimport "fmt"\n\nfunc main() {\n\tname := "x"\n\tfmt.Printf("%d\\n", name)\n}\n'
    },
    steps: [{ run: 'go vet ./...' }]
  },
  {
    name: 'go-build',
    files: {
      'go.mod': 'module example.com/demo\n\ngo 1.19\n',
      'main.go':
        'package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tvar n int = "one"\n\tfmt.Println(n, undefinedVar)\n}\n'
    },
    steps: [{ run: 'go build ./...' }]
  },
  {
    name: 'cargo-test',
    files: {
      'Cargo.toml': CARGO_TOML,
      'src/lib.rs': rustLib('fib(n - 1) + fib(n - 2) + 1')
    },
    steps: [{ run: 'cargo test --offline' }]
  },
  {
    name: 'cargo-test-overflow',
    files: {
      'Cargo.toml': CARGO_TOML,
      'src/lib.rs': rustLib('fib(n - 1) + fib(n - 3 % 2 + 1)')
    },
    steps: [{ run: 'cargo test --offline' }]
  },
  {
    name: 'cargo-build',
    files: {
      'Cargo.toml': '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2021"\n',
      'src/main.rs': `fn main() {
    let x: i32 = "five";
    let v = vec![1, 2, 3];
    let w = v;
    println!("{:?} {}", v, x);
}
`
    },
    steps: [{ run: 'cargo build --offline' }]
  },
  {
    name: 'gcc',
    files: {
      'src/main.c':
        '#include <stdio.h>\n\nint add(int a, int b) { return a + b; }\n\nint main(void) {\n    int x = add(1);\n    printf("%d\\n", y);\n    return 0;\n}\n'
    },
    steps: [{ run: 'gcc -Wall -c src/main.c -o /tmp/main.o' }]
  },
  {
    name: 'clang',
    files: {
      'src/vec.cpp':
        '#include <vector>\n\nint main() {\n    std::vector<int> v;\n    v.push_back("a");\n    return v.size() + missing;\n}\n'
    },
    steps: [{ run: 'clang++ -fsyntax-only src/vec.cpp' }]
  },
  {
    name: 'shellcheck',
    files: {
      'scripts/deploy.sh':
        '#!/bin/bash\nfiles=$(ls *.txt)\nfor f in $files; do\n  rm $f\ndone\nif [ $1 = "go" ]; then echo go; fi\n'
    },
    steps: [{ run: 'shellcheck scripts/deploy.sh' }]
  },
  {
    name: 'shellcheck-gcc',
    files: {
      'bin/release.sh':
        '#!/bin/sh\nversion=$1\ncd $(dirname $0)\nif [ $version == "" ]; then\n  echo "usage"\nfi\n'
    },
    steps: [{ run: 'shellcheck -f gcc bin/release.sh' }]
  },
  {
    name: 'pytest-and-flake8',
    files: {
      'calc/__init__.py': '',
      'calc/ops.py': 'import math\n\ndef div(a, b):\n    return a // b\n',
      'tests/test_ops.py': 'from calc.ops import div\n\n\ndef test_div():\n    assert div(7, 2) == 3.5\n'
    },
    steps: [{ run: 'flake8 calc', continueOnError: true }, { run: 'python3 -m pytest -q' }]
  }
]
