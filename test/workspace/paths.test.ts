import { mkdirSync, symlinkSync, writeFileSync, mkdtempSync, rmSync, realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { GuardError } from '../../src/errors.js'
import { resolveInside } from '../../src/workspace/paths.js'

let tmp: string
let root: string

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(path.join(tmpdir(), 'nightshift-paths-')))
  root = path.join(tmp, 'repo')
  mkdirSync(path.join(root, 'src'), { recursive: true })
  mkdirSync(path.join(root, '.git', 'hooks'), { recursive: true })
  writeFileSync(path.join(root, 'src', 'a.ts'), 'export {}\n')
  writeFileSync(path.join(tmp, 'outside.txt'), 'secret\n')
  symlinkSync('/etc', path.join(root, 'etc-link'))
  symlinkSync(path.join(tmp, 'outside.txt'), path.join(root, 'src', 'outside-link.txt'))
  symlinkSync('a.ts', path.join(root, 'src', 'inside-link.ts'))
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('resolveInside', () => {
  it('resolves relative and absolute paths inside, existing or not', async () => {
    expect(await resolveInside(root, 'src/a.ts')).toBe(path.join(root, 'src/a.ts'))
    expect(await resolveInside(root, './src/../src/a.ts')).toBe(path.join(root, 'src/a.ts'))
    expect(await resolveInside(root, path.join(root, 'src/new/deep.ts'))).toBe(
      path.join(root, 'src/new/deep.ts')
    )
    expect(await resolveInside(root, 'src/inside-link.ts')).toBe(path.join(root, 'src/a.ts'))
    expect(await resolveInside(root, '.')).toBe(root)
  })

  it.each([
    ['../outside.txt', /outside the repository/],
    ['src/../../outside.txt', /outside the repository/],
    ['/etc/passwd', /outside the repository/],
    ['etc-link/passwd', /symlink/],
    ['etc-link/not-yet-there/x', /symlink/],
    ['src/outside-link.txt', /symlink/],
    ['.git/config', /inside \.git/],
    ['.git/hooks/pre-commit', /inside \.git/],
    ['src/../.git/hooks/post-commit', /inside \.git/],
    ['src/a\0.ts', /NUL byte/]
  ])('refuses %j', async (requested, message) => {
    await expect(resolveInside(root, requested)).rejects.toThrow(GuardError)
    await expect(resolveInside(root, requested)).rejects.toThrow(message)
  })
})
