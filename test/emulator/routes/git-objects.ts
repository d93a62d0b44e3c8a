/** Git data: trees and commits written through the API, commits read back, and a branch's history. */
import { bodyOf, errorBody, HttpError, notFound, paginate, validationFailed, type Handler } from '../api.js'
import * as g from '../factories-git.js'

interface TreeBody {
  tree: Array<{ path: string; mode: string; type: string; sha?: string | null; content?: string }>
  base_tree?: string
}

interface CommitBody {
  message: string
  tree: string
  parents?: string[]
  author?: { name: string; email: string }
}

export const gitObjectRoutes: Record<string, Handler> = {
  'git/create-tree': async ({ repo, req }, s) => {
    const body = bodyOf<TreeBody>(req)
    if (body.base_tree !== undefined)
      throw new HttpError(422, errorBody(422, 'The emulator writes whole trees only (no base_tree).'))
    for (const e of body.tree) {
      if (e.path.includes('/'))
        throw validationFailed(
          'Tree',
          'path',
          'invalid',
          `The emulator writes top-level entries only: ${e.path}`
        )
      if (e.content === undefined && (!e.sha || !(await s.git.objectType(repo.bareDir, e.sha))))
        throw validationFailed('Tree', 'sha', 'invalid', `tree.sha ${e.sha ?? ''} is not a valid blob`)
    }
    const sha = await s.git.writeTree(repo.bareDir, body.tree)
    const listed = await s.git.listDir(repo.bareDir, sha, '')
    const entries = (listed ?? []).map(e => {
      const asked = body.tree.find(t => t.path === e.name)
      return { path: e.name, mode: asked?.mode ?? '100644', type: asked?.type ?? 'blob', sha: e.sha }
    })
    return { status: 201, body: g.gitTree(s.urls, repo, sha, entries) }
  },

  'git/create-commit': async ({ repo, req }, s) => {
    const body = bodyOf<CommitBody>(req)
    if ((await s.git.objectType(repo.bareDir, body.tree)) !== 'tree')
      throw validationFailed('Commit', 'tree', 'invalid', `Tree SHA does not exist: ${body.tree}`)
    for (const p of body.parents ?? []) {
      if ((await s.git.objectType(repo.bareDir, p)) !== 'commit')
        throw validationFailed('Commit', 'parents', 'invalid', `Parent SHA does not exist: ${p}`)
    }
    const sha = await s.git.commitTree(repo.bareDir, {
      tree: body.tree,
      parents: body.parents ?? [],
      message: body.message,
      author: body.author
    })
    return { status: 201, body: g.gitCommit(s.urls, repo, await s.git.commit(repo.bareDir, sha)) }
  },

  'git/get-commit': async ({ repo, params }, s) => {
    if ((await s.git.objectType(repo.bareDir, params.commit_sha!)) !== 'commit') throw notFound()
    return {
      status: 200,
      body: g.gitCommit(s.urls, repo, await s.git.commit(repo.bareDir, params.commit_sha!))
    }
  },

  'repos/list-commits': async ({ repo, req }, s) => {
    const rev = req.query.get('sha') ?? repo.defaultBranch
    const head =
      (await s.git.resolve(repo.bareDir, `refs/heads/${rev}`)) ?? (await s.git.resolve(repo.bareDir, rev))
    // GitHub answers 404 "No commit found for SHA" for an unknown branch or sha.
    if (!head) throw new HttpError(404, errorBody(404, `No commit found for SHA: ${rev}`))
    const shas = await s.git.log(repo.bareDir, head, 1000)
    const page = paginate(s.urls, req, shas)
    const items = await Promise.all(
      page.items.map(async sha => g.commit(s.urls, repo, await s.git.commit(repo.bareDir, sha)))
    )
    return { status: 200, body: items, headers: page.headers }
  }
}
