/**
 * `nightshift doctor --repo owner/name`: the preflight checks, one by one, with the fix for each.
 * For people setting the action up; exit 0 when every check passes, 1 otherwise, 2 for bad usage.
 */
import { parseArgs } from 'node:util'
import {
  correlationWarnings,
  dispatchProblem,
  loadWorkflow,
  permissionsCheck,
  secretsProblem,
  type LoadedWorkflow
} from '../ci/preflight.js'
import { errorMessage } from '../errors.js'
import { createActionsApi, type ActionsApi } from '../github/actions-api.js'
import { createClient } from '../github/client.js'
import { DEFAULT_VOCABULARY } from '../report/vocabulary.js'
import { checkWorkflowEvents } from './workflow-events.js'

interface Check {
  name: string
  ok: boolean
  detail: string
  fix: string | null
}

const USAGE = `Usage: nightshift doctor --repo owner/name [--token T] [--api-url URL] [--ci-workflow ci.yml]
                        [--fast-ci-workflow fast.yml] [--workflow nightshift.yml] [--label ${DEFAULT_VOCABULARY.triggerLabel}] [--json]
The token defaults to $GITHUB_TOKEN and the API URL to $GITHUB_API_URL or https://api.github.com.`

export async function main(args: string[]): Promise<number> {
  let values
  try {
    values = parseArgs({
      args,
      options: {
        repo: { type: 'string' },
        token: { type: 'string' },
        'api-url': { type: 'string' },
        'ci-workflow': { type: 'string', default: 'ci.yml' },
        'fast-ci-workflow': { type: 'string' },
        workflow: { type: 'string', default: 'nightshift.yml' },
        label: { type: 'string', default: DEFAULT_VOCABULARY.triggerLabel },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false }
      }
    }).values
  } catch (e) {
    console.error(`nightshift doctor: ${errorMessage(e)}\n${USAGE}`)
    return 2
  }
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const [owner, repo, extra] = (values.repo ?? '').split('/')
  const token = values.token ?? process.env.GITHUB_TOKEN ?? ''
  if (!owner || !repo || extra !== undefined || !token) {
    const why =
      values.repo === undefined
        ? '--repo owner/name is required'
        : !owner || !repo || extra !== undefined
          ? `--repo "${values.repo}" is not owner/name`
          : 'no token: pass --token or set GITHUB_TOKEN'
    console.error(`nightshift doctor: ${why}.\n${USAGE}`)
    return 2
  }
  const baseUrl = values['api-url'] ?? process.env.GITHUB_API_URL ?? 'https://api.github.com'
  const api = createActionsApi(createClient({ token, baseUrl, retries: 1 }), { owner, repo }, { baseUrl })
  const checks = await runChecks(api, {
    repo: `${owner}/${repo}`,
    workflows: [values['ci-workflow'], values['fast-ci-workflow']].filter((w): w is string => !!w),
    nightshiftWorkflow: values.workflow,
    label: values.label
  })
  const ok = checks.every(c => c.ok)
  if (values.json) console.log(JSON.stringify({ ok, checks }))
  else {
    for (const c of checks) {
      console.log(`${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`)
      if (c.fix) console.log(indent(`fix: ${c.fix}`))
    }
    console.log(ok ? '\nAll checks passed.' : `\n${checks.filter(c => !c.ok).length} check(s) failed.`)
  }
  return ok ? 0 : 1
}

async function runChecks(
  api: ActionsApi,
  o: { repo: string; workflows: string[]; nightshiftWorkflow: string; label: string }
): Promise<Check[]> {
  const checks: Check[] = []
  const add = (name: string, ok: boolean, detail: string, fix: string | null = null) =>
    checks.push({ name, ok, detail, fix: ok ? null : fix })
  let repo
  try {
    repo = await api.repository()
    add('repository', true, `${o.repo} is readable (default branch "${repo.defaultBranch}")`)
  } catch (e) {
    add('repository', false, errorMessage(e), 'Check --repo, --api-url and the token.')
    return checks
  }
  const defaultPermissions = await api.defaultWorkflowPermissions().catch(() => null)
  let ciName: string | null = null
  for (const file of o.workflows) {
    let w: LoadedWorkflow
    try {
      w = await loadWorkflow(api, file, repo.defaultBranch)
      if (file === o.workflows[0]) ciName = w.info.name
      add(`workflow ${file}`, true, `${w.path} exists on "${repo.defaultBranch}"`)
    } catch (e) {
      add(
        `workflow ${file}`,
        false,
        errorMessage(e),
        `Commit .github/workflows/${file} to "${repo.defaultBranch}".`
      )
      continue
    }
    const dispatch = dispatchProblem(w, true)
    add(
      `${file} workflow_dispatch`,
      !dispatch,
      dispatch ? 'no workflow_dispatch trigger' : 'has a workflow_dispatch trigger',
      dispatch
    )
    const correlation = correlationWarnings(w)
    add(
      `${file} run-name`,
      correlation.length === 0,
      correlation.length
        ? 'the run-name does not show inputs.nightshift-id'
        : 'the run-name shows the correlation id',
      correlation.join('\n')
    )
    const secrets = secretsProblem(w)
    add(
      `${file} secrets`,
      !secrets,
      secrets ? 'secrets beyond GITHUB_TOKEN on the dispatch path' : 'no secrets beyond GITHUB_TOKEN',
      secrets
    )
    const permissions = await permissionsCheck(api, w, {
      defaultBranch: repo.defaultBranch,
      repository: o.repo,
      defaultPermissions
    })
    add(
      `${file} token permissions`,
      !permissions.problem && !permissions.warning,
      permissions.problem
        ? 'a job on the dispatch path gets a token that can write or mint OIDC tokens'
        : permissions.warning
          ? "no `permissions:` block, and the repository's default is unknown to this token"
          : 'no job on the dispatch path can write with its token',
      permissions.problem ?? permissions.warning
    )
    const ref = await api.workflow(file).catch(() => null)
    add(
      `${file} dispatchable`,
      ref !== null && ref.state === 'active',
      ref
        ? `the Actions API knows it (state "${ref.state}")`
        : 'the Actions API does not list this workflow for this token',
      ref
        ? `Enable the workflow (it is "${ref.state}") in the Actions tab.`
        : 'Give the token `actions: write` (workflow `permissions:`) and make sure the workflow is on the default branch.'
    )
  }
  checks.push(...(await nightshiftWorkflowChecks(api, o.nightshiftWorkflow, repo.defaultBranch, ciName)))
  if (repo.canPush === null) {
    add(
      'token permission',
      true,
      'not knowable for this token (an app or Actions token): the workflow needs `actions: write`'
    )
  } else {
    add(
      'token permission',
      repo.canPush,
      repo.canPush ? 'the token can write to the repository' : 'the token cannot write to the repository',
      'Use a token with write access (contents and actions).'
    )
  }
  try {
    const exists = await api.labelExists(o.label)
    add(
      `label ${o.label}`,
      exists,
      exists ? 'exists' : 'does not exist',
      `Create it: gh label create ${o.label} --repo ${o.repo} (or pass --label with your trigger-label).`
    )
  } catch (e) {
    add(`label ${o.label}`, false, errorMessage(e), 'Check that the token can read issues.')
  }
  return checks
}

/** The nightshift workflow's own events (src/cli/workflow-events.ts), when the file is there to read. */
async function nightshiftWorkflowChecks(
  api: ActionsApi,
  file: string,
  branch: string,
  ciName: string | null
): Promise<Check[]> {
  const path = file.includes('/') ? file : `.github/workflows/${file}`
  const text = await api.readFile(path, branch).catch(() => null)
  if (text === null)
    return [
      {
        name: `workflow ${file}`,
        ok: false,
        detail: `${path} was not found on "${branch}"`,
        fix: 'Commit the workflow from the README there, or pass --workflow with its file name.'
      }
    ]
  return checkWorkflowEvents(file, text, ciName)
}

function indent(text: string): string {
  return text
    .split('\n')
    .map(l => `    ${l}`)
    .join('\n')
}
