/**
 * What GITHUB_TOKEN may do in the jobs a dispatch reaches: the dispatched run executes the agent's
 * code, which can use the token of its job. Read from `permissions:` at the job and workflow level,
 * through reusable workflows in the same repository, with the repository's default for workflows that
 * say nothing. Rules: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions
 * (a job's block replaces the workflow's; scopes not named are `none`; a called workflow can only
 * lower what its caller grants) and the default table at
 * https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication
 */
import { parse } from 'yaml'
import { excludesDispatch } from './workflow-yaml.js'

export type Access = 'none' | 'read' | 'write'

/** Write on these lets code in CI push, publish, change workflows or mint cloud credentials (OIDC). */
export const DANGEROUS = ['contents', 'packages', 'actions', 'id-token'] as const
export type DangerousScope = (typeof DANGEROUS)[number]

/** The repository's default token (`GET /repos/{o}/{r}/actions/permissions/workflow`); null: unknown. */
export type DefaultPermissions = 'read' | 'write' | null

/** A token's access per scope; `rest` covers scopes not listed. */
interface Grant {
  scopes: Partial<Record<string, Access>>
  rest: Access
}

const ORDER: Record<Access, number> = { none: 0, read: 1, write: 2 }
const access = (g: Grant, scope: string): Access => g.scopes[scope] ?? g.rest

/** The default grant: "permissive" writes everything but id-token; "restricted" reads contents and packages. */
function defaultGrant(d: 'read' | 'write'): Grant {
  return d === 'write'
    ? { scopes: { 'id-token': 'none' }, rest: 'write' }
    : { scopes: { contents: 'read', packages: 'read', metadata: 'read' }, rest: 'none' }
}

/** `permissions:` as written, or undefined when absent. */
function readGrant(node: unknown): Grant | undefined {
  if (node === undefined || node === null) return undefined
  if (node === 'read-all') return { scopes: {}, rest: 'read' }
  if (node === 'write-all') return { scopes: {}, rest: 'write' }
  if (typeof node !== 'object' || Array.isArray(node)) return { scopes: {}, rest: 'none' }
  const scopes: Record<string, Access> = {}
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    scopes[k] = v === 'write' ? 'write' : v === 'read' ? 'read' : 'none'
  }
  return { scopes, rest: 'none' }
}

/** The lower of two grants, scope by scope (a called workflow under its caller). */
function lower(a: Grant, b: Grant): Grant {
  const scopes: Record<string, Access> = {}
  for (const s of new Set([...Object.keys(a.scopes), ...Object.keys(b.scopes), ...DANGEROUS])) {
    const x = access(a, s)
    const y = access(b, s)
    scopes[s] = ORDER[x] <= ORDER[y] ? x : y
  }
  return { scopes, rest: ORDER[a.rest] <= ORDER[b.rest] ? a.rest : b.rest }
}

/** Where a job's token came from, for the fix. */
export type GrantSource = 'job' | 'workflow' | 'default' | 'caller'

export interface PermissionFinding {
  /** The workflow file holding the job. */
  path: string
  /** `build`, or `test → build` through a reusable workflow. */
  job: string
  /** The job key in `path` whose block (or whose workflow's block) to change. */
  jobKey: string
  scope: DangerousScope
  source: GrantSource
  /** The `permissions:` block the fix changes, as written (null when there is none). */
  written: unknown
}

export interface PermissionReport {
  findings: PermissionFinding[]
  /** Workflow files whose jobs use the repository default while the default is unknown. */
  unknownDefault: string[]
}

/** Reads a workflow file by path at the default branch; null when it is not there. */
export type WorkflowReader = (path: string) => Promise<string | null>

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** The local workflow a job calls (`./.github/workflows/x.yml` or `owner/repo/.github/…@ref` of this repo). */
function calledPath(uses: unknown, repository: string): string | null {
  if (typeof uses !== 'string') return null
  const local = /^\.\/(\.github\/workflows\/[^@\s]+\.ya?ml)$/.exec(uses.trim())
  if (local) return local[1] ?? null
  const remote = /^([^/\s]+\/[^/\s]+)\/(\.github\/workflows\/[^@\s]+\.ya?ml)@\S+$/.exec(uses.trim())
  return remote && remote[1]?.toLowerCase() === repository.toLowerCase() ? (remote[2] ?? null) : null
}

/**
 * Every dangerous write a job on the dispatch path gets. `repository` is `owner/name` (to recognise
 * its own reusable workflows called by full name).
 */
export async function inspectPermissions(
  path: string,
  text: string,
  o: { repository: string; defaultPermissions: DefaultPermissions; read: WorkflowReader }
): Promise<PermissionReport> {
  const report: PermissionReport = { findings: [], unknownDefault: [] }
  const visit = async (file: string, yaml: string, caller: Grant | null, chain: string, depth: number) => {
    const doc: unknown = parse(yaml)
    if (!isRecord(doc) || !isRecord(doc.jobs)) return
    const workflowGrant = readGrant(doc.permissions)
    for (const [key, job] of Object.entries(doc.jobs)) {
      // In a called workflow `github.event_name` is still the caller's event, so the same test applies.
      if (!isRecord(job) || excludesDispatch(job.if)) continue
      const jobGrant = readGrant(job.permissions)
      const own = jobGrant ?? workflowGrant
      let grant: Grant
      let source: GrantSource
      if (caller) {
        grant = own ? lower(own, caller) : caller
        source = jobGrant ? 'job' : workflowGrant ? 'workflow' : 'caller'
      } else if (own) {
        grant = own
        source = jobGrant ? 'job' : 'workflow'
      } else if (o.defaultPermissions === null) {
        if (!report.unknownDefault.includes(file)) report.unknownDefault.push(file)
        grant = defaultGrant('read')
        source = 'default'
      } else {
        grant = defaultGrant(o.defaultPermissions)
        source = 'default'
      }
      const name = chain ? `${chain} → ${key}` : key
      const called = calledPath(job.uses, o.repository)
      if (called && depth < 4) {
        const calledText = await o.read(called)
        if (calledText !== null) {
          await visit(called, calledText, grant, name, depth + 1)
          continue
        }
      }
      const written = source === 'job' ? job.permissions : source === 'workflow' ? doc.permissions : null
      // A job that only calls another repository's workflow still hands it this grant.
      for (const scope of DANGEROUS) {
        if (access(grant, scope) === 'write')
          report.findings.push({ path: file, job: name, jobKey: key, scope, source, written })
      }
    }
  }
  await visit(path, text, null, '', 0)
  return report
}
