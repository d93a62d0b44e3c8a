/**
 * The `agent-network` input: which hosts the agent's processes may reach. `registries` (the default)
 * is the package registries a build needs; `none` allows only loopback; `open` installs nothing; any
 * other value is a list of hosts (`host` or `host:port`, port 443 when omitted), which may include the
 * word `registries`.
 */

export interface AllowedHost {
  /** Lower-case host name or literal IP address. */
  host: string
  ports: number[]
}

export type EgressPolicy =
  | { mode: 'open' }
  | {
      mode: 'allow'
      /** How the user wrote it, for the report (`registries`, `none`, or the list). */
      label: string
      hosts: AllowedHost[]
    }

/**
 * The hosts package managers fetch from over HTTPS: npm (and yarn's mirror of it), PyPI, crates.io,
 * the Go module proxy and checksum database, RubyGems, Maven Central, and the GitHub hosts that
 * `git clone` of a public dependency and tarball downloads use.
 */
export const REGISTRY_HOSTS = [
  'registry.npmjs.org',
  'registry.yarnpkg.com',
  'pypi.org',
  'files.pythonhosted.org',
  'crates.io',
  'index.crates.io',
  'static.crates.io',
  'proxy.golang.org',
  'sum.golang.org',
  'rubygems.org',
  'index.rubygems.org',
  'repo.maven.apache.org',
  'repo1.maven.org',
  'github.com',
  'codeload.github.com',
  'objects.githubusercontent.com'
]

const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/

/** Parses the input; problems are returned as messages naming the value (the config collects them). */
export function parseAgentNetwork(raw: string): { policy: EgressPolicy; problems: string[] } {
  const value = raw.trim() === '' ? 'registries' : raw.trim()
  if (value === 'open') return { policy: { mode: 'open' }, problems: [] }
  if (value === 'none') return { policy: { mode: 'allow', label: 'none', hosts: [] }, problems: [] }
  const problems: string[] = []
  const hosts = new Map<string, Set<number>>()
  const add = (host: string, port: number) => hosts.set(host, (hosts.get(host) ?? new Set()).add(port))
  for (const entry of value.split(/[\s,]+/).filter(Boolean)) {
    if (entry === 'registries') {
      for (const h of REGISTRY_HOSTS) add(h, 443)
      continue
    }
    if (entry === 'open' || entry === 'none') {
      problems.push(`agent-network: "${entry}" cannot be combined with hosts; use it alone.`)
      continue
    }
    const m = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(
      entry
        .toLowerCase()
        .replace(/^https?:\/\//, '')
        .replace(/\/$/, '')
    )
    const host = m?.[1] ?? ''
    const port = m?.[2] === undefined ? 443 : Number(m[2])
    if (!m || !(HOST.test(host) || IPV4.test(host)) || port < 1 || port > 65535) {
      problems.push(
        `agent-network: "${entry}" is not a host name or host:port; expected registries, none, open, or hosts such as registry.npmjs.org, api.anthropic.com:443.`
      )
      continue
    }
    add(host, port)
  }
  const list = [...hosts].map(([host, ports]) => ({ host, ports: [...ports].sort((a, b) => a - b) }))
  return { policy: { mode: 'allow', label: value.replace(/\s+/g, ' '), hosts: list }, problems }
}
