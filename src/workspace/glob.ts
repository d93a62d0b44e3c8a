/**
 * The glob matcher for `protected-paths`. Node 20's `path.matchesGlob` is experimental, so this is a
 * small, tested one with these rules (documented for the input):
 * - patterns match the whole repository-relative path, `/`-separated, case-sensitive;
 * - `*` matches within one path segment, `?` one character other than `/`, `[abc]`/`[!abc]` a class;
 * - `**` matches any number of segments, including none (`a/**` + `/b` matches `a/b`);
 * - a pattern that matches a folder protects everything below it, so `.github/workflows`,
 *   `.github/workflows/` and `.github/workflows/**` are the same rule.
 * A pattern without a `/` is not special: `*.lock` protects top-level lock files; write `**` + `/*.lock`
 * for any depth.
 */

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch
}

/** Compiles one glob into an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  const pattern = glob.replace(/^\.\//, '').replace(/\/+$/, '')
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        const atStart = i === 0 || pattern[i - 1] === '/'
        const slashAfter = pattern[i + 2] === '/'
        if (atStart && slashAfter) {
          out += '(?:.*/)?'
          i += 2
        } else if (atStart && i + 2 === pattern.length) {
          out += '.*'
          i += 1
        } else {
          out += '[^/]*'
          i += 1
        }
      } else {
        out += '[^/]*'
      }
    } else if (ch === '?') {
      out += '[^/]'
    } else if (ch === '[') {
      const close = pattern.indexOf(']', i + 2)
      if (close === -1) {
        out += '\\['
      } else {
        let body = pattern.slice(i + 1, close)
        if (body.startsWith('!')) body = `^${body.slice(1)}`
        out += `(?!/)[${body.replace(/\\/g, '\\\\')}]`
        i = close
      }
    } else {
      out += escapeRegex(ch)
    }
  }
  return new RegExp(`^${out}$`)
}

/** True when `file` or one of its parent folders matches one of `globs`; returns the matching glob. */
export function matchProtected(file: string, globs: string[]): string | null {
  const clean = file.replace(/^\.\//, '')
  const segments = clean.split('/')
  for (const glob of globs) {
    if (glob.trim() === '') continue
    const re = globToRegExp(glob.trim())
    for (let n = segments.length; n >= 1; n--) {
      if (re.test(segments.slice(0, n).join('/'))) return glob
    }
  }
  return null
}
