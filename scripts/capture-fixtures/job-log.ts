/**
 * Writes text the way GitHub Actions stores a job log: every line prefixed with an ISO timestamp
 * with seven fractional digits, steps opened by `##[group]Run <cmd>` … `##[endgroup]`, the step's
 * output after the group, `##[error]Process completed with exit code N.` when a step fails.
 */
export class JobLogWriter {
  private readonly lines: string[] = []
  private pending = ''
  private readonly t0: bigint

  /** `clockNs` and `start` are injectable so a log can be written the same way twice (the cost bench). */
  constructor(
    private readonly clockNs: () => bigint = () => process.hrtime.bigint(),
    private readonly start = Date.now()
  ) {
    this.t0 = clockNs()
  }

  private stamp(): string {
    const ns = this.clockNs() - this.t0
    const ms = this.start + Number(ns / 1_000_000n)
    const iso = new Date(ms).toISOString() // 2026-11-23T22:52:11.123Z
    const frac = (ns % 10_000_000_000n).toString().padStart(10, '0').slice(3, 7)
    return `${iso.slice(0, 23)}${frac}Z`
  }

  /** One log line, stamped now. */
  line(text: string): void {
    this.lines.push(`${this.stamp()} ${text}`)
  }

  /** Raw tool output: complete lines are stamped as they arrive; `\r` progress stays inside a line. */
  raw(chunk: string): void {
    const parts = (this.pending + chunk).split('\n')
    this.pending = parts.pop() ?? ''
    for (const p of parts) this.line(p)
  }

  private flush(): void {
    if (this.pending) this.line(this.pending)
    this.pending = ''
  }

  preamble(repo: string, workspace: string): void {
    for (const l of [
      "Current runner version: '2.330.0'",
      '##[group]Runner Image Provisioner',
      'Hosted Compute Agent',
      '##[endgroup]',
      '##[group]Operating System',
      'Ubuntu',
      '24.04.3',
      'LTS',
      '##[endgroup]',
      '##[group]GITHUB_TOKEN Permissions',
      'Contents: read',
      'Metadata: read',
      '##[endgroup]',
      'Secret source: Actions',
      'Prepare workflow directory',
      'Prepare all required actions',
      'Getting action download info',
      "Download action repository 'actions/checkout@v5' (SHA:08c6903cd8c0fde910a37f88322edcfb5dd907a8)",
      'Complete job name: test',
      '##[group]Run actions/checkout@v5',
      'with:',
      `  repository: ${repo}`,
      '  token: ***',
      '  persist-credentials: false',
      '##[endgroup]',
      `Syncing repository: ${repo}`,
      '##[group]Getting Git version info',
      `Working directory is '${workspace}'`,
      '[command]/usr/bin/git version',
      'git version 2.51.0',
      '##[endgroup]',
      `Deleting the contents of '${workspace}'`,
      '##[group]Initializing the repository',
      `[command]/usr/bin/git init ${workspace}`,
      `Initialized empty Git repository in ${workspace}/.git/`,
      `[command]/usr/bin/git remote add origin https://github.com/${repo}`,
      '##[endgroup]',
      '##[group]Fetching the repository',
      `[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +refs/heads/main:refs/remotes/origin/main`,
      `From https://github.com/${repo}`,
      ' * [new branch]      main       -> origin/main',
      '##[endgroup]',
      '##[group]Checking out the ref',
      '[command]/usr/bin/git checkout --progress --force -B main refs/remotes/origin/main',
      "Switched to a new branch 'main'",
      "branch 'main' set up to track 'origin/main'.",
      '##[endgroup]',
      `[command]/usr/bin/git log -1 --format=%H`,
      '3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39'
    ])
      this.line(l)
  }

  stepStart(run: string): void {
    this.flush()
    this.line(`##[group]Run ${run.split('\n')[0]}`)
    for (const l of run.split('\n')) this.line(l)
    this.line('shell: /usr/bin/bash -e {0}')
    this.line('##[endgroup]')
  }

  postamble(): void {
    this.flush()
    this.line('Post job cleanup.')
    this.line('Cleaning up orphan processes')
  }

  text(): string {
    return this.lines.join('\n') + '\n'
  }
}
