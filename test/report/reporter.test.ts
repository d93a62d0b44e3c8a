import type { Failure } from '../../src/feedback/types.js'
import { annotationPath, batches, clipBytes, toAnnotations } from '../../src/report/annotations.js'
import { createReporter } from '../../src/report/reporter.js'
import { FakeForge } from './fake-forge.js'
import { attempt, ci, jestFailure, running, successAfterTwo, tscFailure } from './states.js'
import { DEFAULT_VOCABULARY as WORDS } from '../../src/report/vocabulary.js'

function failures(n: number): Failure[] {
  return Array.from({ length: n }, (_, i) => ({
    tool: 'jest',
    file: `src/m${i}.test.ts`,
    line: i + 1,
    column: 3,
    test: `m${i} › works`,
    message: `expect(received).toBe(expected)\n\nExpected: ${i}\nReceived: ${i + 1}`
  }))
}

describe('annotations', () => {
  it('keeps only placeable failures, deduplicated, as failure annotations', () => {
    const list = toAnnotations([
      jestFailure,
      { ...jestFailure }, // duplicate
      tscFailure,
      { ...tscFailure, file: null }, // no file
      { ...tscFailure, line: null }, // no line
      { ...tscFailure, file: '/home/runner/work/x.ts' }, // absolute
      { ...tscFailure, file: '../outside.ts' }, // escapes the repository
      { ...tscFailure, file: './src/dot.ts', line: 2 }
    ])
    expect(list).toEqual([
      {
        path: 'src/parse-date.test.ts',
        start_line: 14,
        end_line: 14,
        annotation_level: 'failure',
        message: jestFailure.message,
        title: 'jest: parseDate › accepts ISO dates with a time zone offset'
      },
      {
        path: 'src/parse-date.ts',
        start_line: 8,
        end_line: 8,
        annotation_level: 'failure',
        message: tscFailure.message,
        title: "tsc: TS2322: Type 'string | undefined' is not assignable to type 'string'."
      },
      expect.objectContaining({ path: 'src/dot.ts', start_line: 2 })
    ])
  })

  it('caps the message at 64 KB and the title at 255 characters', () => {
    const [a] = toAnnotations([{ ...jestFailure, test: 't'.repeat(1000), message: '€'.repeat(40_000) }])
    expect(Buffer.byteLength(a!.message, 'utf8')).toBeLessThanOrEqual(64 * 1024)
    expect(a!.message).not.toContain('\uFFFD')
    expect(a!.title!.length).toBe(255)
    expect(clipBytes('short', 10)).toBe('short')
    expect(annotationPath('C:\\x\\y.ts')).toBeNull()
    expect(annotationPath('a\\b.ts')).toBe('a/b.ts')
  })

  it('splits into batches of 50', () => {
    expect(batches(toAnnotations(failures(120))).map(b => b.length)).toEqual([50, 50, 20])
  })
})

describe('reporter lifecycle on the Forge port', () => {
  it('start → update (skipped when unchanged) → moveTo → annotate → complete: exact calls', async () => {
    const forge = new FakeForge()
    const reporter = createReporter(forge, { words: WORDS })
    const state = running()
    await reporter.start('a'.repeat(40), state)
    expect(reporter.checkRunId).toBe(1)
    expect(reporter.url).toBe('https://github.example/o/r/runs/1')

    state.updatedAt += 5000 // only the hidden copy would change
    await reporter.update(state)
    state.phase = 'attempt'
    await reporter.update(state)

    await reporter.moveTo('b'.repeat(40), state)
    await reporter.annotate(failures(120))
    await reporter.annotate(failures(120)) // already annotated: nothing to write

    const done = successAfterTwo()
    await reporter.complete(done)

    expect(forge.calls.map(c => `${c.method}(${c.args[0]})`)).toEqual([
      `createCheckRun(${'a'.repeat(40)})`,
      'updateCheckRun(1)', // the phase change
      `createCheckRun(${'b'.repeat(40)})`,
      'updateCheckRun(1)', // the old one completes as neutral, pointing to the new one
      'updateCheckRun(2)',
      'updateCheckRun(2)',
      'updateCheckRun(2)', // 50 + 50 + 20 annotations
      'updateCheckRun(2)' // complete
    ])
    const [oldRun, newRun] = forge.checkRuns
    expect(oldRun?.conclusion).toBe('neutral')
    expect(oldRun?.output.summary).toContain('(https://github.example/o/r/runs/2)')
    expect(newRun?.annotations.map(a => a.start_line)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1))
    expect(
      forge
        .callsTo('updateCheckRun')
        .slice(2, 5)
        .map(([, u]) => u.annotations?.length)
    ).toEqual([50, 50, 20])
    expect(newRun?.conclusion).toBe('success')
    expect(newRun?.output.title).toBe('Pull request ready after 2 attempts: CI passed on the final head')
    expect(reporter.conclusion).toBe('success')
    expect(reporter.checkRunId).toBe(2)
    expect(reporter.headSha).toBe('b'.repeat(40))
  })

  it('moveTo the same head is a plain update; annotations are capped per check run', async () => {
    const forge = new FakeForge()
    const reporter = createReporter(forge, { words: WORDS, maxAnnotations: 60 })
    const state = running()
    await reporter.start('c'.repeat(40), state)
    state.attempts.push(attempt(3, { ci: ci('failure', [jestFailure], 6003) }))
    await reporter.moveTo('c'.repeat(40), state)
    await reporter.annotate(failures(1000))
    expect(forge.calls.map(c => c.method)).toEqual([
      'createCheckRun',
      'updateCheckRun',
      'updateCheckRun',
      'updateCheckRun'
    ])
    expect(forge.checkRuns[0]?.annotations).toHaveLength(60)
  })

  it('new work: no check run on the base head; the first push opens one, and nothing else is superseded', async () => {
    const forge = new FakeForge()
    const reporter = createReporter(forge, { words: WORDS })
    const state = running()
    await reporter.start('a'.repeat(40), state, { untilPushed: true })
    await reporter.update(state)
    await reporter.annotate(failures(3))
    expect(forge.calls).toEqual([])
    expect(reporter.checkRunId).toBeNull()
    await reporter.moveTo('b'.repeat(40), state)
    expect(forge.calls.map(c => c.method)).toEqual(['createCheckRun'])
    expect(forge.checkRuns.map(r => r.headSha)).toEqual(['b'.repeat(40)])
    expect(reporter.headSha).toBe('b'.repeat(40))
  })

  it('new work that never pushes leaves no check run, and completing it writes nothing', async () => {
    const forge = new FakeForge()
    const opened: number[][] = []
    const reporter = createReporter(forge, { words: WORDS, onOpen: o => opened.push(o) })
    await reporter.start('a'.repeat(40), running(), { untilPushed: true })
    const failed = {
      ...running(),
      outcome: 'failed' as const,
      reason: 'model-error' as const,
      phase: 'done' as const
    }
    await reporter.complete(failed)
    expect(forge.calls).toEqual([])
    expect(opened).toEqual([])
    expect(reporter.url).toBeNull()
    expect(reporter.conclusion).toBe('failure')
  })

  it('refuses to write before start, naming the call', async () => {
    const reporter = createReporter(new FakeForge(), { words: WORDS })
    await expect(reporter.update(running())).rejects.toThrow('Reporter.update() was called before start()')
  })

  it('the fake forge keeps PRs, comments, labels and stop requests', async () => {
    const forge = new FakeForge()
    const pr = await forge.createPullRequest({
      branch: 'agent/1-x',
      base: 'main',
      title: 't',
      body: 'b',
      draft: true
    })
    expect(await forge.findPullRequest('agent/1-x')).toEqual(pr)
    await expect(
      forge.createPullRequest({ branch: 'agent/1-x', base: 'main', title: 't', body: 'b', draft: true })
    ).rejects.toThrow('already exists')
    await forge.addLabels(1, ['agent-escalated'])
    await forge.removeLabel(1, 'agent-escalated')
    expect(forge.labels.get(1)?.size).toBe(0)
    forge.requestStop(1, 1000)
    expect(await forge.stopRequested(1, 999)).toBe(true)
    expect(await forge.stopRequested(1, 1000)).toBe(false)
    await expect(forge.comment(1, 'x'.repeat(65_537))).rejects.toThrow('Body is too long')
  })
})

describe('check runs this job leaves open', () => {
  it('tracks every check run opened and not completed; a failed supersede stays open for the post step', async () => {
    const forge = new FakeForge({ failures: { updateCheckRun: [] } })
    const seen: number[][] = []
    const warnings: string[] = []
    const reporter = createReporter(forge, {
      words: WORDS,
      onOpen: open => seen.push(open),
      warn: m => warnings.push(m)
    })
    const state = running()
    await reporter.start('a'.repeat(40), state)
    forge.failures.updateCheckRun = [new Error('Could not update the check run (HTTP 502).')]
    // The new check run exists; closing the old one fails: the move still succeeds.
    await reporter.moveTo('b'.repeat(40), state)
    expect(reporter.checkRunId).toBe(2)
    expect(warnings).toEqual([
      'Could not complete check run 1 as superseded: Could not update the check run (HTTP 502).'
    ])
    await reporter.complete(successAfterTwo())
    expect(seen).toEqual([[1], [1, 2], [1]])
    expect(forge.checkRuns.map(r => r.conclusion)).toEqual([null, 'success'])
  })

  it('a failed completion keeps the run listed as open', async () => {
    const forge = new FakeForge()
    const seen: number[][] = []
    const reporter = createReporter(forge, { words: WORDS, onOpen: open => seen.push(open) })
    await reporter.start('a'.repeat(40), running())
    forge.failures.updateCheckRun = [new Error('HTTP 503')]
    await expect(reporter.complete(successAfterTwo())).rejects.toThrow('HTTP 503')
    expect(reporter.conclusion).toBeNull()
    expect(seen.at(-1)).toEqual([1])
  })

  it('takes over a check run an earlier job left in progress on the same commit instead of opening a second', async () => {
    const forge = new FakeForge()
    const left = await forge.createCheckRun('a'.repeat(40), { title: 'Running', summary: '…' })
    const reporter = createReporter(forge, {
      words: WORDS,
      leftOpen: head => (head === 'a'.repeat(40) ? left : null)
    })
    await reporter.start('a'.repeat(40), running())
    expect(forge.checkRuns).toHaveLength(1)
    expect(reporter.checkRunId).toBe(left.id)
    expect(forge.callsTo('updateCheckRun')[0]?.[0]).toBe(left.id)
    await reporter.start('c'.repeat(40), running())
    expect(forge.checkRuns).toHaveLength(2)
  })
})
