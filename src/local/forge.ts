/**
 * The Forge port without GitHub: check runs, comments, labels and pull requests are kept in memory
 * (readable by the CLI and by tests), each call prints one progress line, and when a check run
 * completes its report is written as markdown to `reportFile`.
 */
import { existsSync, statSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { pathToFileURL } from 'node:url'
import { NightshiftError } from '../errors.js'
import type { IssueData } from '../task/types.js'
import {
  systemClock,
  type Annotation,
  type CheckConclusion,
  type CheckRunOutput,
  type Clock,
  type Forge,
  type PullRequestRef
} from '../loop/ports.js'

export interface LocalForgeOptions {
  /** Where the final report (the completed check run) is written as markdown; none when omitted. */
  reportFile?: string
  /** A file whose creation (after the loop started) asks the loop to stop, like `/nightshift stop`. */
  stopFile?: string
  log?: (line: string) => void
  clock?: Clock
  /** Where the task branch points now (default: unknown, null). */
  branchHead?: (branch: string) => Promise<string | null>
}

export interface LocalCheckRun {
  id: number
  headSha: string
  output: CheckRunOutput
  annotations: Annotation[]
  conclusion: CheckConclusion | null
}

export interface LocalComment {
  id: number
  issue: number
  body: string
  url: string
}

export interface LocalPullRequest extends PullRequestRef {
  base: string
  title: string
  body: string
}

export class LocalForge implements Forge {
  readonly checkRuns: LocalCheckRun[] = []
  readonly comments: LocalComment[] = []
  readonly labels = new Map<number, Set<string>>()
  readonly pullRequests: LocalPullRequest[] = []
  readonly issues: IssueData[] = []
  private readonly stops: { issue: number; at: number }[] = []
  private readonly log: (line: string) => void
  private readonly clock: Clock

  constructor(private readonly options: LocalForgeOptions = {}) {
    this.log = options.log ?? (() => undefined)
    this.clock = options.clock ?? systemClock
  }

  async createCheckRun(headSha: string, output: CheckRunOutput): Promise<{ id: number; url: string }> {
    const run: LocalCheckRun = {
      id: this.checkRuns.length + 1,
      headSha,
      output,
      annotations: [],
      conclusion: null
    }
    this.checkRuns.push(run)
    this.log(`[check ${run.id}] ${headSha.slice(0, 12)}: ${output.title}`)
    return { id: run.id, url: this.reportUrl(run.id) }
  }

  async updateCheckRun(
    id: number,
    update: { output?: CheckRunOutput; annotations?: Annotation[]; conclusion?: CheckConclusion }
  ): Promise<void> {
    const run = this.checkRuns.find(r => r.id === id)
    if (!run) throw new NightshiftError(`Unknown check run ${id}; expected one made by createCheckRun().`)
    if (update.output) run.output = update.output
    if (update.annotations) run.annotations.push(...update.annotations)
    if (update.output) this.log(`[check ${id}] ${update.output.title}`)
    if (update.annotations?.length) this.log(`[check ${id}] ${update.annotations.length} annotation(s)`)
    if (update.conclusion) {
      run.conclusion = update.conclusion
      this.log(`[check ${id}] completed: ${update.conclusion}`)
      if (this.options.reportFile) {
        await mkdir(dirname(this.options.reportFile), { recursive: true })
        await writeFile(this.options.reportFile, renderReport(run))
        this.log(`Report written to ${this.options.reportFile}`)
      }
    }
  }

  async createIssue(issue: { title: string; body: string; labels: string[] }): Promise<IssueData> {
    const number = this.issues.length + 1
    const created: IssueData = {
      number,
      title: issue.title,
      body: issue.body,
      labels: [...new Set(issue.labels)],
      assignees: [],
      state: 'open',
      isPullRequest: false,
      url: `local:issue/${number}`
    }
    this.issues.push(created)
    this.log(`[issue ${number}] opened: ${firstLine(issue.title)}`)
    return created
  }

  async comment(issue: number, body: string): Promise<{ id: number; url: string }> {
    const id = this.comments.length + 1
    const url = `local:issue/${issue}#comment-${id}`
    this.comments.push({ id, issue, body, url })
    this.log(`[issue ${issue}] comment: ${firstLine(body)}`)
    return { id, url }
  }

  async addLabels(issue: number, labels: string[]): Promise<void> {
    const set = this.labels.get(issue) ?? new Set<string>()
    for (const l of labels) set.add(l)
    this.labels.set(issue, set)
    this.log(`[issue ${issue}] labels: +${labels.join(', +')}`)
  }

  async removeLabel(issue: number, label: string): Promise<void> {
    this.labels.get(issue)?.delete(label)
    this.log(`[issue ${issue}] labels: -${label}`)
  }

  async findPullRequest(branch: string): Promise<PullRequestRef | null> {
    const pr = this.pullRequests.find(p => p.branch === branch)
    return pr ? { number: pr.number, url: pr.url, branch: pr.branch, draft: pr.draft } : null
  }

  async createPullRequest(pr: {
    branch: string
    base: string
    title: string
    body: string
    draft: boolean
  }): Promise<PullRequestRef> {
    // GitHub answers 422 "A pull request already exists" for a second one on the same head.
    if (this.pullRequests.some(p => p.branch === pr.branch)) {
      throw new NightshiftError(
        `A pull request for "${pr.branch}" already exists; update it instead of opening another.`
      )
    }
    const number = this.pullRequests.length + 1
    const created: LocalPullRequest = { ...pr, number, url: `local:pull/${number}` }
    this.pullRequests.push(created)
    this.log(`[pull ${number}] ${pr.branch} → ${pr.base}${pr.draft ? ' (draft)' : ''}: ${pr.title}`)
    return { number, url: created.url, branch: pr.branch, draft: pr.draft }
  }

  async updatePullRequest(number: number, pr: { title?: string; body?: string }): Promise<void> {
    const found = this.pullRequests.find(p => p.number === number)
    if (!found)
      throw new NightshiftError(`Unknown pull request ${number}; expected one made by createPullRequest().`)
    Object.assign(found, Object.fromEntries(Object.entries(pr).filter(([, v]) => v !== undefined)))
    this.log(`[pull ${number}] updated`)
  }

  async branchHead(branch: string): Promise<string | null> {
    return (await this.options.branchHead?.(branch)) ?? null
  }

  async stopRequested(issue: number, since: number): Promise<boolean> {
    if (this.stops.some(s => s.issue === issue && s.at >= since)) return true
    const file = this.options.stopFile
    return !!file && existsSync(file) && statSync(file).mtimeMs >= since
  }

  /** Records a stop request, as a `/nightshift stop` comment would. */
  requestStop(issue: number, at = this.clock.now()): void {
    this.stops.push({ issue, at })
  }

  private reportUrl(id: number): string {
    return this.options.reportFile ? pathToFileURL(this.options.reportFile).href : `local:check-run/${id}`
  }
}

/** The completed check run as a markdown document. */
export function renderReport(run: LocalCheckRun): string {
  const lines = [
    `# ${run.output.title}`,
    '',
    `Conclusion: **${run.conclusion ?? 'in progress'}** on \`${run.headSha}\``
  ]
  lines.push('', run.output.summary.trim())
  if (run.output.text?.trim()) lines.push('', run.output.text.trim())
  if (run.annotations.length) {
    lines.push('', '## Annotations', '')
    for (const a of run.annotations) {
      const where = a.start_line === a.end_line ? `${a.start_line}` : `${a.start_line}-${a.end_line}`
      lines.push(
        `- ${a.annotation_level} \`${a.path}:${where}\`${a.title ? ` ${a.title}:` : ''} ${firstLine(a.message)}`
      )
    }
  }
  return `${lines.join('\n')}\n`
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? ''
  return line.length > 120 ? `${line.slice(0, 117)}...` : line
}
