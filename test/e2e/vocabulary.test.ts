/**
 * End to end, a run configured with its own command and labels (`command: /bot`, `trigger-label:
 * robot-ok`, `escalated-label: robot-escalated`): every text it leaves for people (check runs, the
 * hand-back comment, the status answer, the job summary, the step's failure message, the post step's
 * log and the check runs it completes) names those, never the defaults.
 */
import { afterEach, describe, expect, jest, test } from '@jest/globals'
import type { ActionResult } from '../emulator/run-action.js'
import { commentEvent } from './events.js'
import { BOT, expectOutcome, logOf, MAINTAINER, REPO, startScenario, type Scenario } from './harness.js'
import { onLines, startJob, type Job } from './jobs.js'

jest.setTimeout(180_000)

const WORDS = { command: '/bot', 'trigger-label': 'robot-ok', 'escalated-label': 'robot-escalated' }
/** The default command (not a path such as `refs/nightshift/lock`) and the default labels. */
const DEFAULTS = /\/nightshift(?![\w/-])|agent-ok|agent-escalated/

let scenario: Scenario | null = null
let job: Job | null = null
afterEach(async () => {
  await job?.close()
  job = null
  await scenario?.close()
  scenario = null
})

/** Labels the issue `robot-ok` and assigns it to the bot, as the maintainer; returns the `assigned` event. */
async function assign(s: Scenario): Promise<unknown> {
  for (const label of ['robot-ok', 'robot-escalated']) s.emulator.createLabel(REPO, label)
  s.emulator.addLabel(REPO, s.issue.number, 'robot-ok', MAINTAINER)
  s.emulator.assign(REPO, s.issue.number, BOT, MAINTAINER)
  return s.assignedPayload()
}

/** Every text the action left on the emulated GitHub: its comments and each check run's output. */
async function leftOnGitHub(s: Scenario): Promise<{ where: string; text: string }[]> {
  const comments = (await s.comments())
    .filter(c => c.login !== MAINTAINER)
    .map(c => ({ where: `comment ${c.id}`, text: c.body }))
  const runs = [...s.emulator.repo(REPO).checkRuns.values()].map(c => ({
    where: `check run ${c.id}`,
    // The hidden state copy at the end is base64: not a text anyone reads.
    text: [c.output.title, c.output.summary, c.output.text?.replace(/<!-- nightshift-state:v1 [^>]*-->/, '')]
      .filter(Boolean)
      .join('\n')
  }))
  return [...comments, ...runs]
}

function expectOwnWords(texts: { where: string; text: string }[]): void {
  for (const { where, text } of texts) {
    const found = DEFAULTS.exec(text)
    if (found)
      throw new Error(`${where} names "${found[0]}" although the run was configured otherwise:\n${text}`)
  }
}

/** The step's own failure message and the post step's log (the runner shows both). */
function stepTexts(result: ActionResult, name: string): { where: string; text: string }[] {
  const failure = result.stdout
    .split('\n')
    .filter(l => l.startsWith('::error') || l.startsWith('::warning'))
    .join('\n')
  return [
    { where: `${name} failure and warnings`, text: failure },
    { where: `${name} job summary`, text: result.summary }
  ]
}

describe('texts follow the configured command and labels', () => {
  test('handed back: the check run, the comment, the label, the job summary and the status answer use /bot and robot-*', async () => {
    const s = (scenario = await startScenario(['wrong']))
    const result = await s.run('issues', await assign(s), { inputs: { ...WORDS, 'max-attempts': '1' } })
    expectOutcome(result, 'escalated')
    const labels = await s.labels()
    expect(labels).toContain('robot-escalated')
    expect(labels).not.toContain('agent-escalated')
    const handBack = (await s.comments()).find(c => c.login === 'github-actions[bot]')
    expect(handBack?.body).toContain('comment `/bot retry`')
    expect(handBack?.body).toContain('The label `robot-escalated` is applied.')
    expect(result.summary).toContain('comment `/bot retry`')

    const status = await s.run(
      'issue_comment',
      await commentEvent(s.emulator, REPO, { number: s.issue.number, body: '/bot status', user: MAINTAINER }),
      { inputs: WORDS }
    )
    expectOutcome(status, 'answered')
    const answer = (await s.comments()).at(-1)!
    expect(answer.body).toContain('**nightshift status:**')
    expect(answer.body).toContain('comment `/bot retry`')
    expectOwnWords([...(await leftOnGitHub(s)), ...stepTexts(result, 'main step')])
  })

  test('GitHub down, then the post step: the failure, the completed check run and the hand-back it posts use /bot', async () => {
    const s = (scenario = await startScenario(['right']))
    job = await startJob(s)
    const first = await job.main('issues', await assign(s), {
      inputs: WORDS,
      onOutput: onLines([
        /^CI \(fast\) dispatched/,
        () => s.emulator.faults.add({ kind: 'status', route: '* /**', status: 503, times: Infinity })
      ])
    })
    expectOutcome(first, 'failed', 1)
    expect(first.stdout).toContain('comment `/bot retry`')
    s.emulator.faults.clear()
    const post = await job.post(first, { inputs: WORDS })
    expect(post.code).toBe(0)
    const closed = await s.checkRun(Number(first.state['check-run-id']))
    expect(closed).toMatchObject({ status: 'completed', conclusion: 'failure' })
    expect(closed.summary).toContain('comment `/bot retry`')
    const handBack = (await s.comments()).find(c => c.login === 'github-actions[bot]')
    if (!handBack) throw new Error(`the post step posted no hand-back:\n${logOf(post)}`)
    expect(handBack.body).toContain('comment `/bot retry`')
    expectOwnWords([
      ...(await leftOnGitHub(s)),
      ...stepTexts(first, 'main step'),
      { where: 'post step log', text: `${post.stdout}\n${post.stderr}` }
    ])
  })

  test('killed while CI runs: the post step completes the check run as cancelled, naming `/bot retry`', async () => {
    const s = (scenario = await startScenario(['right']))
    job = await startJob(s)
    const first = await job.main('issues', await assign(s), {
      inputs: WORDS,
      onOutput: onLines([/^CI \(fast\) dispatched/, () => job!.kill()])
    })
    expect(first.code).toBeNull()
    await s.emulator.idle()
    const post = await job.post(first, { inputs: WORDS })
    expect(post.code).toBe(0)
    const cancelled = await s.checkRun(Number(first.state['check-run-id']))
    if (cancelled.status !== 'completed')
      throw new Error(`check run still ${cancelled.status}:\n${logOf(post)}`)
    expect(cancelled.conclusion).toBe('cancelled')
    expect(cancelled.summary).toContain('`/bot retry` to resume')
    expectOwnWords([
      ...(await leftOnGitHub(s)),
      { where: 'post step log', text: `${post.stdout}\n${post.stderr}` }
    ])
  })
})
