/**
 * Real webhook payloads from @octokit/webhooks-examples, patched per case, and a recording fake of the
 * trigger's ports.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { IssueData } from '../../src/task/types.js'
import type { PullRequestFacts, RawReviewComment, TriggerApi } from '../../src/trigger/ports.js'
import type { Actor, Permission, TriggerOptions } from '../../src/trigger/types.js'

interface ExampleGroup {
  name: string
  examples: Record<string, unknown>[]
}

const require = createRequire(import.meta.url)
const examples = JSON.parse(
  readFileSync(require.resolve('@octokit/webhooks-examples/api.github.com/index.json'), 'utf8')
) as ExampleGroup[]

/** A deep copy of the first real example of `event` (with `action`, when given). */
export function example(event: string, action?: string): Record<string, unknown> {
  const group = examples.find(g => g.name === event)
  const found = group?.examples.find(e => action === undefined || e.action === action)
  if (!found) throw new Error(`no webhook example for ${event}${action ? `.${action}` : ''}`)
  return structuredClone(found)
}

/**
 * The example with dotted-path patches applied: `{'issue.state': 'closed', 'sender.type': 'Bot'}`.
 * A value of `undefined` deletes the field.
 */
export function payload(
  event: string,
  action: string | undefined,
  patches: Record<string, unknown> = {}
): Record<string, unknown> {
  const p = example(event, action)
  for (const [path, value] of Object.entries(patches)) {
    const keys = path.split('.')
    let target = p
    for (const key of keys.slice(0, -1)) {
      if (typeof target[key] !== 'object' || target[key] === null) target[key] = {}
      target = target[key] as Record<string, unknown>
    }
    const last = keys[keys.length - 1]
    if (value === undefined) delete target[last]
    else target[last] = value
  }
  return p
}

export const label = (name: string) => ({
  id: 1,
  node_id: 'x',
  url: '',
  name,
  color: 'ededed',
  default: false
})
export const user = (login: string, type = 'User') => ({
  ...(example('issues', 'assigned').sender as object),
  login,
  type
})

export const options: TriggerOptions = {
  triggerLabel: 'agent-ok',
  assignee: null,
  command: '/nightshift',
  branchPrefix: 'agent/',
  queueLimit: 3
}

/** Fake GitHub for the trigger: state set by the test, every call recorded as `method(args)`. */
export class FakeTriggerApi implements TriggerApi {
  readonly calls: string[] = []
  permissions: Record<string, Permission> = {}
  /** Latest labeled-event actor per issue number (for the trigger label). */
  labelledBy: Record<number, Actor> = {}
  issues: Record<number, IssueData> = {}
  pulls: Record<number, PullRequestFacts> = {}
  /** Inline comments per review id. */
  reviews: Record<number, RawReviewComment[]> = {}
  branches: string[] = []
  prBranches: string[] = []

  async permission(login: string): Promise<Permission> {
    this.calls.push(`permission(${login})`)
    return this.permissions[login] ?? 'none'
  }
  async labelAppliedBy(issue: number, labelName: string): Promise<Actor | null> {
    this.calls.push(`labelAppliedBy(${issue},${labelName})`)
    return this.labelledBy[issue] ?? null
  }
  async issue(number: number): Promise<IssueData | null> {
    this.calls.push(`issue(${number})`)
    return this.issues[number] ?? null
  }
  async pullRequest(number: number) {
    this.calls.push(`pullRequest(${number})`)
    return this.pulls[number] ?? null
  }
  async reviewComments(pullRequest: number, reviewId: number): Promise<RawReviewComment[]> {
    this.calls.push(`reviewComments(${pullRequest},${reviewId})`)
    return this.reviews[reviewId] ?? []
  }
  async openIssuesWithLabel(labelName: string): Promise<IssueData[]> {
    this.calls.push(`openIssuesWithLabel(${labelName})`)
    return Object.values(this.issues).filter(i => i.state === 'open' && i.labels.includes(labelName))
  }
  async branchesWithPrefix(prefix: string): Promise<string[]> {
    this.calls.push(`branchesWithPrefix(${prefix})`)
    return this.branches.filter(b => b.startsWith(prefix))
  }
  async openPullRequestBranches(prefix: string): Promise<string[]> {
    this.calls.push(`openPullRequestBranches(${prefix})`)
    return this.prBranches.filter(b => b.startsWith(prefix))
  }
}

export function issueData(number: number, patch: Partial<IssueData> = {}): IssueData {
  return {
    number,
    title: `Issue ${number}`,
    body: 'Something is broken in `src/app.ts`.',
    labels: ['agent-ok'],
    assignees: [],
    state: 'open',
    isPullRequest: false,
    url: `https://github.com/Codertocat/Hello-World/issues/${number}`,
    createdAt: `2026-01-${String(number % 28 || 1).padStart(2, '0')}T00:00:00Z`,
    ...patch
  }
}
