/**
 * Branch names for tasks: `<prefix><issue>-<slug>`, e.g. `agent/42-fix-the-login-redirect`.
 * The slug holds only `[a-z0-9-]`, so whatever the title holds (Unicode, emoji, `..`, `@{`, `.lock`,
 * control characters) the name passes `git check-ref-format` (see git-check-ref-format(1)).
 */
import { ConfigError } from '../errors.js'

/** Longest slug kept from a title (the whole branch name stays readable in the UI). */
export const SLUG_MAX = 40

/** A title as a short lowercase ASCII slug; `task` when nothing usable is left. */
export function slugify(title: string, max = SLUG_MAX): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase()
  let slug = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
  if (slug.length > max) {
    const cut = slug.slice(0, max + 1)
    const lastHyphen = cut.lastIndexOf('-')
    // Cut at a word boundary when one is close enough, else mid-word.
    slug = (lastHyphen >= max / 2 ? cut.slice(0, lastHyphen) : slug.slice(0, max)).replace(/-+$/, '')
  }
  return slug || 'task'
}

/**
 * Checks a branch prefix such as `agent/`: non-empty, ends with `/`, and made of ref-safe
 * components. Throws ConfigError otherwise.
 */
export function assertBranchPrefix(prefix: string): void {
  const components = prefix.split('/').slice(0, -1)
  const ok =
    prefix.endsWith('/') &&
    components.length > 0 &&
    components.every(
      c => /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(c) && !c.endsWith('.lock') && !c.includes('..')
    )
  if (!ok) {
    throw new ConfigError([
      `branch-prefix: "${prefix}" is not a usable branch prefix; expected letters, digits, "-", "_" or "." ` +
        'in one or more path components ending with "/", such as "agent/"'
    ])
  }
}

/** The `branch-prefix` input's default. */
export const DEFAULT_BRANCH_PREFIX = 'agent/'

/** The branch for an issue: `branchFor(42, 'Fix the login redirect', 'agent/')` → `agent/42-fix-the-login-redirect`. */
export function branchFor(issue: number, title: string, prefix = DEFAULT_BRANCH_PREFIX): string {
  assertBranchPrefix(prefix)
  if (!Number.isSafeInteger(issue) || issue <= 0) {
    throw new ConfigError([
      `issue: ${JSON.stringify(issue)} is not an issue number; expected a positive whole number`
    ])
  }
  return `${prefix}${issue}-${slugify(title)}`
}

/** The issue number a task branch was made for, or null when `branch` is not one of ours. */
export function issueFromBranch(branch: string, prefix = DEFAULT_BRANCH_PREFIX): number | null {
  const name = branch.startsWith('refs/heads/') ? branch.slice('refs/heads/'.length) : branch
  if (!prefix || !name.startsWith(prefix)) return null
  const match = /^([1-9][0-9]*)(?:-[a-z0-9-]*)?$/.exec(name.slice(prefix.length))
  if (!match) return null
  const n = Number(match[1])
  return Number.isSafeInteger(n) ? n : null
}
