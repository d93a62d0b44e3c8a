/**
 * Job logs behind short-lived URLs, as GitHub serves them from its blob store: the API answers 302 to
 * a signed URL that lasts about a minute. Route faults apply here too (a 403 is a URL that has expired).
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Exchange } from './api-pipeline.js'
import type { Faults } from './faults.js'

const PREFIX = '/_blobs/'

/** The blob store's XML error bodies, by status. */
function errorXml(status: number): string {
  const [code, message] =
    status === 403
      ? ['AuthenticationFailed', 'Signature not valid in the specified time frame']
      : ['ServerBusy', 'Injected fault']
  return `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`
}

export class Blobs {
  private readonly blobs = new Map<string, { content: string; expires: number }>()

  constructor(
    private readonly deps: {
      serverUrl: () => string
      ttlMs: number
      faults: Faults
      exchanges?: Exchange[]
    }
  ) {}

  static handles(pathname: string): boolean {
    return pathname.startsWith(PREFIX)
  }

  /** A URL serving `content` until it expires. */
  url(content: string): string {
    const id = randomBytes(12).toString('hex')
    this.blobs.set(id, { content, expires: Date.now() + this.deps.ttlMs })
    return `${this.deps.serverUrl()}${PREFIX}${id}`
  }

  async serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET'
    const fault = this.deps.faults.forRequest(method, url.pathname, null)
    if (fault.latencyMs) await new Promise(r => setTimeout(r, fault.latencyMs))
    const blob = this.blobs.get(url.pathname.slice(PREFIX.length))
    const status =
      fault.failure && fault.failure.kind !== 'latency'
        ? fault.failure.status
        : !blob || blob.expires < Date.now()
          ? 403
          : 200
    this.deps.exchanges?.push({ method, path: url.pathname + url.search, status, headers: req.headers })
    if (status !== 200) {
      res.writeHead(status, { 'content-type': 'application/xml' }).end(errorXml(status))
      return
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(blob!.content)
  }
}
