/**
 * The issue body a writer approved. The trigger label says "a writer read this issue and approved it";
 * the body can change afterwards, and anyone who opened the issue can edit it. GitHub keeps every
 * version (GraphQL `userContentEdits`: who edited, when, and the full text after the edit), so the run
 * uses the newest version that a writer saw: the one in force when the label was applied, or a later
 * one a writer wrote. When that text is not in the history (a deleted revision), the run is refused.
 * https://docs.github.com/en/graphql/reference/objects#usercontentedit
 */
import type { IssueData } from '../task/types.js'
import { canWrite } from './gate.js'
import type { Permission } from './types.js'

/** One version of the body, as the edit history records it. */
export interface BodyEdit {
  /** ISO time of the edit (for the creation entry, the issue's creation). */
  editedAt: string
  /** Who wrote this version; null for a deleted account. */
  editor: string | null
  /** The full body after the edit; null when the revision was deleted from the history. */
  body: string | null
}

/** The reads the approval needs. */
export interface ApprovalApi {
  permission(login: string): Promise<Permission>
  /** The latest `labeled` event for `label`: who applied it and when; null when there is none. */
  labelEvent(issue: number, label: string): Promise<{ login: string; at: string } | null>
  /** Every recorded version of the issue body, oldest first; empty when it was never edited. */
  bodyEdits(issue: number): Promise<BodyEdit[]>
}

export type Approval =
  /** `body` is the text to use; `note` says why it is not the current one (null when it is). */
  { kind: 'approved'; body: string | null; note: string | null } | { kind: 'refused'; reason: string }

/**
 * Decides which body to use. An edit in the same second as the label counts as after it: it cannot be
 * shown that the labeller saw it.
 */
export async function approveBody(issue: IssueData, label: string, api: ApprovalApi): Promise<Approval> {
  const event = await api.labelEvent(issue.number, label)
  // A stable sort: versions of the same second keep the history's order.
  const edits = (await api.bodyEdits(issue.number)).sort((a, b) => a.editedAt.localeCompare(b.editedAt))
  if (!event || edits.length === 0) return { kind: 'approved', body: issue.body, note: null }
  const seen = edits.filter(e => e.editedAt < event.at)
  // GitHub records the creation as the first entry once a body has been edited, so the version in
  // force at the label is known; without it, that text is unknown (null).
  let approved: BodyEdit = seen.at(-1) ?? { editedAt: event.at, editor: null, body: null }
  const unapproved: BodyEdit[] = []
  for (const edit of edits.slice(seen.length)) {
    if (edit.editor !== null && canWrite(await api.permission(edit.editor))) {
      approved = edit
      unapproved.length = 0
    } else {
      unapproved.push(edit)
    }
  }
  if (unapproved.length === 0) return { kind: 'approved', body: issue.body, note: null }
  const who = [...new Set(unapproved.map(e => (e.editor ? `@${e.editor}` : 'a deleted account')))].join(', ')
  const after = `after @${event.login} applied the "${label}" label (${event.at})`
  if (approved.body === null) {
    return {
      kind: 'refused',
      reason:
        `the body of issue #${issue.number} was edited by ${who}, without write access, ${after}, and the approved ` +
        `version is no longer in the edit history. A maintainer should read the issue and apply "${label}" again.`
    }
  }
  return {
    kind: 'approved',
    body: approved.body,
    note:
      `The body of issue #${issue.number} was edited by ${who}, without write access, ${after}; ` +
      `the run uses the version of ${approved.editedAt}${approved.editor ? ` by @${approved.editor}` : ''}. ` +
      `To use the current text, a maintainer applies "${label}" again.`
  }
}
