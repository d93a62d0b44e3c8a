/**
 * The contract every tool parser follows. A parser is a small state machine over the normalised
 * output lines of one step: it is created when its `detect` signature shows up (with the few lines
 * before it replayed), fed every later line of that step, and ended at the step's end.
 */

import type { ParsedFailure } from '../types.js'

export type { ParsedFailure } from '../types.js'

export interface ParseContext {
  /** The current step's name as the runner shows it, e.g. "Run npx jest". */
  readonly step: string
  emit(failure: ParsedFailure): void
  /**
   * The tool's own count of what failed ("31 tests failed", "Found 4 errors in 2 files"): the
   * feedback states it, so that the agent knows how many there are when not all are shown.
   */
  total(line: string): void
}

export interface ParserState {
  line(text: string): void
  /** The step ended: report anything still pending. */
  end(): void
}

export interface ParserSpec {
  /** The tool name the parser reports under. */
  tool: string
  /** The other names it reports under, refined per failure from the step ('ruff' for flake8's format). */
  refines?: readonly string[]
  /**
   * Names problem matchers and reporters use for the same tool in annotation titles ('typescript'
   * for tsc): an annotation so titled is reported under `tool`.
   */
  aliases?: readonly string[]
  /** A line that only this tool prints. */
  detect: RegExp
  create(ctx: ParseContext): ParserState
}
