/**
 * `fix-ci-push: branch`: the one branch outside the agent prefix a workspace may push to, a pull
 * request's own. It is someone else's branch, so it is never rewritten: it must already exist, it is
 * never rebased, and a push only moves it forward from the head last seen (the head the round started
 * on, then its own pushes). A commit that does not descend from that head, or a branch that moved, ends
 * the push as `rejected` (the loop's `branch-moved`), with nothing overwritten.
 */
import { GitError, NightshiftError } from '../errors.js'
import { agentPushRef, pullRequestPushRef, PushRejectedError } from './branch.js'
import type { Git } from './git.js'

/** The full ref a push to `branch` may write: the pull request's branch, or one under the prefix. */
export function pushRefFor(
  branch: string,
  prefix: string,
  pullRequestBranch: string | null | undefined
): string {
  return pullRequestBranch && branch === pullRequestBranch
    ? pullRequestPushRef(branch)
    : agentPushRef(branch, prefix)
}

/** The refusal for a pull request's branch that nightshift would have to rewrite or start. */
export function notOnTop(branch: string, why: string): PushRejectedError {
  const message =
    `Not pushing to the pull request's branch "${branch}": ${why}. nightshift pushes there only on top ` +
    'of the head it started from, never with force; nothing was overwritten.'
  return new PushRejectedError('rejected', message, new GitError(message, ['push'], 1, ''))
}

/** Throws unless the branch exists on the remote (`remoteHead`). */
export function assertExists(branch: string, remoteHead: string | null): void {
  if (remoteHead === null)
    throw new NightshiftError(
      `The pull request's branch "${branch}" does not exist on the remote; nightshift pushes to it only on top of its head.`
    )
}

/**
 * The push options for `head` onto the branch last seen at `remoteHead`: `head` must descend from it,
 * and the lease makes the server refuse the update when the branch holds anything else by then (a
 * concurrent push, even one that rewound it), so the update is a fast-forward or nothing
 * (https://git-scm.com/docs/git-push#Documentation/git-push.txt---force-with-leaseltrefnamegtltexpectgt).
 */
export async function fastForwardArgs(
  git: Git,
  branch: string,
  ref: string,
  head: string,
  remoteHead: string | null
): Promise<string[]> {
  const descends =
    remoteHead !== null &&
    (await git.exec(['merge-base', '--is-ancestor', remoteHead, head], { allowFailure: true })).exitCode === 0
  if (!descends) throw notOnTop(branch, `the commit to push does not build on ${remoteHead ?? '(no head)'}`)
  return [`--force-with-lease=${ref}:${remoteHead}`]
}
