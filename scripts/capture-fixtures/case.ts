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
  /**
   * Sets up what the steps need before the project is written (a service on loopback, files read
   * from a recording): more files and environment, and a check that runs after the steps.
   */
  prepare?: () => Promise<Prepared>
  /** How the run differs from a plain one, for the manifest. */
  note?: string
}

export interface Prepared {
  files?: Record<string, string>
  env?: Record<string, string>
  /** Stops what `prepare` started; throws when the run cannot be kept (e.g. the service missed a request). */
  finish(): Promise<void>
}
