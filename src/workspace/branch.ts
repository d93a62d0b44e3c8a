/**
 * The push guard: the only refs this action may write are the task's own branches under the
 * configured prefix. Checked in code before git runs, so a bad name never reaches `git push`.
 */
import { GitError, GuardError, NightshiftError } from '../errors.js'
import { GIT_MESSAGES } from './git.js'
import { assertBranchPrefix } from './slug.js'

/**
 * The full ref to push for `branch`, or a GuardError when it is not a plain branch under `prefix`.
 * Refuses other branches (`main`), the bare prefix, refspec syntax (`+`, `:`, `^`, `~`, `*`, `?`, `[`,
 * `\`, spaces, control characters), `..`, `@{`, `//`, a leading `-` or `.` and a `.lock` suffix
 * (git-check-ref-format(1)), so the name cannot widen into a force push or a second target.
 */
export function agentPushRef(branch: string, prefix: string): string {
  assertBranchPrefix(prefix)
  const rest = branch.startsWith(prefix) ? branch.slice(prefix.length) : null
  const problem =
    rest === null
      ? `it is not under the agent prefix "${prefix}"`
      : rest === ''
        ? 'it is the bare prefix'
        : nameProblem(branch, rest)
  if (problem) {
    throw new GuardError(
      `Refusing to push to "${branch}": ${problem}. Pushes go only to the task's own branch under "${prefix}" ` +
        `(for example "${prefix}42-fix-login"); check the branch-prefix input.`
    )
  }
  return `refs/heads/${branch}`
}

/**
 * The full ref of a pull request's own branch that a fix-ci round was allowed to push to (`fix-ci-push:
 * branch`): the same name checks as an agent branch, without the prefix.
 */
export function pullRequestPushRef(branch: string): string {
  const problem = branch === '' ? 'it is empty' : nameProblem(branch, branch)
  if (problem) throw new GuardError(`Refusing to push to the pull request's branch "${branch}": ${problem}.`)
  return `refs/heads/${branch}`
}

function nameProblem(branch: string, rest: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\+]/.test(branch)) return 'it holds a character git refspecs treat specially'
  if (/\.\.|@\{|\/\/|\/\.|^[-.]|\.lock(\/|$)|[/.]$/.test(rest) || rest.startsWith('/'))
    return 'it is not a valid git branch name'
  return null
}

/** A base branch name that cannot be read as an option or a refspec. */
export function assertBaseName(base: string): void {
  // eslint-disable-next-line no-control-regex
  if (!base || /^[-.]|[\x00-\x20\x7f~^:?*[\\+]|\.\.|@\{|\/\/|\.lock$|[/.]$/.test(base)) {
    throw new NightshiftError(
      `The base branch "${base}" is not a valid branch name; expected a name such as "main".`
    )
  }
}

/**
 * Why the remote refused a push. `rejected`: the branch moved since it was fetched (someone pushed),
 * including two pushes racing for the same ref ("cannot lock ref").
 */
export type PushRejection = 'workflow' | 'rejected' | 'auth' | 'other'

/** The remote refused a push; `reason` says why, the message says what to do. */
export class PushRejectedError extends GitError {
  constructor(
    readonly reason: PushRejection,
    message: string,
    cause: GitError
  ) {
    super(message, cause.args, cause.exitCode, cause.stderr)
  }
}

/** Turns a failed push into a PushRejectedError whose message names the cause and the next step. */
export function pushRejection(error: GitError, branch: string): PushRejectedError {
  const stderr = error.stderr
  if (GIT_MESSAGES.workflowRefused.test(stderr)) {
    const files = [...stderr.matchAll(/workflow `([^`]+)`/g)].map(m => m[1])
    return new PushRejectedError(
      'workflow',
      `The push to "${branch}" was refused: the agent changed a workflow file` +
        `${files.length ? ` (${files.join(', ')})` : ''}, and GitHub does not let this token push changes to ` +
        '.github/workflows/ (that needs a token with the "workflow" scope). Keep ".github/workflows/**" in ' +
        `protected-paths so such changes are refused before push. Git said: ${stderr.trim()}`,
      error
    )
  }
  if (GIT_MESSAGES.staleLease.test(stderr) || GIT_MESSAGES.nonFastForward.test(stderr)) {
    return new PushRejectedError(
      'rejected',
      `The push to "${branch}" was rejected because the remote branch moved since it was fetched ` +
        '(someone else pushed to it). Nothing was overwritten; a retry resumes from the remote branch. ' +
        `Git said: ${stderr.trim()}`,
      error
    )
  }
  if (GIT_MESSAGES.lockedRef.test(stderr)) {
    return new PushRejectedError(
      'rejected',
      `The push to "${branch}" lost a race: another push updated the branch at the same moment (git: ` +
        '"cannot lock ref"). Nothing was overwritten; the other push is now the head. Git said: ' +
        stderr.trim(),
      error
    )
  }
  if (GIT_MESSAGES.authFailed.test(stderr)) {
    return new PushRejectedError(
      'auth',
      `The push to "${branch}" was refused for lack of credentials or permission: the token needs ` +
        `"contents: write" on this repository. Git said: ${stderr.trim()}`,
      error
    )
  }
  return new PushRejectedError('other', `The push to "${branch}" failed: ${error.message}`, error)
}
