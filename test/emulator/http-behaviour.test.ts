import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { plainClient } from './helpers.js'
import { SAMPLE_MAINTAINER, SAMPLE_REPOSITORY, startSampleEmulator } from './sample.js'
import type { Emulator } from './server.js'
import type { Issue } from './model.js'

const o = { owner: 'octo', repo: 'tinyledger' }
let emulator: Emulator
let issue: Issue

beforeAll(async () => {
  ;({ emulator, issue } = await startSampleEmulator())
})

afterAll(async () => {
  await emulator?.close()
})

describe('GitHub behaviour around the routes', () => {
  test('pagination follows Link headers', async () => {
    for (let i = 0; i < 7; i++)
      emulator.createIssue(SAMPLE_REPOSITORY, {
        title: `Paged ${i}`,
        user: SAMPLE_MAINTAINER,
        labels: ['paged']
      })
    const gh = plainClient(emulator)
    const first = await gh.rest.issues.listForRepo({ ...o, labels: 'paged', per_page: 3, direction: 'asc' })
    expect(first.headers.link).toContain('rel="next"')
    expect(first.headers.link).toContain('page=3>; rel="last"')
    const all = await gh.paginate(gh.rest.issues.listForRepo, {
      ...o,
      labels: 'paged',
      per_page: 3,
      direction: 'asc'
    })
    expect(all.map(i => i.title)).toEqual(Array.from({ length: 7 }, (_, i) => `Paged ${i}`))
  })

  test('tokens: 401 without or with a bad token, 403 without the permission', async () => {
    const anonymous = await fetch(`${emulator.apiUrl}/repos/octo/tinyledger`)
    expect(anonymous.status).toBe(401)
    expect(await anonymous.json()).toEqual({
      message: 'Requires authentication',
      documentation_url: 'https://docs.github.com/rest',
      status: '401'
    })
    await expect(plainClient(emulator, 'ghs_bogus').rest.repos.get(o)).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('Bad credentials')
    })
    const readOnly = emulator.addToken({
      login: 'reader-app[bot]',
      scopes: { issues: 'read', contents: 'read' }
    })
    const gh = plainClient(emulator, readOnly)
    expect((await gh.rest.issues.get({ ...o, issue_number: issue.number })).status).toBe(200)
    await expect(
      gh.rest.issues.createComment({ ...o, issue_number: issue.number, body: 'x' })
    ).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by integration' } }
    })
    await expect(gh.rest.checks.listForRef({ ...o, ref: 'main' })).rejects.toMatchObject({ status: 403 })
    await expect(plainClient(emulator).rest.repos.get({ owner: 'octo', repo: 'nope' })).rejects.toMatchObject(
      { status: 404 }
    )
  })

  test('rate limit: headers, a real budget, and 304s that cost nothing', async () => {
    const t = emulator.addToken({ login: 'limited[bot]', rateLimit: 5 })
    const gh = plainClient(emulator, t)
    const first = await gh.rest.issues.get({ ...o, issue_number: issue.number })
    expect(first.headers).toMatchObject({
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '4',
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core'
    })
    expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000)
    const etag = first.headers.etag!
    for (let i = 0; i < 10; i++) {
      await expect(
        gh.rest.issues.get({ ...o, issue_number: issue.number, headers: { 'if-none-match': etag } })
      ).rejects.toMatchObject({ status: 304 })
    }
    expect(emulator.usage(t)).toEqual({ used: 1, remaining: 4, notModified: 10 })
    for (let i = 0; i < 4; i++) await gh.rest.repos.get(o)
    await expect(gh.rest.repos.get(o)).rejects.toMatchObject({
      status: 403,
      response: { headers: { 'x-ratelimit-remaining': '0' } }
    })
    const limits = await plainClient(emulator).rest.rateLimit.get()
    expect(limits.data.rate.limit).toBe(1000)
  })

  test('an unknown route answers 501 naming it, and is recorded', async () => {
    const res = await fetch(`${emulator.apiUrl}/repos/octo/tinyledger/branches`, {
      headers: { authorization: `token ${emulator.token}` }
    })
    expect(res.status).toBe(501)
    expect(((await res.json()) as { message: string }).message).toContain(
      'GET /repos/octo/tinyledger/branches'
    )
    expect(emulator.takeViolations()).toMatchObject([
      { kind: 'unknown-route', method: 'GET', path: '/repos/octo/tinyledger/branches' }
    ])
  })
})
