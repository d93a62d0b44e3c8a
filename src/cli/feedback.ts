/**
 * `nightshift feedback [--json] [--budget N] [--workspace DIR] LOG...`: prints the failures in GitHub Actions job
 * logs, as the agent would receive them. `-` reads standard input. With `--json`, one object:
 * `{"failures":[{"tool","file","line","column","test","message"}],"feedback":"…"}`.
 * Exit codes: 0 when it ran (failures found or not), 1 when a log cannot be read, 2 for usage errors.
 */
import { open } from 'node:fs/promises'
import { basename } from 'node:path'
import { errorMessage } from '../errors.js'
import { analyze, type LogInput } from '../feedback/index.js'
import { DEFAULT_BUDGET } from '../feedback/render.js'

const USAGE = `Usage: nightshift feedback [--json] [--budget N] [--workspace DIR] LOG...

Reads GitHub Actions job logs (files, or - for standard input) and prints the failures they show,
exactly as the agent receives them.

Options:
  --json        print {"failures":[...],"feedback":"..."} instead of the text
  --budget N    the feedback's size limit in characters (default ${DEFAULT_BUDGET}, at least 200)
  --workspace DIR
                the repository's checkout path on the runner (e.g. /opt/runner/_work/app/app):
                paths under it are shown relative to the repository; the hosted runners'
                layouts and the paths the log names are recognised without it
  -h, --help    show this help`

interface Args {
  json: boolean
  budget: number
  workspace?: string
  files: string[]
}

function parse(args: string[]): Args | string {
  const out: Args = { json: false, budget: DEFAULT_BUDGET, files: [] }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '--json') out.json = true
    else if (a === '--budget' || a.startsWith('--budget=')) {
      const v = a === '--budget' ? args[++i] : a.slice('--budget='.length)
      if (v === undefined) return '--budget needs a number of characters, e.g. --budget 6000.'
      if (!/^\d+$/.test(v) || Number(v) < 200) {
        return `--budget must be a whole number of characters of at least 200, got "${v}".`
      }
      out.budget = Number(v)
    } else if (a === '--workspace' || a.startsWith('--workspace=')) {
      const v = a === '--workspace' ? args[++i] : a.slice('--workspace='.length)
      if (!v || !/^(?:\/|[A-Za-z]:[\\/])/.test(v)) {
        return `--workspace needs the absolute path of the checkout on the runner, e.g. --workspace /home/runner/work/app/app; got "${v ?? ''}".`
      }
      out.workspace = v
    } else if (a === '--') {
      out.files.push(...args.slice(i + 1))
      break
    } else if (a.startsWith('-') && a !== '-') return `unknown option "${a}".`
    else out.files.push(a)
  }
  if (out.files.length === 0) return 'no log given: name one or more log files, or - for standard input.'
  if (out.files.filter(f => f === '-').length > 1) return 'standard input (-) can be read only once.'
  return out
}

export async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE)
    return 0
  }
  const parsed = parse(args)
  if (typeof parsed === 'string') {
    console.error(`nightshift feedback: ${parsed}\n\n${USAGE}`)
    return 2
  }
  const logs: LogInput[] = []
  for (const file of parsed.files) {
    if (file === '-') {
      logs.push({ name: 'stdin', content: process.stdin })
      continue
    }
    try {
      // Open first so that a missing or unreadable file is reported before any output.
      const handle = await open(file, 'r')
      if ((await handle.stat()).isDirectory()) {
        await handle.close()
        throw new Error('it is a directory, not a log file')
      }
      // The stream closes the file when it ends.
      logs.push({ name: basename(file).replace(/\.(log|txt)$/, ''), content: handle.createReadStream() })
    } catch (e) {
      console.error(`nightshift feedback: cannot read log "${file}": ${errorMessage(e)}`)
      return 1
    }
  }
  let result
  try {
    result = await analyze(logs, { budgetChars: parsed.budget, workspace: parsed.workspace })
  } catch (e) {
    console.error(`nightshift feedback: reading the logs failed: ${errorMessage(e)}`)
    return 1
  }
  if (parsed.json) process.stdout.write(JSON.stringify(result) + '\n')
  else process.stdout.write(result.feedback + '\n')
  return 0
}
