/**
 * One failure found in CI output. This shape is a public contract (`nightshift feedback --json`):
 * keep the field names and the null-for-unknown rule stable.
 */
export interface Failure {
  /** The tool that reported it: 'jest', 'tsc', 'eslint', 'pytest', ... or 'log' for the fallback. */
  tool: string
  /** Path relative to the repository root, or null. */
  file: string | null
  line: number | null
  column: number | null
  /** The failing test's full name, or null for non-test failures. */
  test: string | null
  /** The message, with expected/received lines where the tool prints them. */
  message: string
}

/** What the feedback stage hands to the loop. */
export interface FeedbackResult {
  failures: Failure[]
  /** Exactly the text the agent receives. */
  feedback: string
}
