/**
 * The matcher for `protected-paths`, on picomatch (https://github.com/micromatch/picomatch):
 * - patterns match the whole repository-relative path, `/`-separated; `*` stays within one segment,
 *   `**` spans any number of segments at any depth, `{a,b}` braces and `[abc]`/`[!abc]` classes work;
 * - matching ignores case and Unicode normalisation (NFC and NFD spell one name alike), because a
 *   checkout on macOS or Windows turns `.GitHub/Workflows/ci.yml` into `.github/workflows/ci.yml`;
 * - dotfiles match like any other name (`*` matches `.env`);
 * - a pattern that matches a folder protects everything below it, so `.github/workflows`,
 *   `.github/workflows/` and `.github/workflows/**` are the same rule;
 * - a pattern without a `/` is not special: `*.lock` protects top-level lock files, `**` + `/*.lock`
 *   every one.
 * A pattern that cannot be parsed (an unclosed `[`, `{` or `(`) or that negates (`!x`) is a
 * configuration error: silently dropping it would leave the path unprotected.
 */
import picomatch from 'picomatch'
import { ConfigError } from '../errors.js'
import { isPlainPattern, shapeProblem } from './glob-shape.js'

export type ProtectedMatcher = (file: string) => string | null

// posix: `[!a]` negates a class, as in gitignore and bash.
const OPTIONS: picomatch.PicomatchOptions = { dot: true, nocase: true, strictBrackets: true, posix: true }

function normalise(p: string): string {
  return p.normalize('NFC').replace(/^\.\//, '').replace(/\/+$/, '')
}

/** Why `pattern` is not a usable protected-path glob, or null when it is. */
export function patternProblem(pattern: string): string | null {
  const shape = shapeProblem(pattern)
  if (shape !== null || isPlainPattern(pattern)) return shape
  try {
    picomatch.makeRe(normalise(pattern.trim()), OPTIONS)
  } catch (e) {
    return `"${pattern}" is not a valid glob (${(e as Error).message})`
  }
  return null
}

/** Compiles `patterns` once; throws ConfigError naming every pattern that cannot be used. */
export function compileProtected(patterns: string[]): ProtectedMatcher {
  const usable = patterns.map(p => p.trim()).filter(p => p !== '')
  const problems = usable.map(patternProblem).filter((p): p is string => p !== null)
  if (problems.length > 0) throw new ConfigError(problems.map(p => `protected-paths: ${p}.`))
  const compiled = usable.map(p => ({ pattern: p, test: picomatch(normalise(p), OPTIONS) }))
  return (file: string) => {
    const segments = normalise(file).split('/')
    for (const { pattern, test } of compiled) {
      for (let n = segments.length; n >= 1; n--) {
        if (test(segments.slice(0, n).join('/'))) return pattern
      }
    }
    return null
  }
}

/** True when `file` or one of its parent folders matches one of `globs`; returns the matching glob. */
export function matchProtected(file: string, globs: string[]): string | null {
  return compileProtected(globs)(file)
}
