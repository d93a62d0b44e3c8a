import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LocalForge } from '../../src/local/forge.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nightshift-local-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('LocalForge', () => {
  it('records check runs, writes the completed one as markdown, and prints progress', async () => {
    const lines: string[] = []
    const reportFile = join(dir, 'out/report.md')
    const forge = new LocalForge({ reportFile, log: l => lines.push(l) })
    const sha = 'a'.repeat(40)
    const run = await forge.createCheckRun(sha, { title: 'Attempt 1 running', summary: 'started' })
    expect(run).toEqual({ id: 1, url: `file://${reportFile}` })
    await forge.updateCheckRun(run.id, {
      annotations: [
        {
          path: 'src/math.mjs',
          start_line: 1,
          end_line: 1,
          annotation_level: 'failure',
          message: 'expected 3\ngot -1'
        }
      ]
    })
    await expect(readFile(reportFile)).rejects.toThrow(/ENOENT/)
    await forge.updateCheckRun(run.id, {
      output: {
        title: 'Succeeded after 2 attempts',
        summary: '| attempt | CI |\n|---|---|\n| 1 | failure |',
        text: 'details'
      },
      conclusion: 'success'
    })
    expect(forge.checkRuns[0]).toMatchObject({
      headSha: sha,
      conclusion: 'success',
      annotations: [{ path: 'src/math.mjs' }]
    })
    expect(await readFile(reportFile, 'utf8')).toBe(
      '# Succeeded after 2 attempts\n\nConclusion: **success** on `' +
        sha +
        '`\n\n| attempt | CI |\n|---|---|\n| 1 | failure |\n\ndetails\n\n## Annotations\n\n' +
        '- failure `src/math.mjs:1` expected 3\n'
    )
    expect(lines).toEqual([
      `[check 1] aaaaaaaaaaaa: Attempt 1 running`,
      '[check 1] 1 annotation(s)',
      '[check 1] Succeeded after 2 attempts',
      '[check 1] completed: success',
      `Report written to ${reportFile}`
    ])
    await expect(forge.updateCheckRun(9, { conclusion: 'neutral' })).rejects.toThrow(/Unknown check run 9/)
  })

  it('keeps comments, labels and one pull request per branch', async () => {
    const forge = new LocalForge()
    expect(await forge.comment(4, 'Handing back: tests still fail\nmore')).toEqual({
      id: 1,
      url: 'local:issue/4#comment-1'
    })
    await forge.addLabels(4, ['agent-escalated', 'agent-ok'])
    await forge.removeLabel(4, 'agent-ok')
    expect([...(forge.labels.get(4) ?? [])]).toEqual(['agent-escalated'])
    expect(await forge.findPullRequest('agent/4-x')).toBeNull()
    const pr = await forge.createPullRequest({
      branch: 'agent/4-x',
      base: 'main',
      title: 'Fix',
      body: 'Closes #4',
      draft: true
    })
    expect(pr).toEqual({ number: 1, url: 'local:pull/1', branch: 'agent/4-x', draft: true })
    expect(await forge.findPullRequest('agent/4-x')).toEqual(pr)
    await expect(
      forge.createPullRequest({ branch: 'agent/4-x', base: 'main', title: 'Again', body: '', draft: false })
    ).rejects.toThrow(/already exists/)
    await forge.updatePullRequest(1, { body: 'Closes #4\n\nupdated' })
    expect(forge.pullRequests[0]).toMatchObject({ title: 'Fix', body: 'Closes #4\n\nupdated', base: 'main' })
  })

  it('honours a stop recorded after the loop started, or a stop file', async () => {
    let now = 1_000
    const stopFile = join(dir, 'STOP')
    const forge = new LocalForge({ stopFile, clock: { now: () => now, sleep: async () => undefined } })
    forge.requestStop(4)
    expect(await forge.stopRequested(4, 500)).toBe(true)
    expect(await forge.stopRequested(4, 2_000)).toBe(false)
    expect(await forge.stopRequested(5, 500)).toBe(false)
    now = 3_000
    await writeFile(stopFile, '')
    expect(await forge.stopRequested(5, Date.now() - 60_000)).toBe(true)
    expect(await forge.stopRequested(5, Date.now() + 60_000)).toBe(false)
  })
})
