/**
 * A recording fake of the Forge port: check runs, comments, labels, pull requests and stop requests
 * kept in memory, every call appended to `calls`. Shared by the report and loop tests.
 */
import type {
  Annotation,
  CheckConclusion,
  CheckRunOutput,
  Forge,
  PullRequestRef
} from '../../src/loop/ports.js'
import type { IssueData } from '../../src/task/types.js'

export type ForgeCall = { [K in keyof Forge]: { method: K; args: Parameters<Forge[K]> } }[keyof Forge]

export interface FakeCheckRun {
  id: number
  headSha: string
  url: string
  output: CheckRunOutput
  annotations: Annotation[]
  conclusion: CheckConclusion | null
}

export interface FakeForgeOptions {
  /** Base of the fake's URLs. */
  baseUrl?: string
  /** Makes the named method reject with this error (once per entry), to test error paths. */
  failures?: Partial<Record<keyof Forge, Error[]>>
}

export class FakeForge implements Forge {
  readonly calls: ForgeCall[] = []
  readonly checkRuns: FakeCheckRun[] = []
  readonly comments: { id: number; issue: number; body: string; url: string }[] = []
  readonly labels = new Map<number, Set<string>>()
  readonly issues: IssueData[] = []
  readonly pullRequests: (PullRequestRef & { base: string; title: string; body: string })[] = []
  /** Issue → epoch ms of each `/nightshift stop` recorded. */
  readonly stops = new Map<number, number[]>()
  /** Where each branch points on the fake remote (the loop tests wire it to the fake workspace). */
  headOf: (branch: string) => string | null = () => null
  /** The commit a created pull request reports as its head (default: the branch's head). */
  prHeadOf: ((branch: string) => string | null) | null = null
  private nextId = 1
  private readonly base: string
  /** Makes the named method reject with these errors (one per call), to test error paths. */
  failures: Partial<Record<keyof Forge, Error[]>>

  constructor(options: FakeForgeOptions = {}) {
    this.base = options.baseUrl ?? 'https://github.example/o/r'
    this.failures = options.failures ?? {}
  }

  private record(call: ForgeCall): void {
    this.calls.push(call)
    const error = this.failures[call.method]?.shift()
    if (error) throw error
  }

  /** The calls to one method, in order. */
  callsTo<K extends keyof Forge>(method: K): Parameters<Forge[K]>[] {
    return this.calls.filter(c => c.method === method).map(c => c.args as Parameters<Forge[K]>)
  }

  /** Records a `/nightshift stop` for `issue` at `at`. */
  requestStop(issue: number, at: number): void {
    this.stops.set(issue, [...(this.stops.get(issue) ?? []), at])
  }

  async createCheckRun(headSha: string, output: CheckRunOutput): Promise<{ id: number; url: string }> {
    this.record({ method: 'createCheckRun', args: [headSha, output] })
    const id = this.nextId++
    const url = `${this.base}/runs/${id}`
    this.checkRuns.push({ id, headSha, url, output, annotations: [], conclusion: null })
    return { id, url }
  }

  async updateCheckRun(
    id: number,
    update: { output?: CheckRunOutput; annotations?: Annotation[]; conclusion?: CheckConclusion }
  ): Promise<void> {
    this.record({ method: 'updateCheckRun', args: [id, update] })
    const run = this.checkRuns.find(r => r.id === id)
    if (!run) throw new Error(`No check run ${id}`)
    if (update.annotations && update.annotations.length > 50)
      throw new Error(`${update.annotations.length} annotations in one request: GitHub takes 50`)
    if (update.annotations && !update.output)
      throw new Error('GitHub requires output.title and output.summary with annotations')
    if (update.output) run.output = update.output
    if (update.annotations) run.annotations.push(...update.annotations)
    if (update.conclusion) run.conclusion = update.conclusion
  }

  async createIssue(issue: { title: string; body: string; labels: string[] }): Promise<IssueData> {
    this.record({ method: 'createIssue', args: [issue] })
    const number = this.nextId++
    const created: IssueData = {
      ...issue,
      number,
      labels: [...new Set(issue.labels)],
      assignees: [],
      state: 'open',
      isPullRequest: false,
      url: `${this.base}/issues/${number}`
    }
    this.issues.push(created)
    return created
  }

  async comment(issue: number, body: string): Promise<{ id: number; url: string }> {
    this.record({ method: 'comment', args: [issue, body] })
    if (body.length > 65_536) throw new Error('Body is too long (maximum is 65536 characters)')
    const id = this.nextId++
    const url = `${this.base}/issues/${issue}#issuecomment-${id}`
    this.comments.push({ id, issue, body, url })
    return { id, url }
  }

  async addLabels(issue: number, labels: string[]): Promise<void> {
    this.record({ method: 'addLabels', args: [issue, labels] })
    const set = this.labels.get(issue) ?? new Set<string>()
    for (const l of labels) set.add(l)
    this.labels.set(issue, set)
  }

  async removeLabel(issue: number, label: string): Promise<void> {
    this.record({ method: 'removeLabel', args: [issue, label] })
    this.labels.get(issue)?.delete(label)
  }

  async findPullRequest(branch: string): Promise<PullRequestRef | null> {
    this.record({ method: 'findPullRequest', args: [branch] })
    const pr = this.pullRequests.find(p => p.branch === branch)
    return pr ? { number: pr.number, url: pr.url, branch: pr.branch, draft: pr.draft } : null
  }

  async createPullRequest(pr: {
    branch: string
    base: string
    title: string
    body: string
    draft: boolean
  }): Promise<PullRequestRef & { headSha?: string }> {
    this.record({ method: 'createPullRequest', args: [pr] })
    if (this.pullRequests.some(p => p.branch === pr.branch))
      throw new Error(`A pull request already exists for ${pr.branch}`)
    if (pr.body.length > 65_536) throw new Error('Body is too long (maximum is 65536 characters)')
    const number = this.nextId++
    const created = { ...pr, number, url: `${this.base}/pull/${number}` }
    this.pullRequests.push(created)
    const headSha = (this.prHeadOf ?? this.headOf)(pr.branch)
    return { number, url: created.url, branch: pr.branch, draft: pr.draft, ...(headSha ? { headSha } : {}) }
  }

  async branchHead(branch: string): Promise<string | null> {
    this.record({ method: 'branchHead', args: [branch] })
    return this.headOf(branch)
  }

  async updatePullRequest(number: number, pr: { title?: string; body?: string }): Promise<void> {
    this.record({ method: 'updatePullRequest', args: [number, pr] })
    const found = this.pullRequests.find(p => p.number === number)
    if (!found) throw new Error(`No pull request ${number}`)
    Object.assign(found, pr)
  }

  async stopRequested(issue: number, since: number): Promise<boolean> {
    this.record({ method: 'stopRequested', args: [issue, since] })
    return (this.stops.get(issue) ?? []).some(at => at > since)
  }
}
