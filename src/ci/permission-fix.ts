/**
 * The refusal for a dispatched workflow whose token can write, with the exact YAML that fixes it:
 * the `permissions:` block rewritten with the dangerous writes lowered (contents, packages and actions
 * to read; id-token to none) and every other scope as it was.
 */
import { stringify } from 'yaml'
import type { DangerousScope, PermissionFinding, PermissionReport } from './workflow-permissions.js'

const WHAT: Record<DangerousScope, string> = {
  contents: 'push commits and tags, and publish releases',
  packages: 'publish packages',
  actions: 'dispatch, re-run and cancel workflows and write caches',
  'id-token': 'mint OIDC tokens that cloud providers exchange for credentials'
}

const LOWERED: Record<DangerousScope, string> = {
  contents: 'read',
  packages: 'read',
  actions: 'read',
  'id-token': 'none'
}

/** The block as written with `scopes` lowered; a missing or `*-all` block becomes `contents: read`. */
export function loweredBlock(written: unknown, scopes: DangerousScope[]): Record<string, string> {
  if (typeof written !== 'object' || written === null || Array.isArray(written)) {
    const block: Record<string, string> = { contents: 'read' }
    if (written === 'read-all') return { ...block, packages: 'read', actions: 'read', metadata: 'read' }
    return block
  }
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(written as Record<string, unknown>)) out[k] = String(v)
  for (const s of scopes) out[s] = LOWERED[s]
  return out
}

function indent(text: string, by: number): string {
  const pad = ' '.repeat(by)
  return text
    .trimEnd()
    .split('\n')
    .map(l => pad + l)
    .join('\n')
}

function fixFor(group: PermissionFinding[]): string {
  const f = group[0]!
  const block = stringify({
    permissions: loweredBlock(
      f.written,
      group.map(g => g.scope)
    )
  })
  if (f.source === 'job' || f.source === 'caller') {
    return `# ${f.path}\njobs:\n  ${f.jobKey}:\n${indent(block, 4)}`
  }
  const where =
    f.source === 'default'
      ? "at the top level (the repository's default token can write)"
      : 'at the top level'
  return `# ${f.path}, ${where}\n${block.trimEnd()}`
}

/** The refusal naming each job and scope, with the YAML to change; null when nothing is dangerous. */
export function permissionsProblem(path: string, report: PermissionReport): string | null {
  if (report.findings.length === 0) return null
  const groups = new Map<string, PermissionFinding[]>()
  for (const f of report.findings) {
    const key =
      f.source === 'job' || f.source === 'caller' ? `${f.path}|job|${f.jobKey}` : `${f.path}|${f.source}`
    groups.set(key, [...(groups.get(key) ?? []), f])
  }
  const grants = report.findings.map(f => `\`${f.scope}: write\` in job \`${f.job}\``)
  const scopes = [...new Set(report.findings.map(f => f.scope))]
  const fixes = [...groups.values()].map(fixFor).join('\n\n')
  return (
    `The CI workflow "${path}" gives GITHUB_TOKEN ${[...new Set(grants)].join(', ')} on the workflow_dispatch path. ` +
    `The dispatched run executes the agent's code, which could use that token to ${scopes.map(s => WHAT[s]).join('; ')}. ` +
    `Change:\n\n\`\`\`yaml\n${fixes}\n\`\`\`\n\n` +
    "or skip those jobs on dispatch (`if: github.event_name != 'workflow_dispatch'`), or set `allow-ci-permissions: true` to accept the risk."
  )
}

/** The warning for workflows that rely on a repository default nobody could read. */
export function unknownDefaultWarning(files: string[]): string | null {
  if (files.length === 0) return null
  return (
    `${files.map(f => `"${f}"`).join(', ')} ${files.length === 1 ? 'has' : 'have'} no \`permissions:\` block, so the token ` +
    "gets the repository's default, and this token cannot read that setting (it needs administration read). " +
    "If the default is read and write, the agent's code in CI can push. Add at the top level:\n\n```yaml\npermissions:\n  contents: read\n```"
  )
}
