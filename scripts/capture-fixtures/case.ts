/** One capture case: a tiny project with a real bug and the CI steps that expose it. */
export interface Case {
  /** The fixture's name: test/fixtures/logs/<name>.log */
  name: string
  /** The project's files, path relative to the workspace → content. */
  files: Record<string, string>
  /** The job's `run:` steps, in order. */
  steps: { run: string; continueOnError?: boolean }[]
  /** Extra environment for the steps (e.g. FORCE_COLOR, as some workflows set it). */
  env?: Record<string, string>
  /** The tool under test and a command that prints its version, for the manifest. */
  tool?: { name: string; version: string }
  /** Folders put first on PATH (another tool set, another Python). */
  path?: string[]
  /** The npm tools folder whose node_modules the project links to (default: the shared one). */
  tools?: string
}
