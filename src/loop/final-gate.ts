/**
 * The end of the loop: rebase on the newest base, a full CI run on exactly the rebased head, and a
 * pull request only when the branch still points at the commit CI judged (compare-and-set on the
 * branch head). A branch someone else moved is a new head to judge while the budget allows, or a
 * hand-back that names the outside commit; never a pull request on something CI did not see.
 */
import { errorMessage } from '../errors.js'
import { PushRejectedError } from '../workspace/branch.js'
import { budgetStop } from './budget.js'
import type { LoopRun } from './context.js'
import { neverJudged } from './judge.js'
import type { CiRecord, LoopState } from './state.js'

/** Outside commits followed in one run before handing back (someone is working on the branch). */
const MAX_MOVES = 2

/** The newest green CI record on `sha`, if any. */
function greenOn(state: LoopState, sha: string): CiRecord | null {
  const all = [
    ...state.attempts.map(a => ({ sha: a.ci?.headSha ?? a.pushed, ci: a.ci })),
    { sha: state.outside?.ci?.headSha ?? state.outside?.sha ?? null, ci: state.outside?.ci ?? null }
  ]
  return all.reverse().find(v => v.sha === sha && v.ci?.outcome === 'success')?.ci ?? null
}

/** Rebase, full CI, publish. 'retry' sends the loop back for another attempt with the failures. */
export async function finalGate(run: LoopRun): Promise<LoopState | 'retry'> {
  const { state, config, deps } = run
  const { workspace, reporter, forge } = deps
  if (await forge.stopRequested(config.issue, state.startedAt)) return run.end('stopped', 'stop-command')
  state.phase = 'rebase'
  await reporter.update(state)
  const before = await workspace.head()
  const rebase = await workspace.rebase(config.baseBranch)
  state.rebase = { ...rebase, movedBase: rebase.status === 'rebased' }
  if (rebase.status === 'conflict')
    return run.end('escalated', 'rebase-conflict', rebase.conflicts.join(', '))
  let head = before
  if (rebase.head !== before) {
    try {
      head = await workspace.push()
    } catch (e) {
      if (!(e instanceof PushRejectedError && e.reason === 'rejected')) throw e
      const moved = await forge.branchHead(config.branch)
      return moved ? followMoved(run, moved) : run.end('escalated', 'branch-moved', e.message)
    }
    await run.save()
    await reporter.moveTo(head, state)
  }

  const green = greenOn(state, head)
  if (rebase.status === 'up_to_date' && deps.ci.fastIsFull() && green) {
    state.finalCi = { ...green, scope: 'full', headSha: head }
    return publish(run, head)
  }
  const full = await run.judgeHead({ sha: head, scope: 'full', target: 'final' })
  if (full.moved) return followMoved(run, full.moved)
  if (full.record.outcome === 'success') return publish(run, head)
  const unjudged = neverJudged(full.record)
  if (unjudged) return run.end('escalated', unjudged)
  state.lastFeedback = `The change passed the quick CI, but the full CI on the rebased branch failed:\n\n${full.feedback ?? ''}`
  await run.save()
  return 'retry'
}

/** Opens or updates the pull request for `judged`, the commit a green full CI run tested. */
export async function publish(run: LoopRun, judged: string): Promise<LoopState> {
  const { state, config, deps } = run
  const { forge } = deps
  state.phase = 'publish'
  const head = await forge.branchHead(config.branch)
  if (head !== judged) {
    return head
      ? followMoved(run, head)
      : run.end(
          'escalated',
          'branch-moved',
          `the branch ${config.branch} was deleted after CI judged ${judged}`
        )
  }
  // The change's size from git, not only the agent's own account of it; the list of files stands in otherwise.
  const base = state.rebase?.base
  state.diffStat =
    base && deps.workspace.diffStat
      ? await deps.workspace.diffStat(base, judged).catch(e => {
          deps.log(`Could not measure the change: ${errorMessage(e)}`)
          return null
        })
      : null
  const { title, body } = deps.texts.pullRequest(state)
  const existing = state.pullRequest ?? (await forge.findPullRequest(config.branch))
  if (existing) {
    await forge.updatePullRequest(existing.number, { title, body })
    state.pullRequest = existing
  } else {
    const created = await forge.createPullRequest({
      branch: config.branch,
      base: config.baseBranch,
      title,
      body,
      draft: config.draft
    })
    state.pullRequest = {
      number: created.number,
      url: created.url,
      branch: created.branch,
      draft: created.draft
    }
    if (created.headSha && created.headSha !== judged) {
      // The branch moved in the moment between the check and the pull request: say so, never claim it.
      state.outside = { sha: created.headSha, ci: null }
      return run.end(
        'escalated',
        'branch-moved',
        `pull request #${created.number} opened on ${created.headSha}, pushed by someone else after CI judged ${judged}`
      )
    }
    await forge.comment(config.issue, deps.texts.pullRequestLink(state, state.pullRequest))
  }
  return run.end('success', 'green')
}

/**
 * Someone else pushed to the branch (`found`). Within the budget, judge that head — on the quick CI,
 * then the final gate if it passes — and hand back naming it otherwise.
 */
export async function followMoved(run: LoopRun, found: string): Promise<LoopState> {
  const { state, config, deps } = run
  const { workspace, reporter, log, clock } = deps
  const before = state.outside
  state.outside = { sha: found, ci: null }
  log(`The branch ${config.branch} moved to ${found.slice(0, 7)}, a commit nightshift did not make.`)
  const spent = { attempts: 0, tokens: { input: 0, output: 0, cached: 0 }, costUsd: 0 }
  if (
    config.followMoves === false ||
    ++run.moves > MAX_MOVES ||
    budgetStop(config.budget, spent, clock.now()) === 'time-limit'
  )
    return run.end('escalated', 'branch-moved', `the branch moved to ${found}`)
  const prepared = await workspace.prepare(config.branch, config.baseBranch)
  await workspace.scrubCredentials()
  const head = prepared.head
  if (state.rebase?.head === head || state.attempts.some(a => a.pushed === head)) {
    // The branch is where nightshift left it: the run was matched to the wrong dispatch (by time, when
    // neither the server nor the workflow's run-name identifies it), not moved by anyone.
    state.outside = before
    return run.end(
      'escalated',
      'ci-never-ran',
      `the CI run matched to the dispatch tested ${found}, not the pushed ${head}; add the correlation input to the workflow's run-name (see the warning above)`
    )
  }
  state.outside = { sha: head, ci: null }
  await run.save()
  await reporter.moveTo(head, state)
  const judged = await run.judgeHead({ sha: head, scope: 'fast', target: 'outside' })
  if (judged.moved) return followMoved(run, judged.moved)
  if (judged.record.outcome === 'success') {
    const gate = await finalGate(run)
    if (gate !== 'retry') return gate
    return run.end(
      'escalated',
      'branch-moved',
      `the full CI failed on ${head}, which nightshift did not make`
    )
  }
  const unjudged = neverJudged(judged.record)
  if (unjudged) return run.end('escalated', unjudged)
  state.lastFeedback = `Someone else pushed ${head.slice(0, 7)} to the branch, and CI failed on it:\n\n${judged.feedback ?? ''}`
  return run.end('escalated', 'branch-moved', `CI failed on ${head}, which nightshift did not make`)
}
