/**
 * Faults on demand: errors, rate limits and latency on matching routes, and run-level faults
 * (a dispatch whose run never appears, a run cancelled mid-way, a job that times out, a run that follows
 * a script instead of running its workflow: scripted-run.ts). A route fault
 * with `forMs` lasts that long instead of `times` requests: `{kind: 'status', route: '* /**',
 * status: 503, forMs: 30000}` is GitHub's API down for 30 seconds.
 *
 * A route is matched by GitHub's operationId (`actions/get-workflow-run`) or by `METHOD /path` with `*`
 * for one segment and `**` for the rest (`GET /repos/*\/*\/actions/runs/*`). Job-log downloads
 * (`GET /_blobs/*`) take route faults too: a 403 there is a log URL that has expired.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RunScript } from './scripted-run.js'

export type RouteFault = (
  | { kind: 'status'; route: string; status: number; times?: number; message?: string }
  | { kind: 'rate-limit'; route: string; status: 403 | 429; retryAfter: number; times?: number }
  | { kind: 'latency'; route: string; ms: number; times?: number }
) & {
  /** Lasts this long (ms) from being armed, instead of a number of requests. */
  forMs?: number
  /** Lets this many matching requests through before it starts failing them. */
  after?: number
  /** Matches only requests whose raw body contains this text (e.g. `"conclusion":"failure"`). */
  bodyIncludes?: string
}

export type RunFault =
  | { kind: 'lose-dispatch'; times?: number }
  | { kind: 'cancel-run'; afterSteps?: number; times?: number }
  /** The next job runs out of time while its step after the first `afterSteps` ones runs (default 0). */
  | { kind: 'timeout-job'; afterSteps?: number; times?: number }
  /** The next dispatched run follows this script instead of running its workflow. */
  | ({ kind: 'script-run'; times?: number } & RunScript)

export type Fault = RouteFault | RunFault

interface Armed<T> {
  fault: T
  left: number
  /** Matching requests still let through (`after`). */
  skip?: number
  /** Epoch ms after which the fault is gone (for `forMs`). */
  until?: number
}

export function routeMatches(
  pattern: string,
  method: string,
  path: string,
  operationId: string | null
): boolean {
  const space = pattern.indexOf(' ')
  if (space < 0) return pattern === operationId
  const m = pattern.slice(0, space).toUpperCase()
  if (m !== '*' && m !== method) return false
  const re = pattern
    .slice(space + 1)
    .split('/')
    .map(seg => (seg === '**' ? '.*' : seg === '*' ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
  return new RegExp(`^${re}$`).test(path)
}

export class Faults {
  private route: Armed<RouteFault>[] = []
  private run: Armed<RunFault>[] = []

  /** Arms a fault. `times` defaults to 1 (Infinity for latency: it stays until cleared). */
  add(fault: Fault): void {
    if (fault.kind === 'status' || fault.kind === 'rate-limit' || fault.kind === 'latency') {
      const timed = fault.forMs !== undefined
      const left = fault.times ?? (fault.kind === 'latency' || timed ? Infinity : 1)
      this.route.push({
        fault,
        left,
        skip: fault.after ?? 0,
        ...(timed ? { until: Date.now() + fault.forMs! } : {})
      })
    } else this.run.push({ fault, left: fault.times ?? 1 })
  }

  clear(): void {
    this.route = []
    this.run = []
  }

  /** The `/_emulator/faults` route: POST a fault or a list of them, DELETE clears them all. */
  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    if (req.method === 'DELETE') this.clear()
    else if (req.method === 'POST') {
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Fault | Fault[]
      for (const fault of Array.isArray(body) ? body : [body]) this.add(fault)
    } else {
      res.writeHead(405).end()
      return
    }
    res.writeHead(204).end()
  }

  /** Latency to add, and the failure to answer with (if any), for this request; consumes one use. */
  forRequest(
    method: string,
    path: string,
    operationId: string | null,
    body = ''
  ): { latencyMs: number; failure: RouteFault | null } {
    let latencyMs = 0
    let failure: RouteFault | null = null
    const now = Date.now()
    this.route = this.route.filter(a => a.until === undefined || a.until > now)
    for (const armed of this.route) {
      if (armed.left <= 0 || !routeMatches(armed.fault.route, method, path, operationId)) continue
      if (armed.fault.bodyIncludes !== undefined && !body.includes(armed.fault.bodyIncludes)) continue
      if (armed.skip) {
        armed.skip--
        continue
      }
      if (armed.fault.kind === 'latency') {
        latencyMs += armed.fault.ms
        armed.left--
      } else if (!failure) {
        failure = armed.fault
        armed.left--
      }
    }
    this.route = this.route.filter(a => a.left > 0)
    return { latencyMs, failure }
  }

  /** Takes one armed run fault of that kind, if any. */
  takeRunFault<K extends RunFault['kind']>(kind: K): Extract<RunFault, { kind: K }> | null {
    const armed = this.run.find(a => a.fault.kind === kind && a.left > 0)
    if (!armed) return null
    armed.left--
    this.run = this.run.filter(a => a.left > 0)
    return armed.fault as Extract<RunFault, { kind: K }>
  }
}
