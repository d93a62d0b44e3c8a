/**
 * `doctor`'s read of the nightshift workflow itself (pure, no I/O): the pull request events are
 * optional, but when a workflow listens to them they must be wired the way the action reads them.
 * `workflow_run` names workflows by their `name:`, not their file
 * (https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#workflow_run),
 * which is the mistake that silently never fires.
 */
import { parse } from 'yaml'
import { DEFAULT_VOCABULARY } from '../report/vocabulary.js'

export interface EventCheck {
  name: string
  ok: boolean
  detail: string
  fix: string | null
}

type Rec = Record<string, unknown>

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [])

/** The `on:` map in any of its forms (a string, a list, a map). */
function events(doc: Rec): Rec {
  const on = doc.on ?? doc.true
  if (typeof on === 'string') return { [on]: null }
  if (Array.isArray(on)) return Object.fromEntries(on.map(e => [String(e), null]))
  return isRec(on) ? on : {}
}

/** `types:` includes `wanted` (no `types:` means every activity type). */
function hasType(config: unknown, wanted: string): boolean {
  const types = isRec(config) ? list(config.types) : []
  return types.length === 0 || types.includes(wanted)
}

/** The slash command a step of the workflow passes as `with: command:`, or the input's default. */
function commandOf(doc: Rec): string {
  const jobs = isRec(doc.jobs) ? Object.values(doc.jobs) : []
  for (const job of jobs)
    for (const step of isRec(job) && Array.isArray(job.steps) ? (job.steps as unknown[]) : []) {
      const command = isRec(step) && isRec(step.with) ? step.with.command : undefined
      if (typeof command === 'string' && /^\/[\w-]+$/.test(command.trim())) return command.trim()
    }
  return DEFAULT_VOCABULARY.command
}

/**
 * Checks for `file` (the workflow's text). `ciName` is the CI workflow's `name:` (what `workflow_run`
 * must list), null when unknown.
 */
export function checkWorkflowEvents(file: string, text: string, ciName: string | null): EventCheck[] {
  const checks: EventCheck[] = []
  const add = (name: string, ok: boolean, detail: string, fix: string) =>
    checks.push({ name: `${file} ${name}`, ok, detail, fix: ok ? null : fix })
  let doc: unknown
  try {
    doc = parse(text)
  } catch (e) {
    add(
      'yaml',
      false,
      `not valid YAML: ${(e as Error).message}`,
      'Fix the YAML (the README has a complete workflow).'
    )
    return checks
  }
  if (!isRec(doc)) {
    add('yaml', false, 'not a YAML mapping', "Start from the README's complete workflow.")
    return checks
  }
  const on = events(doc)
  const group = isRec(doc.concurrency) ? String(doc.concurrency.group ?? '') : String(doc.concurrency ?? '')
  const cancels = isRec(doc.concurrency) && doc.concurrency['cancel-in-progress'] === true
  const ifs = isRec(doc.jobs)
    ? Object.values(doc.jobs)
        .map(j => (isRec(j) ? String(j.if ?? '') : ''))
        .join('\n')
    : ''

  const reviews = 'pull_request_review' in on
  const reviewComments = 'pull_request_review_comment' in on
  if (!reviews && !reviewComments)
    add('review rounds', true, 'not enabled (optional): add `pull_request_review: {types: [submitted]}`', '')
  else {
    const bad = [
      reviews && !hasType(on.pull_request_review, 'submitted')
        ? 'pull_request_review lacks `submitted`'
        : null,
      reviewComments && !hasType(on.pull_request_review_comment, 'created')
        ? 'pull_request_review_comment lacks `created`'
        : null,
      /pull_request\.number/.test(group)
        ? null
        : 'the concurrency group does not use `github.event.pull_request.number`'
    ].filter((b): b is string => b !== null)
    add(
      'review rounds',
      bad.length === 0,
      bad.length ? bad.join('; ') : 'reviews start rounds, one loop per pull request',
      'Use `pull_request_review: {types: [submitted]}` and a concurrency group with `github.event.pull_request.number`, as in the README.'
    )
  }

  if (!('workflow_run' in on)) {
    add('fix-ci on failed runs', true, `not enabled (optional): \`${commandOf(doc)} fix-ci\` still works`, '')
  } else {
    const config = on.workflow_run
    const listed = isRec(config) ? list(config.workflows) : []
    const bad = [
      ciName === null || listed.includes(ciName)
        ? null
        : `workflow_run lists ${listed.length ? listed.map(w => `"${w}"`).join(', ') : 'no workflows'}, but the CI workflow is named "${ciName}"`,
      hasType(config, 'completed') && isRec(config) && list(config.types).length > 0
        ? null
        : 'workflow_run needs `types: [completed]` (a requested run has no failures yet)',
      /workflow_run\.pull_requests/.test(group)
        ? null
        : 'the concurrency group does not use `github.event.workflow_run.pull_requests[0].number`',
      /workflow_run\.conclusion/.test(ifs)
        ? null
        : "no job `if:` checks `github.event.workflow_run.conclusion == 'failure'`, so every CI run starts a runner"
    ].filter((b): b is string => b !== null)
    add(
      'fix-ci on failed runs',
      bad.length === 0,
      bad.length ? bad.join('; ') : `failed "${ciName ?? 'CI'}" runs on labelled pull requests start fix-ci`,
      `Use \`workflow_run: {workflows: [${ciName ?? 'CI'}], types: [completed]}\`, the job \`if:\` and the concurrency group from the README.`
    )
  }
  if (cancels)
    add(
      'concurrency',
      false,
      '`cancel-in-progress: true` cancels a running loop, which loses its attempt',
      'Set `cancel-in-progress: false`.'
    )
  return checks
}
