/**
 * What nightshift needs to know about a CI workflow file, read from its YAML (pure, no I/O):
 * can it be dispatched, which inputs it declares, whether its `run-name` shows the correlation id,
 * and which secrets the dispatched run can reach (the agent's code runs in that CI).
 * Workflow syntax: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax
 */
import { parse } from 'yaml'

/** The input that carries the dispatch nonce; shown in `run-name` it comes back as the run's `display_title`. */
export const CORRELATION_INPUT = 'nightshift-id'
/** The optional input that selects fast (attempts) or full (final) CI in one workflow. */
export const SCOPE_INPUT = 'scope'

export interface WorkflowInfo {
  /** The `name:` of the workflow, or null. */
  name: string | null
  /** Event names under `on:` in any of its forms (string, list, map). */
  events: string[]
  /** How `on:` is written: `on: push`, `on: [push]`, `on: {push: ...}`, or absent. */
  onForm: 'string' | 'list' | 'map' | 'missing'
  /** True when `workflow_dispatch` is one of the events. */
  dispatchable: boolean
  /** Inputs declared under `on.workflow_dispatch.inputs`. */
  inputs: string[]
  /** The `run-name:` template, or null. */
  runName: string | null
  /** True when `run-name` shows `inputs.nightshift-id` (or `github.event.inputs.nightshift-id`). */
  runNameShowsNonce: boolean
  /**
   * Secrets the dispatched run can read, other than GITHUB_TOKEN: names from `secrets.NAME`,
   * plus `*` for `secrets: inherit`, `toJSON(secrets)` or `secrets[...]` (all of them).
   */
  secrets: string[]
}

/** Thrown text is the YAML parser's; callers wrap it in a SetupError naming the file. */
export function inspectWorkflow(text: string): WorkflowInfo {
  const doc: unknown = parse(text)
  if (!isRecord(doc)) throw new Error(`expected a YAML mapping at the top level, got ${describe(doc)}`)
  // YAML 1.1 readers turn a bare `on` key into `true`; the `yaml` package (1.2) keeps "on", but accept both.
  const on = 'on' in doc ? doc.on : (doc as Record<string, unknown>)['true']
  const events = eventNames(on)
  const dispatch = isRecord(on) ? on.workflow_dispatch : undefined
  const inputsNode = isRecord(dispatch) ? dispatch.inputs : undefined
  const inputs = isRecord(inputsNode) ? Object.keys(inputsNode) : []
  const runName = typeof doc['run-name'] === 'string' ? doc['run-name'] : null
  return {
    name: typeof doc.name === 'string' ? doc.name : null,
    events,
    onForm: typeof on === 'string' ? 'string' : Array.isArray(on) ? 'list' : isRecord(on) ? 'map' : 'missing',
    dispatchable: events.includes('workflow_dispatch'),
    inputs,
    runName,
    runNameShowsNonce: runName !== null && showsNonce(runName),
    secrets: dispatchPathSecrets(doc)
  }
}

function eventNames(on: unknown): string[] {
  if (typeof on === 'string') return [on]
  if (Array.isArray(on)) return on.filter((e): e is string => typeof e === 'string')
  if (isRecord(on)) return Object.keys(on)
  return []
}

function showsNonce(runName: string): boolean {
  const expr = /\$\{\{([\s\S]*?)\}\}/g
  for (const m of runName.matchAll(expr)) {
    const body = m[1] ?? ''
    if (/\binputs\.nightshift-id\b|\binputs\[\s*'nightshift-id'\s*\]/.test(body)) return true
  }
  return false
}

/**
 * Secrets referenced on the dispatch path: workflow-level `env`, and every job except those whose
 * `if:` only admits other events (e.g. `if: github.event_name == 'push'`).
 */
function dispatchPathSecrets(doc: Record<string, unknown>): string[] {
  const found = new Set<string>()
  const jobs = isRecord(doc.jobs) ? doc.jobs : {}
  const scanned: unknown[] = [doc.env, doc.defaults, doc['run-name']]
  for (const job of Object.values(jobs)) {
    if (isRecord(job) && excludesDispatch(job.if)) continue
    scanned.push(job)
  }
  for (const node of scanned) collectSecrets(node, found)
  return [...found].sort()
}

/** True when a job's `if:` admits only events other than workflow_dispatch (the plain positive form). */
export function excludesDispatch(condition: unknown): boolean {
  if (typeof condition !== 'string' || /workflow_dispatch/.test(condition)) return false
  // Only the plain positive form is understood; anything else (||, !=, functions) is treated as reachable.
  return /^\s*(\$\{\{)?\s*github\.event_name\s*==\s*'[a-z_]+'\s*(\}\})?\s*$/.test(condition)
}

function collectSecrets(node: unknown, found: Set<string>, key?: string): void {
  if (typeof node === 'string') {
    if (key === 'secrets' && node.trim() === 'inherit') found.add('*')
    for (const m of node.matchAll(/\bsecrets\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
      const name = m[1] as string
      if (name.toUpperCase() !== 'GITHUB_TOKEN') found.add(name)
    }
    if (/\bsecrets\s*\[|toJSON\(\s*secrets\s*\)/i.test(node)) found.add('*')
    return
  }
  if (Array.isArray(node)) for (const item of node) collectSecrets(item, found)
  else if (isRecord(node)) for (const [k, v] of Object.entries(node)) collectSecrets(v, found, k)
}

/**
 * The YAML a user adds to make the workflow usable, adapted to what the file already has:
 * the `workflow_dispatch` block with the two inputs (only the missing ones when it exists) and the
 * `run-name` line (omitted when it already shows the nonce). Empty string when nothing is missing.
 */
export function dispatchSnippet(info: WorkflowInfo, wantScope: boolean): string {
  const lines: string[] = []
  if (!info.runNameShowsNonce) {
    // Without a run-name of its own, the workflow keeps GitHub's default name for pushes and pull
    // requests: the expression is empty there, and "only whitespace" falls back to the default
    // (https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#run-name).
    const template = info.runName
      ? `${info.runName.trim()} \${{ inputs.${CORRELATION_INPUT} }}`
      : `\${{ inputs.${CORRELATION_INPUT} && format('${(info.name ?? 'CI').replace(/'/g, "''")} {0}', inputs.${CORRELATION_INPUT}) || '' }}`
    lines.push(`run-name: "${template.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
  }
  const missing = [CORRELATION_INPUT, ...(wantScope ? [SCOPE_INPUT] : [])].filter(
    i => !info.inputs.includes(i)
  )
  if (!info.dispatchable || missing.length > 0) {
    const inputLines: string[] = []
    if (missing.includes(CORRELATION_INPUT)) {
      inputLines.push(
        `      ${CORRELATION_INPUT}:`,
        `        description: 'Correlation id set by nightshift (shown in run-name)'`,
        `        required: false`
      )
    }
    if (missing.includes(SCOPE_INPUT)) {
      inputLines.push(
        `      ${SCOPE_INPUT}:`,
        `        description: 'fast for attempts, full for the final run'`,
        `        required: false`,
        `        default: full`
      )
    }
    if (info.onForm === 'map') {
      lines.push(
        info.dispatchable
          ? 'on:  # keep everything else; add these inputs under the existing workflow_dispatch:'
          : 'on:  # keep the other events; add:'
      )
    } else {
      // A string or list `on:` cannot carry inputs: it becomes a map with the same events.
      lines.push('on:', ...info.events.filter(e => e !== 'workflow_dispatch').map(e => `  ${e}:`))
    }
    lines.push('  workflow_dispatch:', '    inputs:', ...inputLines)
  }
  return lines.join('\n')
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'an empty document'
  return Array.isArray(v) ? 'a list' : `a ${typeof v}`
}
