/**
 * Makes the paths tools print relative to the repository root. Tools print absolute paths under
 * the runner's workspace (`/home/runner/work/<repo>/<repo>/`, `D:\a\<repo>\<repo>\`, `/__w/…` in
 * containers), `file://` URLs, `./` prefixes, or paths relative to a package (`go test`). The root
 * comes from the log itself when it says so (checkout's working directory, pytest's rootdir), from
 * the runner's well-known layouts, or from an absolute path that ends with a relative one seen in
 * another failure.
 */
import type { FoundFailure } from './found.js'

// Hosted runners, containers, and self-hosted runners' default `_work` folder.
const RUNNER_ROOT =
  /^(?:\/home\/runner\/work\/[^/]+\/[^/]+|\/Users\/runner\/work\/[^/]+\/[^/]+|\/__w\/[^/]+\/[^/]+|\/github\/workspace|[A-Za-z]:[\\/]a[\\/][^\\/]+[\\/][^\\/]+|(?:\/[^\s/]+)*\/_work\/[^/]+\/[^/]+)(?=[\\/])/
const FORGES = /^(?:github\.com|gitlab\.com|bitbucket\.org|gitea\.com|codeberg\.org)\//

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p)
}

function clean(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '')
}

export function resolvePaths(failures: FoundFailure[], roots: Iterable<string>): void {
  const known = [...roots].map(r => r.replace(/[\\/]+$/, '')).filter(Boolean)
  for (const f of failures) {
    if (!f.file) continue
    let p = f.file.trim()
    if (p.startsWith('file://')) p = decodeURIComponent(p.replace(/^file:\/\/(?:localhost)?/, ''))
    if (/^\/[A-Za-z]:\//.test(p)) p = p.slice(1) // file:///D:/a/...
    f.file = p
  }
  // Learn roots from absolute paths that end with a relative path another failure printed.
  const relatives = new Set(failures.filter(f => f.file && !isAbsolute(f.file)).map(f => clean(f.file!)))
  for (const f of failures) {
    if (!f.file || !isAbsolute(f.file) || known.some(r => under(f.file!, r))) continue
    const runner = RUNNER_ROOT.exec(f.file)
    if (runner) {
      known.push(runner[0])
      continue
    }
    const norm = f.file.replace(/\\/g, '/')
    for (const r of relatives) {
      if (r.includes('/') && norm.endsWith('/' + r)) {
        known.push(f.file.slice(0, f.file.length - r.length - 1))
        break
      }
    }
  }
  known.sort((a, b) => b.length - a.length)
  const repoName = known.length ? known[0].split(/[\\/]/).pop() : undefined
  for (const f of failures) {
    // Messages name files too ("thrown at …", "from 'pkg' (/home/runner/work/…/x.py)").
    for (const r of known) {
      if (f.message.includes(r)) f.message = f.message.split(`file://${r}/`).join('').split(`${r}/`).join('')
    }
    if (!f.file) continue
    const root = known.find(r => under(f.file!, r))
    if (root) f.file = f.file.slice(root.length + 1)
    f.file = clean(f.file)
    if (f.goPackage && !f.file.includes('/')) {
      const dir = goPackageDir(f.goPackage, repoName, relatives)
      if (dir) f.file = `${dir}/${f.file}`
    }
  }
}

function under(file: string, root: string): boolean {
  return (
    file.length > root.length + 1 &&
    file.startsWith(root) &&
    (file[root.length] === '/' || file[root.length] === '\\')
  )
}

/**
 * The directory of a Go package inside the repository, from its import path: the part after the
 * repository's name (module paths end with it by convention), else after the forge's owner/repo.
 */
export function goPackageDir(
  importPath: string,
  repoName: string | undefined,
  known: Set<string> = new Set()
): string {
  const parts = importPath.split('/')
  if (repoName) {
    const i = parts.lastIndexOf(repoName)
    if (i >= 0) return parts.slice(i + 1).join('/')
  }
  // A directory another failure already names settles it.
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(i).join('/')
    for (const k of known) if (k.startsWith(dir + '/')) return dir
  }
  return parts.slice(FORGES.test(importPath) ? 3 : 2).join('/')
}
