/**
 * What every git command of this action runs with, wherever it runs and as whoever: the options that
 * keep git from starting a program a config or a file names, and the environment that keeps it from
 * reading a config, a repository or a program from anywhere else.
 */

/**
 * Options on every command. The checkout's files are the agent's work, so nothing git would run from
 * them or from a config is allowed: hooks and fsmonitor off, no signing program, no external diff or
 * textconv, no untracked cache or split index (files the agent could have prepared), and no symlinked
 * or case-folded `.git` lookalikes accepted as paths.
 */
export const HARDENING = [
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.untrackedCache=false',
  '-c',
  'core.splitIndex=false',
  '-c',
  'core.protectHFS=true',
  '-c',
  'core.protectNTFS=true',
  '-c',
  'core.ignoreCase=false',
  '-c',
  'core.symlinks=true',
  '-c',
  'commit.gpgSign=false',
  '-c',
  'tag.gpgSign=false',
  '-c',
  'diff.external=',
  '-c',
  'push.followTags=false',
  '-c',
  'push.recurseSubmodules=no',
  '-c',
  'submodule.recurse=false',
  '-c',
  'protocol.ext.allow=never'
]

/**
 * Environment variables git reads that would point it at other repositories, configs or programs. They
 * are dropped from the inherited environment; the action sets the few it needs per command.
 */
const GIT_STEERING_ENV =
  /^(GIT_DIR|GIT_WORK_TREE|GIT_INDEX_FILE|GIT_COMMON_DIR|GIT_OBJECT_DIRECTORY|GIT_ALTERNATE_OBJECT_DIRECTORIES|GIT_NAMESPACE|GIT_CEILING_DIRECTORIES|GIT_DISCOVERY_ACROSS_FILESYSTEM|GIT_CONFIG|GIT_CONFIG_GLOBAL|GIT_CONFIG_SYSTEM|GIT_CONFIG_NOSYSTEM|GIT_CONFIG_COUNT|GIT_CONFIG_KEY_\d+|GIT_CONFIG_VALUE_\d+|GIT_CONFIG_PARAMETERS|GIT_EXEC_PATH|GIT_SSH|GIT_SSH_COMMAND|GIT_PROXY_COMMAND|GIT_EXTERNAL_DIFF|GIT_PAGER|GIT_EDITOR|GIT_SEQUENCE_EDITOR|GIT_TRACE.*|GIT_REPLACE_REF_BASE)$/

const IDENTITY_ENV = ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL']

/**
 * The environment of one git command: `base` without anything that steers git (and without the
 * identity variables when the action passes its own identity), plus the settings that leave only the
 * repository's own config and `-c` in force, and then `extra` (the credentials or config entries of
 * this one command).
 */
export function safeGitEnv(
  base: NodeJS.ProcessEnv,
  options: { identity: boolean; indexFile?: string; extra?: Record<string, string> }
): NodeJS.ProcessEnv {
  const env = { ...base }
  // These variables would override the `-c user.*` identity.
  if (options.identity) for (const k of IDENTITY_ENV) delete env[k]
  for (const k of Object.keys(env)) if (GIT_STEERING_ENV.test(k)) delete env[k]
  return {
    ...env,
    // Only the repository's own config (and `-c`) counts: no system or global file, where an agent
    // sharing this user could have planted an include, a helper or a `push.followTags`.
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_TERMINAL_PROMPT: '0',
    // Never ask for a password through a GUI helper or ssh either.
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    LC_ALL: 'C',
    ...(options.indexFile ? { GIT_INDEX_FILE: options.indexFile } : {}),
    ...options.extra
  }
}

/**
 * Config keys that name a program git starts, under a name the config chooses: filter and diff or
 * merge drivers (picked by `.gitattributes`), and the few fixed keys HARDENING does not already set.
 * In a repository whose config the agent writes, each one found is set to nothing for the command.
 */
const PROGRAM_KEYS =
  /^(filter\..+\.(clean|smudge|process)|diff\..+\.(textconv|command)|merge\..+\.driver|core\.(sshcommand|gitproxy|askpass|pager|editor|alternaterefscommand)|sequence\.editor|gpg\.(.+\.)?program|credential\..*helper|remote\..+\.(uploadpack|receivepack))$/i

/**
 * `git config --list --name-only -z` output to config entries that switch off every program it names.
 * A filter also gets `required=false`, so the file is taken as it is rather than failing the command.
 */
export function programOverrides(names: string): [string, string][] {
  const found = new Set(names.split('\0').filter(n => PROGRAM_KEYS.test(n)))
  const out: [string, string][] = []
  for (const key of found) {
    out.push([key, ''])
    const filter = /^filter\.(.+)\.(clean|smudge|process)$/i.exec(key)
    if (filter) out.push([`filter.${filter[1]}.required`, 'false'])
  }
  return out
}

/** Config entries as `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n`, after those `env` already has. */
export function configEnv(env: Record<string, string>, entries: [string, string][]): Record<string, string> {
  if (entries.length === 0) return env
  const out = { ...env }
  let n = Number(env.GIT_CONFIG_COUNT ?? 0)
  // Keys through the environment: a subsection may hold "=" that `-c key=value` would split at.
  for (const [key, value] of entries) {
    out[`GIT_CONFIG_KEY_${n}`] = key
    out[`GIT_CONFIG_VALUE_${n}`] = value
    n++
  }
  out.GIT_CONFIG_COUNT = String(n)
  return out
}
