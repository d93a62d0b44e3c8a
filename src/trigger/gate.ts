/**
 * The gate: only users with write access trigger work, the trigger label
 * counts only when such a user applied it, and bots never trigger. Each refusal has its own code and
 * a reason naming who and what.
 */
import type { IssueData } from '../task/types.js'
import type { GateApi } from './ports.js'
import { isBot, sameLabel, sameLogin } from './payload.js'
import { canWrite, type Permission } from './permission.js'
import { ignored, type Actor, type Ignored } from './types.js'

export { canWrite } from './permission.js'

/** Refuses bot actors; `what` names the act ("comment", "assignment"). No API call. */
export function refuseBot(actor: Actor, what: string): Ignored | null {
  if (!isBot(actor)) return null
  return ignored(
    'bot-actor',
    `${what} by bot account "${actor.login}" (type ${actor.type}): bots never trigger work, the action's own comments included`
  )
}

/** Refuses an actor without write, maintain or admin permission (one API call, memoised). */
export async function refuseNonWriter(actor: Actor, api: GateApi, what: string): Promise<Ignored | null> {
  const permission = await api.permission(actor.login)
  if (canWrite(permission)) return null
  return ignored(
    'no-permission',
    `${what} by @${actor.login}, whose permission on the repository is "${permission}": only write, maintain or admin may trigger work`
  )
}

/**
 * Checks that the issue carries the trigger label and that a writer applied it (issue events API:
 * the latest `labeled` event for the label). Returns the applier, or the refusal. `knownWriter` is a
 * login already checked, which saves the permission call when that user applied the label.
 */
export async function checkLabel(
  issue: IssueData,
  label: string,
  api: GateApi,
  knownWriter: string | null
): Promise<{ applier: Actor } | Ignored> {
  if (!issue.labels.some(l => sameLabel(l, label))) {
    return ignored('label-missing', `issue #${issue.number} does not carry the "${label}" label`)
  }
  const applier = await api.labelAppliedBy(issue.number, label)
  if (!applier) {
    return ignored(
      'label-not-trusted',
      `no "labeled" event for "${label}" on issue #${issue.number}, so nobody with write access can be shown to have applied it`
    )
  }
  if (isBot(applier)) {
    return ignored(
      'label-not-trusted',
      `the "${label}" label on issue #${issue.number} was applied by bot account "${applier.login}"; a user with write access must apply it`
    )
  }
  if (knownWriter !== null && sameLogin(applier.login, knownWriter)) return { applier }
  const permission = await api.permission(applier.login)
  if (canWrite(permission)) return { applier }
  return ignored(
    'label-not-trusted',
    `the "${label}" label on issue #${issue.number} was applied by @${applier.login}, whose permission is "${permission}"; ` +
      'a user with write access must apply it'
  )
}

/** `checkLabel` for callers that only need the refusal. */
export async function refuseUntrustedLabel(
  issue: IssueData,
  label: string,
  api: GateApi,
  knownWriter: string | null
): Promise<Ignored | null> {
  const result = await checkLabel(issue, label, api, knownWriter)
  return 'kind' in result ? result : null
}

/** The same GateApi with `permission` answered once per login (a queue often has one labeller). */
export function memoisePermissions<T extends GateApi>(api: T): T {
  const cache = new Map<string, Promise<Permission>>()
  const permission = (login: string): Promise<Permission> => {
    const key = login.toLowerCase()
    let hit = cache.get(key)
    if (!hit) {
      hit = api.permission(login)
      cache.set(key, hit)
    }
    return hit
  }
  return new Proxy(api, {
    get: (target, prop, receiver) =>
      prop === 'permission' ? permission : Reflect.get(target, prop, receiver)
  })
}
