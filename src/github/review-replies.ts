/** Replies in review threads (pull request review comments), for answering a review round. */
import type { ReviewReplies } from '../pr-work/review-replies.js'
import { apiError, type Octokit } from './client.js'

export function createReviewReplies(octokit: Octokit, repo: { owner: string; repo: string }): ReviewReplies {
  return {
    async reply(pullRequest, commentId, body) {
      try {
        await octokit.rest.pulls.createReplyForReviewComment({
          ...repo,
          pull_number: pullRequest,
          comment_id: commentId,
          body
        })
      } catch (e) {
        throw apiError(`reply to review comment ${commentId} on pull request #${pullRequest}`, e)
      }
    }
  }
}
