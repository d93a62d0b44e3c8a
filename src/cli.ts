#!/usr/bin/env node
/**
 * The `nightshift` command line: each subcommand lives in src/cli/<name>.ts and exports
 * `main(args: string[]): Promise<number>` (the exit code). Imported statically: dynamic imports
 * would make the bundler split dist/cli.js into chunk files.
 */
import { main as doctor } from './cli/doctor.js'
import { main as feedback } from './cli/feedback.js'
import { main as local } from './cli/local.js'
import { errorMessage } from './errors.js'
import pkg from '../package.json' with { type: 'json' }

const commands: Record<string, { summary: string; main: (args: string[]) => Promise<number> }> = {
  feedback: { summary: 'print the failures in GitHub Actions job logs', main: feedback },
  doctor: { summary: 'check that a repository is set up for nightshift', main: doctor },
  local: { summary: 'run the loop on a local repository with a local CI command', main: local }
}

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  return [
    `nightshift ${pkg.version}`,
    '',
    'Usage: nightshift <command> [options]',
    '',
    'Commands:',
    ...lines,
    `  ${'help'.padEnd(10)} this text, or 'help <command>' for a command's options`,
    '',
    "Run 'nightshift <command> --help' for a command's options, 'nightshift --version' for the version."
  ].join('\n')
}

async function cli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === '--version' || name === '-v' || name === 'version') {
    console.log(pkg.version)
    return 0
  }
  if (!name || name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    if (name) console.log(usage())
    else console.error(usage())
    return name ? 0 : 2
  }
  if (name === 'help') return cli([rest[0] ?? '', '--help'])
  const command = commands[name]
  if (!command) {
    console.error(`nightshift: unknown command "${name}".\n\n${usage()}`)
    return 2
  }
  return command.main(rest)
}

try {
  process.exitCode = await cli(process.argv.slice(2))
} catch (e) {
  console.error(`nightshift: ${errorMessage(e)}`)
  process.exitCode = 1
}
