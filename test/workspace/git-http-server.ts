/**
 * A loopback git server over smart HTTP (`git http-backend` as a CGI) that demands
 * `Authorization: basic base64(x-access-token:<token>)` on every request, as GitHub does for a
 * private repository. Serves the bare repositories under `projectRoot` at `/<name>.git`.
 */
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface GitHttpServer {
  url: string
  /** Authorization headers seen, in order (to check what the client sent). */
  seenAuth: (string | undefined)[]
  close(): Promise<void>
}

export async function startGitHttpServer(
  projectRoot: string,
  token: string,
  env: NodeJS.ProcessEnv
): Promise<GitHttpServer> {
  const expected = `basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`
  const seenAuth: (string | undefined)[] = []
  const server: Server = createServer((req, res) => {
    seenAuth.push(req.headers.authorization)
    if (req.headers.authorization?.toLowerCase() !== expected.toLowerCase()) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' }).end('unauthorized')
      return
    }
    const url = new URL(req.url ?? '/', 'http://localhost')
    const cgi = spawn('git', ['http-backend'], {
      env: {
        ...env,
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: 'x-access-token',
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? '')
      },
      stdio: ['pipe', 'pipe', 'inherit']
    })
    req.pipe(cgi.stdin)
    const chunks: Buffer[] = []
    cgi.stdout.on('data', (b: Buffer) => chunks.push(b))
    cgi.on('close', () => {
      const out = Buffer.concat(chunks)
      const split = out.indexOf('\r\n\r\n')
      const headerEnd = split >= 0 ? split : out.indexOf('\n\n')
      const sepLength = split >= 0 ? 4 : 2
      const headers: Record<string, string> = {}
      let status = 200
      for (const line of out.subarray(0, headerEnd).toString().split(/\r?\n/)) {
        const i = line.indexOf(':')
        if (i < 0) continue
        const name = line.slice(0, i).trim()
        const value = line.slice(i + 1).trim()
        if (name.toLowerCase() === 'status') status = parseInt(value, 10)
        else headers[name] = value
      }
      res.writeHead(status, headers).end(out.subarray(headerEnd + sepLength))
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seenAuth,
    close: () => new Promise<void>(resolve => server.close(() => resolve()))
  }
}
