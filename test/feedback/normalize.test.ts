/** The log normaliser and the line splitter on the awkward inputs real logs contain. */
import { LineSplitter, MAX_LINE_CHARS, splitLines } from '../../src/feedback/lines.js'
import { cleanText, LogNormalizer, stripTimestamp, type LogEvent } from '../../src/feedback/normalize.js'
import { parseWorkflowCommand } from '../../src/feedback/workflow-command.js'

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<string | Buffer> {
  for (const p of parts) yield p
}

async function lines(...parts: (string | Buffer)[]): Promise<string[]> {
  const out: string[] = []
  for await (const l of splitLines(chunks(...parts))) out.push(l)
  return out
}

function events(log: string): LogEvent[] {
  const n = new LogNormalizer()
  return log.split('\n').map(l => n.push(l))
}

describe('line splitting', () => {
  test('CRLF endings lose their \\r, bare \\r stays for the normaliser', async () => {
    expect(await lines('a\r\nb\r\n', 'c\rd\n')).toEqual(['a', 'b', 'c\rd'])
  })

  test('a line split across chunk boundaries is joined, the last line needs no newline', async () => {
    expect(await lines('2026-11-23T22:52:11.1234567Z FA', 'IL src/a.te', 'st.ts\nlast')).toEqual([
      '2026-11-23T22:52:11.1234567Z FAIL src/a.test.ts',
      'last'
    ])
  })

  test('a UTF-8 character split between two byte chunks is decoded once, whole', async () => {
    const bytes = Buffer.from('  ● sum › adds\n', 'utf8')
    const cut = bytes.indexOf(Buffer.from('●')) + 1 // inside the three bytes of "●"
    expect(await lines(bytes.subarray(0, cut), bytes.subarray(cut))).toEqual(['  ● sum › adds'])
  })

  test('a CRLF split between chunks still ends the line cleanly', async () => {
    expect(await lines('one\r', '\ntwo\n')).toEqual(['one', 'two'])
  })

  test('an endless line is cut instead of filling memory', () => {
    const seen: string[] = []
    const s = new LineSplitter(l => seen.push(l))
    const block = 'x'.repeat(16 * 1024)
    for (let i = 0; i < 64; i++) s.push(block) // 1 MB without a newline
    s.push('\nnext\n')
    s.end()
    expect(seen[0].length).toBe(MAX_LINE_CHARS)
    expect(seen[1]).toBe('next')
  })
})

describe('normalising', () => {
  test('strips the runner timestamp (seven fractional digits) and nothing that only looks like one', () => {
    expect(stripTimestamp('2026-11-23T22:52:11.1234567Z hello')).toBe('hello')
    expect(stripTimestamp('2026-11-23T22:52:11Z hello')).toBe('hello')
    expect(stripTimestamp('2026-11-23 is a date')).toBe('2026-11-23 is a date')
    expect(stripTimestamp('2026-11-23T22:52:11.1234567Zno-space')).toBe('no-space')
  })

  test('removes ANSI colours, cursor codes and OSC hyperlinks', () => {
    expect(cleanText('\x1b[1m\x1b[31m  ● \x1b[22mCart › totals\x1b[39m\x1b[0m')).toBe('  ● Cart › totals')
    expect(cleanText('\x1b[2K\x1b[1Gdone')).toBe('done')
    expect(cleanText('\x1b]8;;https://x.test\x07link\x1b]8;;\x07')).toBe('link')
  })

  test('keeps the last drawn segment of a \\r progress line', () => {
    expect(cleanText('[1/3] building\r[2/3] building\r[3/3] done')).toBe('[3/3] done')
    expect(cleanText('50%\r100%\r')).toBe('100%')
  })

  test('tracks steps through nested groups, and skips the step header that echoes the script', () => {
    const log = [
      '\ufeff2026-11-23T22:52:10.0000000Z Current runner version: 2.330.0',
      '2026-11-23T22:52:11.0000000Z ##[group]Run npm test',
      '2026-11-23T22:52:11.0000001Z npm test',
      '2026-11-23T22:52:11.0000002Z shell: /usr/bin/bash -e {0}',
      '2026-11-23T22:52:11.0000003Z ##[endgroup]',
      '2026-11-23T22:52:11.0000004Z ##[group]Inner group',
      '2026-11-23T22:52:11.0000005Z inside',
      '2026-11-23T22:52:11.0000006Z ##[endgroup]',
      '2026-11-23T22:52:11.0000007Z after',
      '2026-11-23T22:52:12.0000000Z ##[error]Process completed with exit code 1.',
      '2026-11-23T22:52:12.0000001Z Post job cleanup.',
      '2026-11-23T22:52:12.0000002Z Cleaning up orphan processes'
    ].join('\n')
    expect(events(log)).toEqual([
      { kind: 'output', text: 'Current runner version: 2.330.0' },
      { kind: 'step', name: 'Run npm test' },
      { kind: 'skip' },
      { kind: 'skip' },
      { kind: 'skip' },
      { kind: 'skip' },
      { kind: 'output', text: 'inside' },
      { kind: 'skip' },
      { kind: 'output', text: 'after' },
      { kind: 'step-failed', reason: 'Process completed with exit code 1.', exitCode: 1 },
      { kind: 'step', name: 'Post job cleanup.' },
      { kind: 'skip' }
    ])
  })

  test('##[error] and ##[warning] lines stay output for the parsers, marked as annotations of the runner', () => {
    const [a, b, c] = events(
      [
        '2026-11-23T22:52:11.1000000Z ##[error]Error: docs are stale',
        "2026-11-23T22:52:11.1000001Z ##[error]  2:9   error  'x' is unused  no-unused-vars",
        '2026-11-23T22:52:11.1000002Z ##[warning]src/a.ts(1,1): warning TS6133: unused'
      ].join('\n')
    )
    expect(a).toEqual({ kind: 'output', text: 'Error: docs are stale', annotation: 'error' })
    // The indentation a stylish row starts with is the tool's, and stays.
    expect(b).toEqual({
      kind: 'output',
      text: "  2:9   error  'x' is unused  no-unused-vars",
      annotation: 'error'
    })
    expect(c).toEqual({
      kind: 'output',
      text: 'src/a.ts(1,1): warning TS6133: unused',
      annotation: 'warning'
    })
  })

  test("the runner's own lines and echoed commands are skipped; a notice is output, not a failure", () => {
    const log = [
      "##[debug]Added matchers: 'tsc'. Problem matchers scan action output for known warning or error strings and report these inline.",
      '##[add-matcher]/home/runner/work/_actions/actions/setup-node/v4/.github/tsc.json',
      '##[command]/usr/bin/docker exec  3f1c2a9d8e7b sh -e /__w/_temp/x.sh',
      '##[section]Starting: test',
      '::remove-matcher owner=eslint-stylish::',
      '::add-matcher::.github/custom.json',
      '##[notice]Deprecated input',
      '##[group]Inner',
      '##[endgroup]'
    ].join('\n')
    expect(events(log)).toEqual([
      ...new Array(6).fill({ kind: 'skip' }),
      { kind: 'output', text: 'Deprecated input' },
      { kind: 'skip' },
      { kind: 'skip' }
    ])
  })

  test('::error commands as a tool printed them (no runner in between) become commands', () => {
    const [b, c, d] = events(
      [
        '::error file=src/a.ts,line=3,col=5,title=TS2322::Type %27x%27 is wrong%0Asecond line',
        '::add-mask::secret',
        '::warning::careful%2C really'
      ].join('\n')
    )
    expect(b).toEqual({
      kind: 'command',
      command: {
        name: 'error',
        properties: { file: 'src/a.ts', line: '3', col: '5', title: 'TS2322' },
        message: 'Type %27x%27 is wrong\nsecond line'
      }
    })
    expect(c).toEqual({ kind: 'skip' })
    expect(d).toEqual({
      kind: 'command',
      command: { name: 'warning', properties: {}, message: 'careful, really' }
    })
  })

  test('workflow command properties unescape %2C and %3A, so paths with commas survive', () => {
    expect(parseWorkflowCommand('::error file=a%2Cb.ts,line=1::m%3Ax')).toEqual({
      name: 'error',
      properties: { file: 'a,b.ts', line: '1' },
      message: 'm:x'
    })
    expect(parseWorkflowCommand(':: not a command')).toBeNull()
  })
})
