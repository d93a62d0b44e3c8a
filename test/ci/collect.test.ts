import { readFileSync } from 'node:fs'
import type { Analyzer } from '../../src/ci/collect.js'
import type { FeedbackOptions, LogInput } from '../../src/feedback/index.js'
import type { ScriptedJob } from '../emulator/scripted-run.js'
import type { Emulator } from '../emulator/server.js'
import { workflowFixture } from './helpers.js'
import { backend, emulatorForFile, harness, requestsTo, type Backend } from './scenarios.js'

const BRANCH = 'agent/7-lint'
const LOG = [
  '2026-03-01T10:00:01.0000000Z ##[group]Run npm test',
  '2026-03-01T10:00:02.0000000Z FAIL test/parse.test.ts',
  '2026-03-01T10:00:03.0000000Z ##[error]Process completed with exit code 1.'
].join('\n')

/** Records what the feedback stage received and reads each log through, as the real one does. */
function recordingAnalyzer() {
  const calls: {
    logs: { name: string; text: string; chunks: number }[]
    options: FeedbackOptions | undefined
  }[] = []
  const analyze: Analyzer = async (logs: LogInput[], options) => {
    const read = []
    for (const log of logs) {
      let chunks = 0
      let body = ''
      for await (const chunk of log.content) {
        chunks++
        body += Buffer.from(chunk as Uint8Array).toString('utf8')
      }
      read.push({ name: log.name, text: body, chunks })
    }
    calls.push({ logs: read, options })
    return {
      failures: options?.annotations ?? [],
      feedback: `feedback for ${read.map(r => r.name).join(', ')}`
    }
  }
  return { analyze, calls }
}

let emulator: Emulator
emulatorForFile(e => (emulator = e))

/** A repository with the ready ci.yml and the agent's branch. */
function ready(): Promise<Backend> {
  return backend(emulator, { workflows: { 'ci.yml': workflowFixture('ready.yml') }, branches: [BRANCH] })
}

const lintJob = (log: ScriptedJob['log']): ScriptedJob => ({
  name: 'lint',
  conclusion: 'failure',
  steps: [
    { name: 'Set up job', conclusion: 'success' },
    { name: 'Run npm run lint', conclusion: 'failure' },
    { name: 'Run npm test', conclusion: 'skipped' }
  ],
  annotations: [
    {
      path: 'src/parse.ts',
      start_line: 12,
      annotation_level: 'failure',
      title: 'ESLint (no-unused-vars)',
      message: "'x' is unused"
    },
    {
      path: '.github',
      start_line: 1,
      annotation_level: 'failure',
      title: '',
      message: 'Process completed with exit code 1.'
    },
    { path: 'src/a.ts', start_line: 3, annotation_level: 'warning', title: 'Deprecated', message: 'old api' }
  ],
  log
})

describe('collecting failures', () => {
  let gh: Backend
  beforeEach(async () => {
    gh = await ready()
  })

  it('reads failed jobs only: steps, annotations, and the log through the 302 redirect', async () => {
    gh.scriptNextRun({
      states: ['in_progress', 'completed:failure'],
      jobs: [
        {
          name: 'build',
          conclusion: 'success',
          steps: [{ name: 'Run make', conclusion: 'success' }],
          log: 'ok'
        },
        lintJob(LOG)
      ]
    })
    const rec = recordingAnalyzer()
    const { ci, clock } = harness(gh, { analyze: rec.analyze })
    const result = await ci.wait(await ci.dispatch(BRANCH, 'fast'), clock.now() + 3_600_000)
    expect(result.failedJobs).toEqual([
      expect.objectContaining({ name: 'lint', conclusion: 'failure', failedSteps: ['Run npm run lint'] })
    ])
    const out = await ci.failures(result)
    expect(out.feedback).toBe('feedback for lint')
    expect(rec.calls).toHaveLength(1)
    expect(rec.calls[0]!.logs).toEqual([{ name: 'lint', text: LOG, chunks: 1 }])
    expect(rec.calls[0]!.options).toEqual({
      annotations: [
        { tool: 'eslint', file: 'src/parse.ts', line: 12, column: null, test: null, message: "'x' is unused" }
      ],
      failedSteps: { lint: ['Run npm run lint'] },
      budgetChars: 6000
    })
    const logCalls = requestsTo(gh, /\/logs$|\/_blobs\//)
    expect(logCalls.map(c => c.status)).toEqual([302, 200])
    expect(logCalls[0]!.path).toContain(`/actions/jobs/${result.failedJobs[0]!.id}/logs`)
    // The signed URL carries its own authorisation: the token never goes to the blob store.
    expect(logCalls[1]!.headers.authorization).toBeUndefined()
  })

  it.each([
    ['gone', '410'],
    ['expired', '403']
  ] as const)('falls back to the annotations when the log is %s, and says so', async (log, status) => {
    // Gone: the API answers 410. Expired: the signed URL has lapsed when it is fetched (403).
    emulator.faults.add(
      log === 'gone'
        ? {
            kind: 'status',
            route: 'actions/download-job-logs-for-workflow-run',
            status: 410,
            message: 'Gone'
          }
        : { kind: 'status', route: 'GET /_blobs/*', status: 403 }
    )
    gh.scriptNextRun({ states: ['completed:failure'], jobs: [lintJob(LOG)] })
    const rec = recordingAnalyzer()
    const { ci, clock } = harness(gh, { analyze: rec.analyze })
    const out = await ci.failures(await ci.wait(await ci.dispatch(BRANCH, 'fast'), clock.now() + 60_000))
    expect(rec.calls[0]!.logs).toEqual([])
    expect(rec.calls[0]!.options?.annotations).toHaveLength(1)
    expect(out.feedback.split('\n')[0]).toMatch(
      new RegExp(
        `^The log of job "lint" could not be read \\(.*${status}.*\\); its annotations are used instead\\.$`
      )
    )
    // The note comes first, then the analyzer's text (which had no log to name).
    expect(out.feedback.split('\n')[1]).toBe('feedback for ')
    expect(out.failures[0]).toMatchObject({ file: 'src/parse.ts', line: 12 })
  })

  it('follows annotation pages and streams a large log in chunks', async () => {
    const many = Array.from({ length: 130 }, (_, i) => ({
      path: `src/f${i}.ts`,
      start_line: i + 1,
      annotation_level: 'failure' as const,
      title: 'tsc',
      message: `error ${i}`
    }))
    gh.scriptNextRun({
      states: ['completed:failure'],
      jobs: [{ ...lintJob({ lines: 60_000 }), annotations: many }]
    })
    const { ci, api, clock } = harness(gh)
    const result = await ci.wait(await ci.dispatch(BRANCH, 'fast'), clock.now() + 60_000)
    const annotations = await api.listAnnotations(result.failedJobs[0]!.checkRunId!)
    expect(annotations).toHaveLength(130)
    expect(
      requestsTo(gh, /annotations/).map(r => new URL(r.path, gh.apiUrl).searchParams.get('page'))
    ).toEqual([null, '2'])
    const log = await api.openJobLog(result.failedJobs[0]!.id)
    if (!log.ok) throw new Error(log.reason)
    let chunks = 0
    let bytes = 0
    let lines = 0
    for await (const chunk of log.content) {
      chunks++
      bytes += chunk.length
      for (const b of chunk) if (b === 10) lines++
    }
    expect(lines).toBe(60_000)
    expect(bytes).toBeGreaterThan(5_000_000)
    expect(chunks).toBeGreaterThan(10)
  })

  it('returns no feedback for a green run and explains a run without failed jobs', async () => {
    gh.scriptNextRun({ states: ['completed:action_required'], jobs: [] })
    const { ci, clock } = harness(gh)
    const result = await ci.wait(await ci.dispatch(BRANCH, 'fast'), clock.now() + 60_000)
    expect(await ci.failures({ ...result, outcome: 'success' })).toEqual({ failures: [], feedback: '' })
    expect((await ci.failures(result)).feedback).toMatch(/ended "action_required" without a failed job/)
    // Nothing to read: no annotation or log request was made.
    expect(requestsTo(gh, /annotations|\/logs$/)).toEqual([])
  })
})

describe('collecting failures with the real feedback stage', () => {
  it('streams a captured eslint log through analyze and finds its failures', async () => {
    const fixtures = new URL('../fixtures/logs/', import.meta.url)
    const log = readFileSync(new URL('eslint-stylish.log', fixtures), 'utf8')
    const expected = JSON.parse(readFileSync(new URL('eslint-stylish.expected.json', fixtures), 'utf8')) as {
      failures: { file: string; line: number }[]
    }
    const gh = await ready()
    gh.scriptNextRun({ states: ['completed:failure'], jobs: [{ ...lintJob(log), annotations: [] }] })
    const { ci, clock } = harness(gh)
    const out = await ci.failures(await ci.wait(await ci.dispatch(BRANCH, 'fast'), clock.now() + 60_000))
    expect(out.failures.length).toBeGreaterThan(0)
    for (const f of expected.failures) {
      expect(out.failures).toContainEqual(expect.objectContaining({ file: f.file, line: f.line }))
      expect(out.feedback).toContain(f.file)
    }
  })
})
