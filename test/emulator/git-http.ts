/**
 * Git over smart HTTP on the emulator's port: `git http-backend` run as a CGI per request, with GitHub's
 * rules: every request needs the token as Basic auth `x-access-token:<token>` (the repositories are
 * private), pushes need `contents: write`, and the pre-receive hook enforces the workflow-file and
 * branch-protection rules (git-repos.ts).
 */
import { spawn } from 'node:child_process'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TokenGrant } from './model.js'

const HTTP_BACKEND = '/usr/lib/git-core/git-http-backend'

export interface GitHttpRepo {
  bareDir: string
  root: string
  defaultBranch: string
  protectDefaultBranch: boolean
}

export interface GitHttpDeps {
  /** The repository for `owner/name`, or null. */
  repo(owner: string, name: string): GitHttpRepo | null
  token(value: string): TokenGrant | null
  env: NodeJS.ProcessEnv
}

const GIT_PATH = /^\/([^/]+)\/([^/]+?)\.git(\/.*)$/

export function isGitRequest(pathname: string): boolean {
  return GIT_PATH.test(pathname)
}

/** The token from `Authorization: Basic base64(x-access-token:<token>)` (any user name is accepted, as on GitHub). */
export function basicToken(header: string | undefined): string | null {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '')
  if (!m) return null
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon < 0 ? null : decoded.slice(colon + 1) || null
}

export function serveGit(req: IncomingMessage, res: ServerResponse, url: URL, deps: GitHttpDeps): void {
  const m = GIT_PATH.exec(url.pathname)!
  const repo = deps.repo(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!))
  if (!repo) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Repository not found.\n')
    return
  }
  const isPush = m[3] === '/git-receive-pack' || url.searchParams.get('service') === 'git-receive-pack'
  const value = basicToken(req.headers.authorization)
  const grant = value ? deps.token(value) : null
  if (!grant) {
    res.writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"', 'content-type': 'text/plain' })
    res.end(
      value
        ? 'Invalid username or token. Password authentication is not supported for Git operations.\n'
        : 'Authentication required.\n'
    )
    return
  }
  if (isPush && grant.scopes.contents !== 'write') {
    res
      .writeHead(403, { 'content-type': 'text/plain' })
      .end(`Permission to ${m[1]}/${m[2]}.git denied to ${grant.login}.\n`)
    return
  }
  const env: NodeJS.ProcessEnv = {
    ...deps.env,
    GIT_PROJECT_ROOT: repo.root,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: url.pathname,
    QUERY_STRING: url.search.replace(/^\?/, ''),
    REQUEST_METHOD: req.method ?? 'GET',
    REMOTE_USER: grant.login,
    REMOTE_ADDR: '127.0.0.1',
    EMULATOR_PUSH_WORKFLOWS: grant.workflows ? '1' : '0',
    EMULATOR_PUSH_ADMIN: grant.admin ? '1' : '0',
    EMULATOR_PROTECTED_REF: repo.protectDefaultBranch ? `refs/heads/${repo.defaultBranch}` : ''
  }
  if (req.headers['content-type']) env.CONTENT_TYPE = req.headers['content-type']
  if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length']
  if (req.headers['git-protocol']) env.GIT_PROTOCOL = String(req.headers['git-protocol'])
  if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding'])

  const child = spawn(HTTP_BACKEND, [], { env, stdio: ['pipe', 'pipe', 'pipe'] })
  req.pipe(child.stdin)
  let head = Buffer.alloc(0)
  let headersDone = false
  const stderr: Buffer[] = []
  child.stderr.on('data', (b: Buffer) => stderr.push(b))
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk)
      return
    }
    head = Buffer.concat([head, chunk])
    const end = head.indexOf('\r\n\r\n')
    if (end < 0) return
    headersDone = true
    let status = 200
    const headers: Record<string, string> = {}
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':')
      const name = line.slice(0, colon).trim()
      const v = line.slice(colon + 1).trim()
      if (name.toLowerCase() === 'status') status = parseInt(v, 10)
      else headers[name] = v
    }
    res.writeHead(status, headers)
    res.write(head.subarray(end + 4))
  })
  child.on('error', e => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
    res.end(`git http-backend failed: ${e.message}\n`)
  })
  child.on('close', code => {
    if (!headersDone) {
      res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(`git http-backend exited with ${code}: ${Buffer.concat(stderr).toString()}\n`)
      return
    }
    res.end()
  })
}
