/**
 * Stand-ins for common actions that cannot be downloaded here, each doing what the action does on
 * GitHub with what this machine has: `actions/checkout` clones the run's commit; `setup-*` and Rust
 * toolchain actions use the machine's toolchain, say which version that is, and fail the step when the
 * declared major version is not installed; `actions/cache` restores nothing (a cache miss, as on a
 * first run); upload/download-artifact use a folder per run. The list is the README's "shimmed" table.
 */
import { execFile } from 'node:child_process'
import { cp, mkdir, readdir, stat } from 'node:fs/promises'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { ActionCall, ActionResult } from './action-steps.js'
import { unavailable } from './action-steps.js'
import { checkout } from './checkout-shim.js'
import { processEnv, type JobRuntime } from './job-runtime.js'
import { handOver } from './runner-user.js'
import { which } from './shell.js'

const exec = promisify(execFile)

export type Shim = (rt: JobRuntime, call: ActionCall) => Promise<ActionResult>

const MATCHERS = fileURLToPath(new URL('../fixtures/problem-matchers/', import.meta.url))

const ok = (outputs: Record<string, string> = {}): ActionResult => ({ failed: false, outputs })

/** The version a command prints, run as the runner user with the step's PATH. */
async function hostVersion(rt: JobRuntime, command: string, args: string[]): Promise<string | null> {
  const env = processEnv(rt, {})
  const path = which(command, env.PATH!)
  if (!path) return null
  try {
    const r = await exec(path, args, {
      env,
      ...(rt.account.runAs ? { uid: rt.account.runAs.uid, gid: rt.account.runAs.gid } : {})
    })
    return /(\d+\.\d+(?:\.\d+)?)/.exec(`${r.stdout}\n${r.stderr}`)?.[1] ?? null
  } catch {
    return null
  }
}

/**
 * Whether the host's version satisfies what the workflow declared: `lts/*`, `latest`, `stable`, `x`,
 * `*` accept any; otherwise the declared major (and minor, when given) must match.
 */
export function satisfies(declared: string, host: string): boolean {
  const d = declared
    .trim()
    .replace(/^v/, '')
    .replace(/^[~^>=<\s]+/, '')
  if (!d || /^(lts\/.*|latest|current|node|stable|x|\*|\d+\.x|\d+\.\*)$/i.test(d)) {
    const major = /^(\d+)\./.exec(d)?.[1]
    return !major || host.split('.')[0] === major
  }
  const want = d.split('.')
  const have = host.split('.')
  if (want[0] !== have[0]) return false
  return want.length < 2 || /^[x*]$/i.test(want[1]!) || want[1] === have[1]
}

function versionFile(rt: JobRuntime, file: string | undefined): string | undefined {
  if (!file) return undefined
  const path = resolve(rt.paths.workspace, file)
  if (!existsSync(path)) return undefined
  const text = readFileSync(path, 'utf8')
  if (file.endsWith('package.json')) {
    const pkg = JSON.parse(text) as { volta?: { node?: string }; engines?: { node?: string } }
    return pkg.volta?.node ?? pkg.engines?.node
  }
  return /(\d+(?:\.\d+)*)/.exec(text)?.[1] ?? text.trim()
}

function setupToolchain(o: {
  tool: string
  command: string
  args: string[]
  input: string[]
  fileInput?: string
  matchers: string[]
  after?: (rt: JobRuntime, version: string) => Promise<void>
  output?: (version: string) => Record<string, string>
}): Shim {
  return async (rt, call) => {
    const declared =
      o.input.map(i => call.with[i]).find(Boolean) ??
      versionFile(rt, o.fileInput ? call.with[o.fileInput] : undefined)
    const version = await hostVersion(rt, o.command, o.args)
    if (!version)
      return unavailable(
        rt,
        `${o.tool} ${declared ?? ''}`.trim(),
        `${o.command} is not installed on this machine`
      )
    for (const want of (declared ?? '')
      .split(/[\n,]/)
      .map(v => v.trim())
      .filter(Boolean)) {
      if (!satisfies(want, version))
        return unavailable(rt, `${o.tool} ${want}`, `this machine has ${o.tool} ${version} only`)
    }
    rt.tools.log.line(`Found in cache @ ${dirname(which(o.command, processEnv(rt, {}).PATH!) ?? '')}`)
    rt.tools.log.line(`Using the machine's ${o.tool} ${version} (the emulator downloads nothing)`)
    await o.after?.(rt, version)
    // setup-node and setup-python restore a package-manager cache when asked; offline it is a miss.
    if (call.with.cache) rt.tools.log.line(`${call.with.cache} cache is not found`)
    for (const m of o.matchers) call.output.line(`##[add-matcher]${join(MATCHERS, m)}`)
    return ok(o.output?.(version) ?? {})
  }
}

const setupNode = setupToolchain({
  tool: 'Node.js',
  command: 'node',
  args: ['--version'],
  input: ['node-version'],
  fileInput: 'node-version-file',
  matchers: [
    'actions-setup-node-tsc.json',
    'actions-setup-node-eslint-stylish.json',
    'actions-setup-node-eslint-compact.json'
  ],
  output: v => ({ 'node-version': `v${v}` })
})

const setupPython = setupToolchain({
  tool: 'Python',
  command: 'python3',
  args: ['--version'],
  input: ['python-version'],
  fileInput: 'python-version-file',
  matchers: ['actions-setup-python-python.json'],
  // setup-python puts a tool-cache Python first on PATH, one pip can install into; the machine's
  // python3 is "externally managed" (PEP 668), so the shim gives the job a virtual environment of it.
  after: async rt => {
    const python = which('python3', processEnv(rt, {}).PATH!)!
    const dir = join(rt.paths.toolCache, 'Python')
    await mkdir(dir, { recursive: true })
    await handOver(dir, rt.account)
    await exec(python, ['-m', 'venv', join(dir, 'x64')], {
      ...(rt.account.runAs ? { uid: rt.account.runAs.uid, gid: rt.account.runAs.gid } : {})
    })
    rt.prependPath.push(join(dir, 'x64', 'bin'))
  },
  output: v => ({ 'python-version': v })
})

const setupGo = setupToolchain({
  tool: 'Go',
  command: 'go',
  args: ['version'],
  input: ['go-version'],
  fileInput: 'go-version-file',
  matchers: ['actions-setup-go-matchers.json'],
  output: v => ({ 'go-version': v })
})

const setupJava = setupToolchain({
  tool: 'Java',
  command: 'java',
  args: ['-version'],
  input: ['java-version'],
  fileInput: 'java-version-file',
  matchers: []
})

const rustToolchain: Shim = async (rt, call) => {
  const version = await hostVersion(rt, 'cargo', ['--version'])
  const wanted = call.with.toolchain ?? call.uses.split('@')[1] ?? 'stable'
  if (!version)
    return unavailable(
      rt,
      `The Rust toolchain ${wanted}`,
      'cargo is not installed where workflow steps can run it'
    )
  rt.tools.log.line(`Using the machine's cargo ${version} (the emulator downloads nothing)`)
  return ok({ cachekey: `rust-${version}`, name: wanted })
}

/** A tool that must already be on the machine (uv, pnpm): used when found, a clear failure otherwise. */
function machineTool(tool: string, command: string): Shim {
  return async rt => {
    const version = await hostVersion(rt, command, ['--version'])
    if (!version) return unavailable(rt, tool, `${command} is not installed on this machine`)
    rt.tools.log.line(`Using the machine's ${command} ${version}`)
    return ok()
  }
}

/** A cache miss, as on a first run: nothing restored, nothing saved. */
const cacheMiss: Shim = async (rt, call) => {
  rt.tools.log.line(
    `Cache not found for input keys: ${[call.with.key, ...(call.with['restore-keys'] ?? '').split('\n')].filter(Boolean).join(', ')}`
  )
  return ok({ 'cache-hit': 'false' })
}

const noop: Shim = async rt => {
  rt.tools.log.line('Nothing to do offline.')
  return ok()
}

/** The artifact's root is the least common ancestor of its paths (upload-artifact's README), like upload-artifact@v4. */
const uploadArtifact: Shim = async (rt, call) => {
  const name = call.with.name || 'artifact'
  const target = join(rt.paths.artifacts, name)
  const paths = (call.with.path ?? '')
    .split('\n')
    .map(p => p.trim())
    .filter(p => p && !p.startsWith('!'))
  const sources = paths
    .map(p => resolve(rt.paths.workspace, p.replace(/^~(?=\/)/, rt.paths.home)))
    .filter(p => existsSync(p))
  if (!sources.length) {
    const behaviour = call.with['if-no-files-found'] ?? 'warn'
    const message = `No files were found with the provided path: ${paths.join(', ')}. No artifacts will be uploaded.`
    if (behaviour === 'error') {
      rt.tools.log.error(message)
      return { failed: true, outputs: {} }
    }
    if (behaviour === 'warn') rt.tools.log.warning(message)
    return ok()
  }
  const single = sources.length === 1 && (await stat(sources[0]!)).isDirectory()
  const root = single ? sources[0]! : commonAncestor(sources.map(s => dirname(s)))
  for (const source of sources) await cp(source, join(target, relative(root, source)), { recursive: true })
  rt.tools.log.line(`Artifact ${name} has been stored in the run's artifact folder`)
  return ok({ 'artifact-id': name })
}

function commonAncestor(dirs: string[]): string {
  let root = dirs[0]!
  while (!dirs.every(d => d === root || d.startsWith(`${root}/`))) root = dirname(root)
  return root
}

const downloadArtifact: Shim = async (rt, call) => {
  const names = call.with.name ? [call.with.name] : await readdir(rt.paths.artifacts).catch(() => [])
  const into = resolve(rt.paths.workspace, call.with.path ?? '.')
  for (const name of names) {
    const source = join(rt.paths.artifacts, name)
    if (!existsSync(source)) {
      rt.tools.log.error(`Unable to download artifact(s): Artifact not found for name: ${name}`)
      return { failed: true, outputs: {} }
    }
    await cp(source, call.with.name ? into : join(into, name), { recursive: true })
  }
  await handOver(into, rt.account)
  return ok({ 'download-path': into })
}

/** The shims, by `owner/repo[/path]` in lower case. */
export const SHIMS: Record<string, Shim> = {
  'actions/checkout': checkout,
  'actions/setup-node': setupNode,
  'actions/setup-python': setupPython,
  'actions/setup-go': setupGo,
  'actions/setup-java': setupJava,
  'dtolnay/rust-toolchain': rustToolchain,
  'actions-rs/toolchain': rustToolchain,
  'actions-rust-lang/setup-rust-toolchain': rustToolchain,
  'astral-sh/setup-uv': machineTool('uv', 'uv'),
  'pnpm/action-setup': machineTool('pnpm', 'pnpm'),
  'actions/cache': cacheMiss,
  'actions/cache/restore': cacheMiss,
  'actions/cache/save': noop,
  'swatinem/rust-cache': cacheMiss,
  'actions/upload-artifact': uploadArtifact,
  'actions/download-artifact': downloadArtifact
}
