/** Every tool parser, in the order their failures are reported when several fire in one step. */
import { ava } from './ava.js'
import { biome } from './biome.js'
import { cc } from './cc.js'
import { coverage } from './coverage.js'
import { eslint } from './eslint.js'
import { goBuild, goTest } from './go.js'
import { jest } from './jest.js'
import { mocha } from './mocha.js'
import { nodeTestSpec, nodeTestTap } from './node-test.js'
import { npm } from './npm.js'
import { pretty } from './pretty.js'
import { prettier } from './prettier.js'
import { pytest } from './pytest.js'
import { gosec } from './gosec.js'
import { osvScanner } from './osv-scanner.js'
import { flake8, mypy, pylint } from './python-lint.js'
import { cargoTest, rustc } from './rust.js'
import { bandit, npmAudit } from './security.js'
import { semgrep } from './semgrep.js'
import { shellcheck } from './shellcheck.js'
import { nodeCrash, pythonTraceback } from './traceback.js'
import { trivy } from './trivy.js'
import { tsc } from './tsc.js'
import type { ParserSpec } from './types.js'
import { unittest } from './unittest.js'
import { vitest } from './vitest.js'

export type { ParsedFailure, ParseContext, ParserSpec, ParserState } from './types.js'

export const parsers: readonly ParserSpec[] = [
  jest,
  vitest,
  mocha,
  nodeTestSpec,
  nodeTestTap,
  ava,
  tsc,
  eslint,
  prettier,
  biome,
  pytest,
  unittest,
  mypy,
  pylint,
  flake8,
  goTest,
  goBuild,
  cargoTest,
  rustc,
  cc,
  shellcheck,
  npm,
  pretty,
  coverage,
  bandit,
  npmAudit,
  trivy,
  osvScanner,
  gosec,
  semgrep,
  pythonTraceback,
  nodeCrash
]

/** Every tool name a parser reports under (some parsers refine theirs per failure). */
export const toolNames: readonly string[] = [...new Set(parsers.flatMap(p => [p.tool, ...(p.refines ?? [])]))]

/** Other names for a parser's tool (annotation titles, problem matchers) → the name it reports under. */
export const toolAliases: ReadonlyMap<string, string> = new Map(
  parsers.flatMap(p => (p.aliases ?? []).map(a => [a, p.tool] as const))
)
