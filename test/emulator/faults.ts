/**
 * Faults on demand: errors, rate limits and latency on matching routes, and run-level faults
 * (a dispatch whose run never appears, a run cancelled mid-way, a job that times out).
 *
 * A route is matched by GitHub's operationId (`actions/get-workflow-run`) or by `METHOD /path` with `*`
 * for one segment and `**` for the rest (`GET /repos/*\/*\/actions/runs/*`).
 */

export type RouteFault =
  | { kind: 'status'; route: string; status: number; times?: number; message?: string }
  | { kind: 'rate-limit'; route: string; status: 403 | 429; retryAfter: number; times?: number }
  | { kind: 'latency'; route: string; ms: number; times?: number }

export type RunFault =
  | { kind: 'lose-dispatch'; times?: number }
  | { kind: 'cancel-run'; afterSteps?: number; times?: number }
  /** The next job runs out of time while its step after the first `afterSteps` ones runs (default 0). */
  | { kind: 'timeout-job'; afterSteps?: number; times?: number }

export type Fault = RouteFault | RunFault

interface Armed<T> {
  fault: T
  left: number
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
    const left = fault.times ?? (fault.kind === 'latency' ? Infinity : 1)
    if (fault.kind === 'status' || fault.kind === 'rate-limit' || fault.kind === 'latency')
      this.route.push({ fault, left })
    else this.run.push({ fault, left })
  }

  clear(): void {
    this.route = []
    this.run = []
  }

  /** Latency to add, and the failure to answer with (if any), for this request; consumes one use. */
  forRequest(
    method: string,
    path: string,
    operationId: string | null
  ): { latencyMs: number; failure: RouteFault | null } {
    let latencyMs = 0
    let failure: RouteFault | null = null
    for (const armed of this.route) {
      if (armed.left <= 0 || !routeMatches(armed.fault.route, method, path, operationId)) continue
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
