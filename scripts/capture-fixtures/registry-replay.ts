/**
 * A registry on loopback that answers npm with responses the real registry gave and npm's own
 * test fixtures recorded (npm/cli workspaces/arborist/test/fixtures): the bulk advisory endpoint
 * and the packuments `npm audit` reads to work out fixes. It lets the real npm run `npm audit` on
 * a machine whose registry mirror refuses the audit endpoint; every request it cannot answer from
 * the recording fails the capture, so nothing is made up.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gitShow } from './published.js'

export interface Replay {
  url: string
  /** Requests the recording had no answer for (the capture refuses to keep a log that needed them). */
  missed: string[]
  close(): Promise<void>
}

export interface Recording {
  repo: string
  commit: string
  /** The recorded response of POST /-/npm/v1/security/advisories/bulk. */
  advisories: string
  /** A folder of recorded packuments, `<name>.json`. */
  packuments: string
}

export async function replayRegistry(rec: Recording): Promise<Replay> {
  const advisories = gitShow(rec.repo, rec.commit, rec.advisories)
  const missed: string[] = []
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const url = req.url ?? '/'
      let body: string | null = null
      if (req.method === 'POST' && url.startsWith('/-/npm/v1/security/advisories/bulk')) body = advisories
      else if (req.method === 'GET') {
        const name = decodeURIComponent(url.slice(1).split('?')[0])
        try {
          body = gitShow(rec.repo, rec.commit, `${rec.packuments}/${name}.json`)
        } catch {
          body = null
        }
      }
      if (body === null) {
        missed.push(`${req.method} ${url}`)
        res.writeHead(404, { 'content-type': 'application/json' }).end('{}')
        return
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(body)
    })
  })
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    missed,
    close: () => new Promise(done => server.close(() => done()))
  }
}
