/**
 * The environment every agent process gets: built from an allow-list, never by removing names from the
 * action's own environment. A JavaScript action's environment holds
 * `ACTIONS_RUNTIME_TOKEN`, `INPUT_*` (the github-token and provider keys among them) and the step files
 * `GITHUB_ENV`/`GITHUB_OUTPUT`/`GITHUB_PATH`
 * (https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands); none of it may reach the agent.
 */
import { GuardError } from '../errors.js'

/** Names copied from the parent when present. */
const ALLOWED_NAMES = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'TZ',
  'TERM',
  'CI',
  'RUNNER_OS',
  'RUNNER_ARCH',
  'RUNNER_TOOL_CACHE',
  'ImageOS',
  'ImageVersion',
  // Toolchains installed by setup-* actions or baked into runner images.
  'JAVA_HOME',
  'GOPATH',
  'GOROOT',
  'GOCACHE',
  'GOMODCACHE',
  'GOFLAGS',
  'GOPROXY',
  'CARGO_HOME',
  'RUSTUP_HOME',
  'RUSTUP_TOOLCHAIN',
  'NVM_DIR',
  'VOLTA_HOME',
  'PNPM_HOME',
  'BUN_INSTALL',
  'DENO_DIR',
  'DOTNET_ROOT',
  'ANDROID_HOME',
  'ANDROID_SDK_ROOT',
  'GRADLE_USER_HOME',
  'MAVEN_HOME',
  'M2_HOME',
  'VIRTUAL_ENV',
  'CONDA',
  'CONDA_PREFIX',
  'npm_config_cache',
  'NPM_CONFIG_CACHE',
  'YARN_CACHE_FOLDER',
  'LD_LIBRARY_PATH',
  'PKG_CONFIG_PATH'
])

/** Prefixes copied from the parent: locale, Python's and pip's settings, Java tool versions (JAVA_HOME_17_X64). */
const ALLOWED_PREFIXES = ['LC_', 'PYTHON', 'PIP_', 'JAVA_HOME_', 'GOROOT_', 'POETRY_', 'UV_']

/**
 * Never passed, not even when a user names them in `agent-env`: they carry the action's own credentials or
 * let the agent write into later steps (`RUNNER_TEMP` holds the runner's step command files and the
 * action's own git directory). Checked on allow-listed prefixes too (a `PIP_INDEX_URL` with a
 * token is the user's choice to name; these are not).
 */
const FORBIDDEN =
  /^(GITHUB_TOKEN|GH_TOKEN|ACTIONS_.*|INPUT_.*|GITHUB_ENV|GITHUB_OUTPUT|GITHUB_PATH|GITHUB_STATE|GITHUB_STEP_SUMMARY|RUNNER_TEMP)$/i

/** True for names that may never reach the agent (the `agent-env` input is checked with this too). */
export function isForbiddenAgentEnv(name: string): boolean {
  return FORBIDDEN.test(name)
}

/** Names that look like secrets: dropped from the allow-list prefixes unless named in `agent-env`. */
const SECRET_LIKE = /(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|APIKEY|CREDENTIAL|AUTH)/i

/**
 * The agent's environment. `extra.names` are the `agent-env` input's names: passed only when named, and
 * refused with a GuardError when they name the action's own credentials. `dirs`, when given, are the
 * agent's own HOME and temporary folder (TMPDIR, TMP, TEMP): never the runner's, never `RUNNER_TEMP`.
 *
 * Decisions: `NODE_OPTIONS` is not passed (it can `--require` code into every node process the action
 * starts later from the same environment; name it in agent-env if a build needs it). `GITHUB_WORKSPACE`
 * is not passed (the agent's working directory is the workspace). `GIT_TERMINAL_PROMPT=0` so a git
 * command never waits on a password prompt; `GIT_CONFIG_NOSYSTEM=1` so the runner's system git config
 * (which may hold credential helpers) is not read by the agent's git.
 */
export function agentEnv(
  parent: NodeJS.ProcessEnv,
  extra: { names: string[] },
  dirs?: { home: string; tmp: string }
): Record<string, string> {
  const refused = extra.names.filter(n => FORBIDDEN.test(n))
  if (refused.length > 0) {
    throw new GuardError(
      `agent-env: ${refused.map(n => `"${n}"`).join(', ')} cannot be passed to the agent: ` +
        'these names hold the action’s own token or step files. Remove them from agent-env; give the agent a separate, narrowly scoped secret under another name if it needs one.'
    )
  }
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined || FORBIDDEN.test(name)) continue
    const byName = ALLOWED_NAMES.has(name)
    const byPrefix = ALLOWED_PREFIXES.some(p => name.startsWith(p)) && !SECRET_LIKE.test(name)
    if (byName || byPrefix) env[name] = value
  }
  for (const name of extra.names) {
    const value = parent[name]
    if (value !== undefined) env[name] = value
  }
  if (dirs) {
    env.HOME = dirs.home
    for (const name of ['TMPDIR', 'TMP', 'TEMP']) env[name] = dirs.tmp
  }
  env.PATH ??= '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  env.CI ??= 'true'
  env.GIT_TERMINAL_PROMPT = '0'
  env.GIT_CONFIG_NOSYSTEM = '1'
  return env
}
