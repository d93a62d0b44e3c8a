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

/**
 * A failure as a tool's parser reports it: the public record, plus what only the feedback stage
 * uses. Its `file` is as the tool printed it (absolute, relative, `file://`) until the collector
 * makes it repository-relative; the collector also adds the job and step (`FoundFailure`).
 */
export interface ParsedFailure extends Failure {
  /** Warnings are listed after errors. Default 'error'. */
  severity?: 'error' | 'warning'
  /** `go test` prints file names relative to the package directory: the package's import path. */
  goPackage?: string
}

/** What the feedback stage hands to the loop. */
export interface FeedbackResult {
  failures: Failure[]
  /** Exactly the text the agent receives. */
  feedback: string
}
