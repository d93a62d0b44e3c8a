/**
 * Environment files as the runner handles them (actions/runner src/Runner.Worker/FileCommandManager.cs):
 * each step gets fresh, empty `GITHUB_ENV`, `GITHUB_OUTPUT`, `GITHUB_PATH`, `GITHUB_STATE` and
 * `GITHUB_STEP_SUMMARY` files under `$RUNNER_TEMP/_runner_file_commands`; after the step, `NAME=value` and
 * `NAME<<DELIMITER` lines become env vars, outputs and state, each non-empty line of GITHUB_PATH is
 * prepended to PATH, and the summary is kept (at most 1 MiB).
 * Docs: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#environment-files
 */
import { randomUUID } from 'node:crypto'
import { chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RunAs } from './step-process.js'

export const FILES = {
  GITHUB_ENV: 'set_env_',
  GITHUB_OUTPUT: 'set_output_',
  GITHUB_PATH: 'add_path_',
  GITHUB_STATE: 'save_state_',
  GITHUB_STEP_SUMMARY: 'step_summary_'
} as const

export type FileVar = keyof typeof FILES

export const SUMMARY_LIMIT = 1024 * 1024

/** Creates the step's empty files; returns their paths by variable name. */
export async function createFileCommands(
  temp: string,
  runAs: RunAs | null
): Promise<Record<FileVar, string>> {
  const dir = join(temp, '_runner_file_commands')
  await mkdir(dir, { recursive: true })
  if (runAs) await chown(dir, runAs.uid, runAs.gid)
  const suffix = randomUUID()
  const out = {} as Record<FileVar, string>
  for (const [name, prefix] of Object.entries(FILES) as Array<[FileVar, string]>) {
    const file = join(dir, prefix + suffix)
    await writeFile(file, '')
    if (runAs) await chown(file, runAs.uid, runAs.gid)
    out[name] = file
  }
  return out
}

/** `NAME=value` and `NAME<<EOF` … `EOF` pairs, with the runner's error messages. */
export function parseEnvFile(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = []
  const lines = text.split(/(?<=\n)/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r?\n$/, '')
    if (!line) continue
    const eq = line.indexOf('=')
    const heredoc = line.indexOf('<<')
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      out.push([line.slice(0, eq), line.slice(eq + 1)])
    } else if (heredoc >= 0) {
      const key = line.slice(0, heredoc)
      const delimiter = line.slice(heredoc + 2)
      if (!key || !delimiter)
        throw new Error(`Invalid format '${line}'. Name must not be empty and delimiter must not be empty`)
      const value: string[] = []
      for (i++; ; i++) {
        if (i >= lines.length) throw new Error(`Invalid value. Matching delimiter not found '${delimiter}'`)
        const raw = lines[i]!
        const current = raw.replace(/\r?\n$/, '')
        if (current === delimiter) break
        if (raw === current) throw new Error('Invalid value. EOF marker missing new line.')
        value.push(current)
      }
      out.push([key, value.join('\n')])
    } else {
      throw new Error(`Invalid format '${line}'`)
    }
  }
  return out
}

export interface FileCommandResults {
  env: Array<[string, string]>
  outputs: Array<[string, string]>
  state: Array<[string, string]>
  path: string[]
  summary: string | null
  /** Errors to log as `##[error]`; the step fails when there are any. */
  errors: string[]
  /** Errors the runner logs without failing the step (a blocked NODE_OPTIONS, an oversized summary). */
  issues: string[]
}

export async function readFileCommands(files: Record<FileVar, string>): Promise<FileCommandResults> {
  const r: FileCommandResults = {
    env: [],
    outputs: [],
    state: [],
    path: [],
    summary: null,
    errors: [],
    issues: []
  }
  const read = (f: string) => readFile(f, 'utf8').catch(() => '')
  const pairs = async (name: FileVar, context: string): Promise<Array<[string, string]>> => {
    try {
      return parseEnvFile(await read(files[name]))
    } catch (e) {
      r.errors.push(`Unable to process file command '${context}' successfully.`, (e as Error).message)
      return []
    }
  }
  r.path = (await read(files.GITHUB_PATH)).split(/\r?\n/).filter(l => l !== '')
  for (const [k, v] of await pairs('GITHUB_ENV', 'env')) {
    if (k.toUpperCase() === 'NODE_OPTIONS')
      r.issues.push("Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.")
    else r.env.push([k, v])
  }
  r.outputs = await pairs('GITHUB_OUTPUT', 'output')
  r.state = await pairs('GITHUB_STATE', 'state')
  const size = (await stat(files.GITHUB_STEP_SUMMARY).catch(() => null))?.size ?? 0
  if (size > SUMMARY_LIMIT)
    r.issues.push(
      `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of ${SUMMARY_LIMIT / 1024}k, got ${Math.floor(size / 1024)}k. For more information see: https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary`
    )
  else if (size > 0) r.summary = await read(files.GITHUB_STEP_SUMMARY)
  return r
}
