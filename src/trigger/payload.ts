/**
 * Typed reads from an untyped event payload. A missing or mistyped field throws PayloadError naming
 * the event, the field path, what it held and what was expected.
 */
import { PayloadError } from '../errors.js'
import type { IssueData } from '../task/types.js'
import type { Actor, Requester } from './types.js'

type Obj = Record<string, unknown>

/** Reads fields of one event's payload, so every error names the event. */
export class PayloadReader {
  constructor(readonly event: string) {}

  fail(path: string, value: unknown, expected: string): never {
    const got = value === undefined ? 'is missing' : `is ${describe(value)}`
    throw new PayloadError(
      `Malformed ${this.event} event: "${path}" ${got}; expected ${expected}. ` +
        'The action reads the payload GitHub delivers for this event; check the workflow trigger or the sender.'
    )
  }

  obj(v: unknown, path: string): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, v, 'an object')
    return v as Obj
  }

  str(v: unknown, path: string): string {
    if (typeof v !== 'string') this.fail(path, v, 'a string')
    return v
  }

  optStr(v: unknown, path: string): string | null {
    return v === undefined || v === null ? null : this.str(v, path)
  }

  posInt(v: unknown, path: string): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0)
      this.fail(path, v, 'a positive whole number')
    return v
  }

  arr(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, v, 'an array')
    return v
  }

  actor(v: unknown, path: string): Actor {
    const o = this.obj(v, path)
    const login = this.str(o.login, `${path}.login`)
    const type = this.optStr(o.type, `${path}.type`) ?? 'User'
    const id = typeof o.id === 'number' ? o.id : null
    return { login, type, id }
  }

  /** The `issue` object of an `issues` or `issue_comment` payload as IssueData. */
  issue(v: unknown, path = 'issue'): IssueData {
    const o = this.obj(v, path)
    const number = this.posInt(o.number, `${path}.number`)
    const title = this.str(o.title, `${path}.title`)
    const body = this.optStr(o.body, `${path}.body`)
    const state = this.str(o.state, `${path}.state`)
    if (state !== 'open' && state !== 'closed') this.fail(`${path}.state`, state, '"open" or "closed"')
    const labels = this.arr(o.labels, `${path}.labels`).map((l, i) =>
      typeof l === 'string'
        ? l
        : this.str(this.obj(l, `${path}.labels[${i}]`).name, `${path}.labels[${i}].name`)
    )
    const assignees =
      o.assignees === undefined || o.assignees === null ? [] : this.arr(o.assignees, `${path}.assignees`)
    const logins = assignees.map((a, i) => this.actor(a, `${path}.assignees[${i}]`).login)
    // A lone `assignee` (older payloads) counts when `assignees` is empty.
    if (logins.length === 0 && o.assignee) logins.push(this.actor(o.assignee, `${path}.assignee`).login)
    const url = this.optStr(o.html_url, `${path}.html_url`) ?? ''
    const createdAt = this.optStr(o.created_at, `${path}.created_at`) ?? undefined
    const isPullRequest = o.pull_request !== undefined && o.pull_request !== null
    return { number, title, body, labels, assignees: logins, state, isPullRequest, url, createdAt }
  }
}

/** Bots never trigger: account type `Bot`, or a `[bot]` login (app accounts, the action's own comments). */
export function isBot(actor: Actor): boolean {
  return actor.type === 'Bot' || actor.login.toLowerCase().endsWith('[bot]')
}

export function requesterOf(actor: Actor): Requester {
  return { login: actor.login, id: actor.id ?? null }
}

/** Label names compare case-insensitively, as GitHub does. */
export function sameLabel(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

/** Logins compare case-insensitively, as GitHub does. */
export function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  const text = JSON.stringify(value) ?? String(value)
  return `${text.length > 60 ? `${text.slice(0, 57)}...` : text} (${typeof value})`
}
