/**
 * What can be said of a `protected-paths` pattern without a glob parser. Reading the settings happens
 * on every event, even one the action ignores, and picomatch costs as much to load as the rest of that
 * path together; most patterns are plain (names, `/` and stars), which no parser can reject, so only
 * the others wait for src/workspace/glob.ts.
 */

/** Why `pattern` protects nothing the way it is written, or null. */
export function shapeProblem(pattern: string): string | null {
  const p = pattern.trim()
  if (p.startsWith('!')) return `"${pattern}" negates; protected-paths lists only what to protect`
  if (p.startsWith('/') || /(^|\/)\.\.(\/|$)/.test(p))
    return `"${pattern}" is not repository-relative; write it without a leading "/" or ".."`
  return null
}

/**
 * Letters, digits, `.`, `_`, `-`, spaces, `/` and `*` only: no bracket, brace, parenthesis, `?`, `!`,
 * `+`, `@` or backslash, the characters of picomatch's syntax that can be left unbalanced or escape.
 */
export function isPlainPattern(pattern: string): boolean {
  return /^[\p{L}\p{N}._\- /*]+$/u.test(pattern.trim())
}
