/**
 * `shell:` as the runner resolves it (actions/runner src/Runner.Worker/Handlers/ScriptHandler.cs and
 * ScriptHandlerHelpers.cs; https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell):
 * no shell means `bash -e {0}` (`sh -e {0}` without bash), `bash` means
 * `bash --noprofile --norc -e -o pipefail {0}`, `sh` means `sh -e {0}`, `python` means `python {0}`, and
 * anything else is a `command [options] {0}` template. The command is looked up on the step's PATH; a
 * missing one fails the step with the runner's message.
 */
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'

const ARGUMENTS: Record<string, string> = {
  cmd: '/D /E:ON /V:OFF /S /C "CALL "{0}""',
  pwsh: '-command ". \'{0}\'"',
  powershell: '-command ". \'{0}\'"',
  bash: '--noprofile --norc -e -o pipefail {0}',
  sh: '-e {0}',
  python: '{0}'
}

const EXTENSIONS: Record<string, string> = {
  cmd: '.cmd',
  pwsh: '.ps1',
  powershell: '.ps1',
  bash: '.sh',
  sh: '.sh',
  python: '.py'
}

export interface ResolvedShell {
  /** Absolute path of the command (what the log's `shell:` line shows). */
  path: string
  /** The arguments with `{0}` still in place, e.g. `-e {0}`. */
  format: string
  /** The script file's extension. */
  extension: string
  /** `$ErrorActionPreference` and exit-code lines the runner adds for PowerShell. */
  fixUp(script: string): string
}

/** Thrown with the runner's own message (shown as the step's `##[error]`). */
export class ShellError extends Error {}

/** Finds `command` on `path` like the runner's WhichUtil (executable regular files only). */
export function which(command: string, path: string): string | null {
  if (command.includes('/')) return isExecutable(command) ? command : null
  for (const dir of path.split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, command)
    if (isExecutable(candidate)) return candidate
  }
  return null
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/** Resolves a step's shell (`undefined` when neither the step nor `defaults.run` sets one). */
export function resolveShell(shell: string | undefined, path: string): ResolvedShell {
  let command: string
  let format: string
  let found: string | null
  if (!shell) {
    command = 'sh'
    found = which('bash', path) ?? which('sh', path)
    if (!found) throw new ShellError('sh: command not found')
    format = ARGUMENTS.sh!
  } else {
    const space = shell.indexOf(' ')
    command = space < 0 ? shell : shell.slice(0, space)
    const args = space < 0 ? '' : shell.slice(space + 1).trimStart()
    format = args || (ARGUMENTS[command] ?? '')
    found = which(command, path)
    if (!found) throw new ShellError(`${command}: command not found`)
  }
  if (!format.includes('{0}'))
    throw new ShellError(
      "Invalid shell option. Shell must be a valid built-in (bash, sh, cmd, powershell, pwsh) or a format string containing '{0}'"
    )
  return {
    path: found,
    format,
    extension: EXTENSIONS[command] ?? '',
    fixUp: script =>
      command === 'pwsh' || command === 'powershell'
        ? `$ErrorActionPreference = 'stop'\n${script}\nif ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }`
        : script
  }
}

/**
 * Splits `-e -o pipefail "{0}"` into argv with the script path in place of `{0}`, honouring double
 * quotes as the runner's process invoker does.
 */
export function shellArgv(format: string, scriptPath: string): string[] {
  const line = format.replace('{0}', scriptPath.replace(/"/g, '\\"'))
  const out: string[] = []
  let current = ''
  let quoted = false
  let any = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (c === '\\' && line[i + 1] === '"') {
      current += '"'
      i++
      any = true
    } else if (c === '"') {
      quoted = !quoted
      any = true
    } else if (!quoted && /\s/.test(c)) {
      if (any) out.push(current)
      current = ''
      any = false
    } else {
      current += c
      any = true
    }
  }
  if (any) out.push(current)
  return out
}
