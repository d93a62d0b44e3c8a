/**
 * A commit made with plumbing on the action's repository: exactly the tree given, on the parent given,
 * its message closed by trailers (`git interpret-trailers`), the branch moved only if it is still at
 * that parent.
 */
import { NightshiftError } from '../errors.js'
import type { Git } from './git.js'

/** Trailer keys git accepts: letters, digits and "-". */
const TRAILER_KEY = /^[A-Za-z0-9][A-Za-z0-9-]*$/

/** `message` with `trailers` appended (and a `Co-authored-by` for `coAuthor` unless one is given). */
export async function messageWithTrailers(
  git: Git,
  message: string,
  trailers: Record<string, string>,
  coAuthor: string | null | undefined
): Promise<string> {
  const all = { ...trailers }
  if (coAuthor && !Object.keys(all).some(k => k.toLowerCase() === 'co-authored-by')) {
    all['Co-authored-by'] = coAuthor
  }
  const args = ['interpret-trailers']
  for (const [key, value] of Object.entries(all)) {
    if (!TRAILER_KEY.test(key)) {
      throw new NightshiftError(`Commit trailer key "${key}" is invalid; expected letters, digits and "-"`)
    }
    args.push('--trailer', `${key}: ${value.replace(/[\r\n]+/g, ' ').trim()}`)
  }
  return Object.keys(all).length
    ? (await git.exec(args, { input: `${message.trim()}\n` })).stdout
    : `${message.trim()}\n`
}

/** Commits `tree` on `parent` with `text` as its message and moves `ref` from `parent` to it. */
export async function commitOnto(
  git: Git,
  ref: string,
  tree: string,
  parent: string,
  text: string
): Promise<string> {
  const sha = await git.read(['commit-tree', tree, '-p', parent, '-F', '-'], { input: text })
  await git.exec(['update-ref', ref, sha, parent])
  return sha
}
