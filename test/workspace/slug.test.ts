import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { ConfigError } from '../../src/errors.js'
import { branchFor, issueFromBranch, slugify, SLUG_MAX } from '../../src/workspace/slug.js'

const run = promisify(execFile)

/** `git check-ref-format` is the authority on what a ref may be. */
async function validRef(branch: string): Promise<boolean> {
  try {
    await run('git', ['check-ref-format', `refs/heads/${branch}`], {
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' }
    })
    return true
  } catch {
    return false
  }
}

const cases: [string, string][] = [
  ['Fix the login redirect', 'agent/42-fix-the-login-redirect'],
  ['  Add `--json` flag to the CLI!!  ', 'agent/42-add-json-flag-to-the-cli'],
  ['Crème brûlée: naïve café façade', 'agent/42-creme-brulee-naive-cafe-facade'],
  ['Straße und Øresund', 'agent/42-strasse-und-oresund'],
  ['🚀🔥', 'agent/42-task'],
  ['修复登录问题', 'agent/42-task'],
  ['', 'agent/42-task'],
  ['..', 'agent/42-task'],
  ['a..b', 'agent/42-a-b'],
  ['refs@{upstream} ~^:?*[\\', 'agent/42-refs-upstream'],
  ['config.lock', 'agent/42-config-lock'],
  ['name.lock.', 'agent/42-name-lock'],
  ['-leading dash', 'agent/42-leading-dash'],
  ['line\nbreak\ttab\u0000nul\u007fdel', 'agent/42-line-break-tab-nul-del'],
  ['/slashes//everywhere/', 'agent/42-slashes-everywhere'],
  ['ＦＵＬＬＷＩＤＴＨ letters', 'agent/42-fullwidth-letters'],
  [
    'Refactor the configuration parser so that every input is validated in one place',
    'agent/42-refactor-the-configuration-parser-so'
  ],
  ['x'.repeat(100), `agent/42-${'x'.repeat(SLUG_MAX)}`]
]

describe('branchFor', () => {
  it.each(cases)('%j → %s, a valid git ref', async (title, expected) => {
    const branch = branchFor(42, title, 'agent/')
    expect(branch).toBe(expected)
    expect(branch.length).toBeLessThanOrEqual('agent/42-'.length + SLUG_MAX)
    expect(await validRef(branch)).toBe(true)
  })

  it('cuts long titles at a word boundary', () => {
    expect(slugify('aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj')).toBe(
      'aaaa-bbbb-cccc-dddd-eeee-ffff-gggg-hhhh'
    )
  })

  it('accepts nested prefixes and refuses unusable ones', async () => {
    expect(branchFor(7, 'Hello', 'bots/nightshift/')).toBe('bots/nightshift/7-hello')
    expect(await validRef('bots/nightshift/7-hello')).toBe(true)
    for (const prefix of ['', 'agent', '/agent/', 'a..b/', 'x.lock/', 'a b/', 'a//', '-x/']) {
      expect(() => branchFor(7, 'Hello', prefix)).toThrow(ConfigError)
    }
    expect(() => branchFor(0, 'Hello')).toThrow(/not an issue number/)
    expect(() => branchFor(1.5, 'Hello')).toThrow(ConfigError)
  })
})

describe('issueFromBranch', () => {
  it.each([
    ['agent/42-fix-login', 42],
    ['refs/heads/agent/42-fix-login', 42],
    ['agent/7', 7],
    ['agent/7-task', 7],
    ['main', null],
    ['agent/', null],
    ['agent/x-42', null],
    ['agent/042-x', null],
    ['agent/42fix', null],
    ['other/42-x', null],
    ['agent/99999999999999999999-x', null]
  ])('%s → %p', (branch, expected) => {
    expect(issueFromBranch(branch, 'agent/')).toBe(expected)
  })

  it('reads back what branchFor makes', () => {
    for (const [title] of cases) expect(issueFromBranch(branchFor(1234, title, 'ns/'), 'ns/')).toBe(1234)
  })
})
