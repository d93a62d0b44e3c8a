/**
 * "Make CI green" on a pull request: the failing run's feedback is the first attempt's feedback, the
 * pull request's title and body are the context, and the loop works on
 *
 * - `fix-ci-push: pull-request` (default): its own branch `agent/fix-<pr>-<slug>` made from the pull
 *   request's branch, ending in a pull request into that branch;
 * - `fix-ci-push: branch`: the pull request's branch itself, only when its author has write access; the
 *   workspace never rewrites it (src/workspace/git-workspace.ts), and an outside push ends the round.
 *
 * Before any agent work, CI judges the pull request's head (or the failed run the event named is read):
 * a green or unjudged head is answered on the pull request and nothing more happens.
 */
import type { Settings } from '../config/settings.js'
import type { CI, Forge } from '../loop/ports.js'
import { judge, isVerdict } from '../loop/judge.js'
import type { LoopState } from '../loop/state.js'
import type { FixCiTrigger } from '../trigger/types.js'
import { slugify } from '../workspace/slug.js'

/** How the loop runs for a fix-ci round (consumed by src/issue-work.ts). */
export interface FixCiPlan {
  /** The branch the loop works on, and the branch it rebases on and opens its pull request into. */
  branch: string
  baseBranch: string
  /** Set in `branch` mode: the pull request's branch the workspace may push to. */
  pullRequestBranch: string | null
  feedback: string
  request: string
  notices: string[]
  /** The forge the loop uses: in `branch` mode it leaves the pull request's title and body alone. */
  forge: Forge
  /** What to say on the pull request after the loop, if anything. */
  closing(state: LoopState): string | null
}

export type FixCiStart =
  { kind: 'work'; plan: FixCiPlan } | { kind: 'done'; outcome: 'answered' | 'failed'; message: string }

export interface FixCiDeps {
  settings: Pick<Settings, 'branchPrefix' | 'fixCiPush' | 'command'>
  forge: Forge
  ci: CI
  log: (line: string) => void
  /** Existing branches under a prefix (a second fix-ci on the same pull request continues its branch). */
  branchesWithPrefix(prefix: string): Promise<string[]>
  /** Epoch ms to stop waiting for the pull request's CI at. */
  deadline: number
  /** The repository's default branch, never pushed to directly (null when unknown). */
  defaultBranch: string | null
}

export async function startFixCi(trigger: FixCiTrigger, deps: FixCiDeps): Promise<FixCiStart> {
  const { settings, forge } = deps
  const pr = trigger.pullRequest
  const notices: string[] = []
  let inBranch = settings.fixCiPush === 'branch'
  if (inBranch && !pr.authorCanWrite) {
    inBranch = false
    notices.push(
      `fix-ci-push is "branch", but the author of pull request #${pr.number} has no write access: the fix goes to its own pull request instead.`
    )
  }
  if (inBranch && pr.branch === deps.defaultBranch) {
    inBranch = false
    notices.push(
      `fix-ci-push is "branch", but pull request #${pr.number} comes from the default branch "${pr.branch}", which nightshift never pushes to: the fix goes to its own pull request instead.`
    )
  }
  await deps.ci.preflight()
  const judged = await judge(
    { ci: deps.ci, log: deps.log },
    {
      ref: pr.branch,
      sha: pr.headSha,
      scope: 'full',
      target: 'outside',
      deadline: deps.deadline,
      resume: trigger.runId ? { runId: trigger.runId, runUrl: null } : null
    }
  )
  const short = pr.headSha.slice(0, 7)
  const run = judged.record.runUrl ? ` ([run](${judged.record.runUrl}))` : ''
  const answer = async (outcome: 'answered' | 'failed', message: string): Promise<FixCiStart> => {
    await forge.comment(pr.number, `**nightshift fix-ci:** ${message}`)
    return { kind: 'done', outcome, message }
  }
  if (judged.moved)
    return answer(
      'answered',
      `the branch \`${pr.branch}\` moved to ${judged.moved.slice(0, 7)} while CI was being read for ${short}; ask again with \`${settings.command} fix-ci\`.`
    )
  if (judged.record.outcome === 'success')
    return answer('answered', `CI passed on ${short}${run}: there is nothing to fix.`)
  if (!isVerdict(judged.record.outcome))
    return answer(
      'failed',
      `CI gave no verdict on ${short} (${judged.record.outcome})${run}, so there are no failures to work from. Check that the CI workflow runs on this branch, then ask again.`
    )
  const branch = inBranch ? pr.branch : await fixBranch(trigger, deps)
  return {
    kind: 'work',
    plan: {
      branch,
      baseBranch: pr.branch,
      pullRequestBranch: inBranch ? pr.branch : null,
      feedback: `CI failed on the pull request's head ${short}:\n\n${judged.feedback ?? ''}`,
      request:
        `Make the failing CI of pull request #${pr.number} pass. The failures of its CI run are the feedback below; ` +
        "keep the pull request's intent (its title and description above) and change only what the failures need.",
      notices,
      forge: inBranch ? keepPullRequestText(forge, pr.number) : forge,
      closing: state =>
        inBranch && state.outcome === 'success'
          ? `**nightshift fix-ci:** pushed ${state.finalCi?.headSha ?? 'the fix'} to \`${pr.branch}\`; CI passed on it.`
          : null
    }
  }
}

/** `agent/fix-<pr>-<slug>`, or the one an earlier fix-ci on this pull request made. */
async function fixBranch(trigger: FixCiTrigger, deps: FixCiDeps): Promise<string> {
  const prefix = `${deps.settings.branchPrefix}fix-${trigger.pullRequest.number}-`
  const found = (await deps.branchesWithPrefix(prefix)).sort()[0]
  return found ?? `${prefix}${slugify(trigger.issue.title)}`
}

/** The forge with the human's pull request title and body left as they are (the loop would rewrite them). */
function keepPullRequestText(forge: Forge, number: number): Forge {
  const updatePullRequest: Forge['updatePullRequest'] = async (n, pr) =>
    n === number ? undefined : forge.updatePullRequest(n, pr)
  return new Proxy(forge, {
    get: (target, prop, receiver) =>
      prop === 'updatePullRequest' ? updatePullRequest : Reflect.get(target, prop, receiver)
  })
}
