import { describe, expect, test } from '@jest/globals'
import { JobLog, logTimestamp } from './log-writer.js'
import { parseCommand } from './workflow-commands.js'
import { AnnotationCollector } from './annotations.js'
import { SecretMasker } from './secret-masker.js'
import { matchesCreated } from './routes/actions.js'
import { matchRoute } from './api-pipeline.js'
import { parseCommandFile, inputEnvName } from './run-action.js'
// @ts-expect-error: a plain .mjs script without type declarations
import { normalise } from '../../scripts/update-github-spec.mjs'

describe('log writer', () => {
  test('timestamps have seven fractional digits and stay ordered', () => {
    const a = logTimestamp(Date.UTC(2026, 10, 23, 22, 52, 11, 123))
    expect(a).toMatch(/^2026-11-23T22:52:11\.123\d{4}Z$/)
    const log = new JobLog(new SecretMasker(), () => Date.UTC(2026, 10, 23, 22, 52, 11, 123))
    log.group('Run npm test', ['npm test'])
    log.line('two\nlines')
    log.error('Process completed with exit code 1.')
    const lines = log.toString().trimEnd().split('\n')
    expect(lines.map(l => l.slice(29))).toEqual([
      '##[group]Run npm test',
      'npm test',
      '##[endgroup]',
      'two',
      'lines',
      '##[error]Process completed with exit code 1.'
    ])
    expect([...lines].sort()).toEqual(lines)
  })
})

describe('workflow commands', () => {
  test('parses properties with GitHub escaping', () => {
    expect(
      parseCommand('::error file=src/a%2Cb.js,line=3,col=7,title=Bad%3A thing::line one%0Aline two')
    ).toEqual({
      command: 'error',
      properties: { file: 'src/a,b.js', line: '3', col: '7', title: 'Bad: thing' },
      message: 'line one\nline two'
    })
    expect(parseCommand('not a command')).toBeNull()
    expect(parseCommand('::notice::plain')).toEqual({ command: 'notice', properties: {}, message: 'plain' })
  })

  test('caps: 10 of each level a step, 50 a job', () => {
    const c = new AnnotationCollector(new SecretMasker())
    for (let step = 0; step < 6; step++) {
      c.startStep()
      for (let i = 0; i < 12; i++) c.add('error', `e${step}-${i}`, { file: 'f.js', line: i + 1 })
    }
    expect(c.annotations).toHaveLength(50)
    expect(c.annotations.filter(a => a.message.startsWith('e0-')).map(a => a.start_line)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    ])
    c.add('error', 'Process completed with exit code 1.', {})
    expect(c.annotations).toHaveLength(50)
  })
})

describe('routing and filters', () => {
  test('routes by the OpenAPI paths; literal segments win; refs keep their slashes', () => {
    expect(matchRoute('PATCH', '/repos/o/r/issues/comments/5')).toEqual({
      operationId: 'issues/update-comment',
      params: { owner: 'o', repo: 'r', comment_id: '5' }
    })
    expect(matchRoute('GET', '/repos/o/r/git/ref/heads/agent/1-x')?.params.ref).toBe('heads/agent/1-x')
    expect(matchRoute('GET', '/repos/o/r/git/ref/heads%2Fagent%2F1-x')?.params.ref).toBe('heads/agent/1-x')
    expect(matchRoute('GET', '/repos/o/r/contents/.github/workflows/ci.yml')?.params.path).toBe(
      '.github/workflows/ci.yml'
    )
    expect(matchRoute('GET', '/repos/o/r/branches')).toBeNull()
  })

  test('created filter of workflow runs', () => {
    expect(matchesCreated('>=2026-11-23T22:00:00Z', '2026-11-23T22:00:00Z')).toBe(true)
    expect(matchesCreated('>=2026-11-23T22:00:00.500Z', '2026-11-23T22:00:00Z')).toBe(true)
    expect(matchesCreated('>2026-11-23T22:00:00Z', '2026-11-23T22:00:00Z')).toBe(false)
    expect(matchesCreated('2026-11-23', '2026-11-23T22:00:00Z')).toBe(true)
    expect(matchesCreated('2026-11-01..2026-11-22', '2026-11-23T22:00:00Z')).toBe(false)
  })
})

describe('the OpenAPI subset script', () => {
  test('normalises nullable for types, enums and compositions', () => {
    expect(normalise({ type: 'string', nullable: true, enum: ['a'], description: 'x' })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null]
    })
    expect(normalise({ allOf: [{ $ref: '#/components/schemas/x' }], nullable: true })).toEqual({
      anyOf: [{ allOf: [{ $ref: '#/components/schemas/x' }] }, { type: 'null' }]
    })
    expect(normalise({ type: 'object', properties: { description: { type: 'string' } } })).toEqual({
      type: 'object',
      properties: { description: { type: 'string' } }
    })
  })
})

describe('the runner environment helpers', () => {
  test('GITHUB_OUTPUT files and input names', () => {
    expect(parseCommandFile('outcome=pr\nsummary<<ghadelimiter_1\na\nb\nghadelimiter_1\n')).toEqual({
      outcome: 'pr',
      summary: 'a\nb'
    })
    expect(inputEnvName('github-token')).toBe('INPUT_GITHUB-TOKEN')
    expect(inputEnvName('max attempts')).toBe('INPUT_MAX_ATTEMPTS')
  })
})
