/**
 * Work on a pull request beyond a plain request: a review round (replies in each inline comment's
 * thread afterwards) and a fix-ci round (CI judges the pull request first). Both feed the same loop
 * through src/issue-work.ts; this module only adds what comes before and after it.
 */
import * as core from '@actions/core'
import { createCi } from '../compose.js'
import { createReviewReplies } from '../github/review-replies.js'
import { loopOn, setOutcome, type WorkContext, type WorkPlan } from '../issue-work.js'
import type { FixCiTrigger, PrRoundTrigger } from '../trigger/types.js'
import { startFixCi } from './fix-ci.js'
import { answerReview } from './review-replies.js'
import { gitChangedRanges } from './round-diff.js'

/** For a round started by a review: answer each inline comment in its thread once the loop ends. */
export function reviewPlan(trigger: PrRoundTrigger, ctx: WorkContext): WorkPlan {
  const review = trigger.review
  if (!review || review.comments.length === 0) return {}
  return {
    after: async state => {
      const posted = await answerReview(
        createReviewReplies(ctx.octokit, ctx.repo),
        trigger.pullRequest.number,
        review,
        state,
        gitChangedRanges(ctx.workspaceDir),
        ctx.words,
        ctx.log
      )
      ctx.log(`Answered ${posted} of ${review.comments.length} review comment(s) in their threads.`)
    }
  }
}

/** A fix-ci round on the pull request, holding its lease; returns the outcome it set. */
export async function fixCiWork(trigger: FixCiTrigger, ctx: WorkContext): Promise<string> {
  const s = ctx.settings
  const start = await startFixCi(trigger, {
    settings: s,
    forge: ctx.forge,
    ci: createCi(ctx),
    log: ctx.log,
    branchesWithPrefix: prefix => ctx.triggerApi.branchesWithPrefix(prefix),
    deadline: ctx.clock.now() + s.timeLimitMinutes * 60_000,
    defaultBranch: ctx.defaultBranch
  })
  if (start.kind === 'done') {
    core.info(start.message)
    setOutcome(start.outcome)
    if (start.outcome === 'failed') core.setFailed(start.message)
    return start.outcome
  }
  const { plan } = start
  core.setOutput('branch', plan.branch)
  return loopOn(trigger, plan.branch, ctx, {
    baseBranch: plan.baseBranch,
    feedback: plan.feedback,
    pullRequest: {
      number: trigger.pullRequest.number,
      branch: trigger.pullRequest.branch,
      request: plan.request
    },
    pullRequestBranch: plan.pullRequestBranch,
    // The pull request's own branch is someone else's: their push ends the round, never joins it.
    followMoves: plan.pullRequestBranch === null,
    forge: plan.forge,
    notices: plan.notices,
    after: async state => {
      const closing = plan.closing(state)
      if (closing) await plan.forge.comment(trigger.pullRequest.number, closing)
    }
  })
}
