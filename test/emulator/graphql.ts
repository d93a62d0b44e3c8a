/**
 * `POST /graphql`, for the one query the action sends: an issue's `userContentEdits` (who edited the
 * body, when, and the full text after each edit), answered from the repository's edit history. Like
 * GitHub, the history is empty until the body is first edited, then starts with the creation; nodes
 * come newest first, 100 a page. Any other query is a violation, so an unknown query fails the test.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { appendFileSync } from 'node:fs'
import type { Violation } from './api-pipeline.js'
import type { RepoStore, TokenGrant } from './model.js'

export interface GraphqlDeps {
  token(value: string): TokenGrant | null
  repo(owner: string, name: string): RepoStore | null
  violations: Violation[]
  logFile?: string
}

interface Request {
  query?: string
  variables?: { owner?: string; repo?: string; number?: number; cursor?: string | null }
}

const PAGE = 100

function answer(body: Request, grant: TokenGrant, deps: GraphqlDeps): { status: number; body: unknown } {
  const q = body.query ?? ''
  if (!/userContentEdits\s*\(/.test(q) || !/issue\s*\(\s*number:\s*\$number\s*\)/.test(q)) {
    deps.violations.push({
      kind: 'unknown-route',
      method: 'POST',
      path: '/graphql',
      operationId: null,
      problems: [`the emulator answers only the issue userContentEdits query, got: ${q.slice(0, 120)}`]
    })
    return { status: 200, body: { errors: [{ message: 'emulator: unsupported query' }] } }
  }
  const v = body.variables ?? {}
  const repo = deps.repo(v.owner ?? '', v.repo ?? '')
  if (!repo) {
    return {
      status: 200,
      body: {
        data: { repository: null },
        errors: [
          {
            type: 'NOT_FOUND',
            path: ['repository'],
            message: `Could not resolve to a Repository with the name '${v.owner}/${v.repo}'.`
          }
        ]
      }
    }
  }
  if (!grant.scopes.issues)
    return {
      status: 200,
      body: { data: null, errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] }
    }
  const issue = repo.issues.get(Number(v.number))
  if (!issue) {
    return {
      status: 200,
      body: {
        data: { repository: { issue: null } },
        errors: [
          {
            type: 'NOT_FOUND',
            path: ['repository', 'issue'],
            message: `Could not resolve to an Issue with the number of ${v.number}.`
          }
        ]
      }
    }
  }
  const all = [...(repo.bodyEdits.get(issue.number) ?? [])].reverse()
  const start = v.cursor ? Number(Buffer.from(v.cursor, 'base64').toString()) : 0
  const page = all.slice(start, start + PAGE)
  const more = start + PAGE < all.length
  return {
    status: 200,
    body: {
      data: {
        repository: {
          issue: {
            userContentEdits: {
              pageInfo: {
                hasNextPage: more,
                endCursor: more ? Buffer.from(String(start + PAGE)).toString('base64') : null
              },
              nodes: page.map(e => ({
                editedAt: e.editedAt,
                deletedAt: e.body === null ? e.editedAt : null,
                diff: e.body,
                editor: e.editor ? { login: e.editor } : null
              }))
            }
          }
        }
      }
    }
  }
}

export async function serveGraphql(
  req: IncomingMessage,
  res: ServerResponse,
  deps: GraphqlDeps
): Promise<void> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  let request: Request = {}
  try {
    request = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Request
  } catch {
    // an unparsable body gets the same answer as GitHub's: a 400 with a message
  }
  const value = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? ''
  const grant = deps.token(value)
  const reply = !grant
    ? {
        status: 401,
        body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql' }
      }
    : request.query
      ? answer(request, grant, deps)
      : { status: 400, body: { message: 'Problems parsing JSON' } }
  if (deps.logFile) {
    const entry = { method: 'POST', path: '/graphql', status: reply.status, request, response: reply.body }
    appendFileSync(deps.logFile, JSON.stringify(entry) + '\n')
  }
  res
    .writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' })
    .end(JSON.stringify(reply.body))
}
