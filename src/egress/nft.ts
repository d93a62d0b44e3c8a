/**
 * Running `nft` as root in a given network namespace, and installing it where it is missing
 * (GitHub-hosted Ubuntu runners have apt-get and passwordless sudo).
 */
import { execFile } from 'node:child_process'
import { SetupError } from '../errors.js'

export interface CommandResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs one command as the action's user, `input` on stdin. */
export type Runner = (argv: string[], input?: string) => Promise<CommandResult>

export const runArgv: Runner = (argv, input) =>
  new Promise(resolve => {
    const child = execFile(argv[0]!, argv.slice(1), { encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0
      resolve({ code, stdout, stderr: stderr || (error && code === 127 ? error.message : '') })
    })
    // A command that exits without reading stdin (nft --version) closes the pipe: not an error here.
    child.stdin?.on('error', () => undefined)
    child.stdin?.end(input ?? '')
  })

/** Where the rules go: a namespace's name, or null for the namespace the action runs in. */
export interface Place {
  netns: string | null
  isRoot: boolean
}

const asRoot = (argv: string[], isRoot: boolean) => (isRoot ? argv : ['sudo', '-n', ...argv])

/** `nft ARGS` in the place, as root. */
export function nftArgv(place: Place, args: string[]): string[] {
  const nft = place.netns ? ['ip', 'netns', 'exec', place.netns, 'nft', ...args] : ['nft', ...args]
  return asRoot(nft, place.isRoot)
}

/** Makes sure `nft` runs; installs the Debian package `nftables` when it is missing. */
export async function ensureNft(run: Runner, isRoot: boolean, log: (line: string) => void): Promise<void> {
  if ((await run(asRoot(['nft', '--version'], isRoot))).code === 0) return
  log('nftables is missing: installing it with apt-get.')
  const install = asRoot(
    [
      'env',
      'DEBIAN_FRONTEND=noninteractive',
      'apt-get',
      'install',
      '-y',
      '--no-install-recommends',
      'nftables'
    ],
    isRoot
  )
  let r = await run(install)
  if (r.code !== 0) {
    await run(asRoot(['apt-get', 'update'], isRoot))
    r = await run(install)
  }
  if (r.code !== 0 || (await run(asRoot(['nft', '--version'], isRoot))).code !== 0) {
    throw new SetupError(
      `agent-network: the egress allow-list needs nftables, and installing it failed: ${r.stderr.trim().split('\n').slice(-2).join(' ')}. ` +
        'Install nftables on the runner, or set agent-network: open to run the agent without the allow-list.'
    )
  }
}
