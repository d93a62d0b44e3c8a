/**
 * The issue body's history for the approval check (src/trigger/approved-body.ts): the label's latest
 * `labeled` event from the REST issue events, and every version of the body from GraphQL
 * `userContentEdits`, whose `diff` holds the full text after each edit.
 */
import type { ApprovalApi, BodyEdit } from '../trigger/approved-body.js'
import type { Permission } from '../trigger/types.js'
import { apiError, type Octokit } from './client.js'
import { latestLabeled } from './trigger-api.js'

export const BODY_EDITS_QUERY = `query($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    issue(number: $number) {
      userContentEdits(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { editedAt deletedAt diff editor { login } }
      }
    }
  }
}`

interface EditsPage {
  repository: {
    issue: {
      userContentEdits: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null }
        nodes: {
          editedAt: string
          deletedAt: string | null
          diff: string | null
          editor: { login: string } | null
        }[]
      }
    } | null
  } | null
}

export function createApprovalApi(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  permission: (login: string) => Promise<Permission>
): ApprovalApi {
  const baseUrl = String(octokit.request.endpoint.DEFAULTS.baseUrl)
  return {
    permission,
    async labelEvent(issue, label) {
      try {
        const latest = await latestLabeled(octokit, repo, issue, label)
        return latest && { login: latest.login, at: latest.at }
      } catch (e) {
        throw apiError(`read the events of issue #${issue}`, e, baseUrl)
      }
    },
    async bodyEdits(issue) {
      const out: BodyEdit[] = []
      let cursor: string | null = null
      try {
        for (;;) {
          const page: EditsPage = await octokit.graphql<EditsPage>(BODY_EDITS_QUERY, {
            ...repo,
            number: issue,
            cursor
          })
          const edits = page.repository?.issue?.userContentEdits
          for (const n of edits?.nodes ?? []) {
            out.push({
              editedAt: n.editedAt,
              editor: n.editor?.login ?? null,
              body: n.deletedAt ? null : n.diff
            })
          }
          // GitHub lists the newest first; edits in the same second keep their order only this way.
          if (!edits?.pageInfo.hasNextPage) return out.reverse()
          cursor = edits.pageInfo.endCursor
        }
      } catch (e) {
        throw apiError(`read the edit history of issue #${issue} (GraphQL userContentEdits)`, e, baseUrl)
      }
    }
  }
}
