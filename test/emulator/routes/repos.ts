/** Repository, collaborator permission, contents and git refs. */
import { bodyOf, HttpError, errorBody, notFound, validationFailed, type Handler } from '../api.js'
import * as f from '../factories.js'
import type { RepoStore, TokenGrant } from '../model.js'
import type { Services } from '../api.js'

/** GitHub's `role_name` and the legacy `permission` it maps to. */
const LEGACY: Record<string, 'admin' | 'write' | 'read' | 'none'> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none'
}

function openIssues(repo: RepoStore): number {
  return [...repo.issues.values()].filter(i => i.state === 'open').length
}

function tokenPermissions(grant: TokenGrant) {
  const writes = (scope: keyof TokenGrant['scopes']) => grant.admin || grant.scopes[scope] === 'write'
  return {
    admin: grant.admin,
    maintain: grant.admin,
    push: writes('contents'),
    triage: writes('issues') || writes('pull_requests'),
    pull: true
  }
}

export function fullRepo(s: Services, repo: RepoStore) {
  return f.fullRepository(s.urls, repo, s.user(repo.owner), openIssues(repo))
}

/**
 * `heads/x` (or `refs/heads/x`) → `refs/heads/x`. Like GitHub, any namespace under `refs/` works
 * (`refs/nightshift/lock/7`): a name must start with `refs` and have at least two slashes.
 * https://docs.github.com/en/rest/git/refs#create-a-reference
 */
function fullRef(raw: string, prefix = false): string {
  const ref = raw.startsWith('refs/') ? raw : `refs/${raw}`
  const bad = /\.\.|\/\/|[\s~^:?*[\\]|\.lock$/.test(ref) || (!prefix && ref.endsWith('/'))
  if (!/^refs\/[^/]+\/./.test(ref) || bad)
    throw validationFailed('Reference', 'ref', 'invalid', `Reference name is invalid: ${raw}`)
  return ref
}

export const repoRoutes: Record<string, Handler> = {
  // `permissions` are those of the token that asks: a read-only token cannot push.
  'repos/get': ({ repo, grant }, s) => ({
    status: 200,
    body: { ...fullRepo(s, repo), permissions: tokenPermissions(grant) }
  }),

  'repos/get-collaborator-permission-level': ({ repo, params }, s) => {
    const login = params.username!
    const role = login === repo.owner ? 'admin' : repo.collaborators.get(login)
    if (!role) throw new HttpError(404, errorBody(404, `${login} is not a user`))
    const user = s.user(login)
    return {
      status: 200,
      body: {
        permission: LEGACY[role] ?? 'none',
        role_name: role,
        user: {
          ...f.simpleUser(s.urls, user),
          permissions: {
            admin: role === 'admin',
            maintain: role === 'maintain' || role === 'admin',
            push: LEGACY[role] === 'write' || role === 'admin',
            triage: role !== 'read' && role !== 'none',
            pull: role !== 'none'
          },
          role_name: role
        }
      }
    }
  },

  'repos/get-content': async ({ repo, params, req }, s) => {
    const ref = req.query.get('ref') ?? repo.defaultBranch
    const sha = await s.git.resolve(repo.bareDir, ref)
    if (!sha) throw new HttpError(404, errorBody(404, `No commit found for the ref ${ref}`))
    const path = params.path!.replace(/^\/+|\/+$/g, '')
    const api = `${s.urls.api}/repos/${repo.fullName}`
    const links = (p: string, type: 'blob' | 'tree', objectSha: string) => ({
      self: `${api}/contents/${p}?ref=${encodeURIComponent(ref)}`,
      git: `${api}/git/${type === 'blob' ? 'blobs' : 'trees'}/${objectSha}`,
      html: `${s.urls.server}/${repo.fullName}/${type}/${ref}/${p}`
    })
    const file = await s.git.readFile(repo.bareDir, sha, path)
    if (file) {
      const l = links(path, 'blob', file.sha)
      return {
        status: 200,
        body: {
          type: 'file',
          encoding: 'base64',
          size: file.content.length,
          name: path.split('/').pop()!,
          path,
          // GitHub wraps the base64 at 60 characters.
          content: file.content.toString('base64').replace(/(.{60})/g, '$1\n'),
          sha: file.sha,
          url: l.self,
          git_url: l.git,
          html_url: l.html,
          download_url: `${s.urls.server}/${repo.fullName}/raw/${ref}/${path}`,
          _links: l
        }
      }
    }
    const entries = await s.git.listDir(repo.bareDir, sha, path)
    if (!entries) throw notFound()
    return {
      status: 200,
      body: entries.map(e => {
        const p = path ? `${path}/${e.name}` : e.name
        const l = links(p, e.type === 'dir' ? 'tree' : 'blob', e.sha)
        return {
          type: e.type,
          size: e.size,
          name: e.name,
          path: p,
          sha: e.sha,
          url: l.self,
          git_url: l.git,
          html_url: l.html,
          download_url: e.type === 'file' ? `${s.urls.server}/${repo.fullName}/raw/${ref}/${p}` : null,
          _links: l
        }
      })
    }
  },

  'git/get-ref': async ({ repo, params }, s) => {
    const ref = fullRef(params.ref!)
    const found = (await s.git.refs(repo.bareDir, ref)).find(r => r.ref === ref)
    if (!found) throw notFound()
    return { status: 200, body: f.gitRef(s.urls, repo, found.ref, found.sha) }
  },

  'git/list-matching-refs': async ({ repo, params }, s) => {
    const prefix = fullRef(params.ref!, true)
    const refs = (await s.git.refs(repo.bareDir)).filter(r => r.ref.startsWith(prefix))
    return { status: 200, body: refs.map(r => f.gitRef(s.urls, repo, r.ref, r.sha)) }
  },

  'git/create-ref': async ({ repo, req }, s) => {
    const body = bodyOf<{ ref: string; sha: string }>(req)
    if (!body.ref.startsWith('refs/') || body.ref.split('/').length < 3) {
      throw validationFailed('Reference', 'ref', 'invalid', `${body.ref} is not a valid ref name.`)
    }
    fullRef(body.ref)
    const sha = await s.git.resolve(repo.bareDir, body.sha)
    if (!sha || sha !== body.sha)
      throw validationFailed('Reference', 'sha', 'invalid', 'Object does not exist')
    if (!(await s.git.updateRef(repo.bareDir, body.ref, sha, '0'.repeat(40)))) {
      throw validationFailed('Reference', 'ref', 'already_exists', 'Reference already exists')
    }
    return { status: 201, body: f.gitRef(s.urls, repo, body.ref, sha) }
  },

  'git/update-ref': async ({ repo, req, params }, s) => {
    const ref = fullRef(params.ref!)
    const { sha, force = false } = bodyOf<{ sha: string; force?: boolean }>(req)
    const current = (await s.git.refs(repo.bareDir, ref)).find(r => r.ref === ref)
    if (!current) throw validationFailed('Reference', 'ref', 'invalid', 'Reference does not exist')
    const target = await s.git.resolve(repo.bareDir, sha)
    if (!target) throw validationFailed('Reference', 'sha', 'invalid', 'Object does not exist')
    if (!force && !(await s.git.isAncestor(repo.bareDir, current.sha, target))) {
      throw validationFailed('Reference', 'sha', 'custom', 'Update is not a fast forward')
    }
    if (ref === `refs/heads/${repo.defaultBranch}` && repo.protectDefaultBranch) {
      throw new HttpError(
        422,
        errorBody(422, 'Protected branch update failed for refs/heads/' + repo.defaultBranch + '.')
      )
    }
    // Compare-and-set against what was just read: an update racing another one loses, as on GitHub.
    if (!(await s.git.updateRef(repo.bareDir, ref, target, current.sha)))
      throw validationFailed('Reference', 'sha', 'custom', 'Update is not a fast forward')
    return { status: 200, body: f.gitRef(s.urls, repo, ref, target) }
  },

  'git/delete-ref': async ({ repo, params }, s) => {
    const ref = fullRef(params.ref!)
    const current = (await s.git.refs(repo.bareDir, ref)).find(r => r.ref === ref)
    if (!current) throw validationFailed('Reference', 'ref', 'invalid', 'Reference does not exist')
    await s.git.deleteRef(repo.bareDir, ref)
    return { status: 204 }
  }
}
