/**
 * Every workflow a user copies from README.md or examples/ is one GitHub accepts: each is validated by
 * GitHub's own workflow parser, so a snippet that GitHub would reject fails here first.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { workflowErrors, yamlBlocks } from './helpers/github-workflow.js'

const readme = readFileSync('README.md', 'utf8')
const blocks = yamlBlocks(readme)
const examples = readdirSync('examples').map(f => [f, readFileSync(`examples/${f}`, 'utf8')] as const)

describe('workflows users copy', () => {
  it('finds the README workflows and the examples', () => {
    // The nightshift workflow and the CI workflow with its dispatch trigger.
    expect(blocks.length).toBeGreaterThanOrEqual(2)
    expect(examples.map(([f]) => f).sort()).toEqual([
      'command-agent.yml',
      'nightshift.yml',
      'scheduled-queue.yml'
    ])
  })

  it.each(blocks.map((b, i) => [i + 1, b]))('README yaml block %d is a valid workflow', async (i, block) => {
    expect(await workflowErrors(`README.md#${i}`, block)).toEqual([])
  })

  it.each(examples)('examples/%s is a valid workflow', async (file, content) => {
    expect(await workflowErrors(file, content)).toEqual([])
  })

  it('the validation rejects what GitHub rejects: an unknown key and a broken expression', async () => {
    const [first] = blocks
    expect(
      await workflowErrors('bad.yml', first!.replace('runs-on:', 'runs-on-typo: x\n    runs-on:'))
    ).toEqual([expect.stringContaining("Unexpected value 'runs-on-typo'")])
    expect(
      await workflowErrors('bad.yml', first!.replace("github.event_name != 'workflow_run'", 'format('))
    ).toEqual([expect.stringContaining("Unexpected symbol: '||'")])
  })

  it("the CI workflow's run-name is empty unless nightshift dispatched it, so pushes keep GitHub's name", () => {
    const ci = blocks.find(b => b.includes('# .github/workflows/ci.yml'))!
    expect(ci).toMatch(
      /^run-name: \$\{\{ inputs\.nightshift-id && format\('CI \{0\}', inputs\.nightshift-id\) \|\| '' \}\}$/m
    )
  })

  it('every workflow on comment events skips bots and non-commands, and keeps stop/status out of the loop group', () => {
    for (const [file, content] of [...examples, ['README.md', blocks[0]!] as const]) {
      if (!content.includes('issue_comment:')) continue
      expect([file, content]).toEqual([
        file,
        expect.stringContaining("github.event.comment.user.type != 'Bot'")
      ])
      expect([file, content]).toEqual([
        file,
        expect.stringContaining("contains(github.event.comment.body, '/nightshift status')")
      ])
      expect([file, content]).toEqual([file, expect.stringContaining('cancel-in-progress: false')])
    }
  })
})
