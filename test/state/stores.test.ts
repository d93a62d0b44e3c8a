import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createCacheStore,
  createFileStore,
  createLayeredStore,
  safeKey,
  type CacheModule
} from '../../src/state/stores.js'
import { parseState } from '../../src/state/schema.js'
import { attempt, cancelledMidAttempt } from '../report/states.js'

/**
 * A cache that behaves like the Actions cache service: immutable keys, archives of the given paths,
 * restore by exact key then by prefix with the newest entry winning, and a version tied to the paths.
 */
class RecordingCache implements CacheModule {
  readonly calls: { method: 'save' | 'restore'; paths: string[]; key: string; restoreKeys?: string[] }[] = []
  private readonly entries: { key: string; version: string; archive: string; created: number }[] = []
  private clock = 0
  constructor(private readonly root: string) {}

  async save(paths: string[], key: string): Promise<number> {
    this.calls.push({ method: 'save', paths, key })
    if (key.includes(',') || key.length > 512) throw new Error(`Key Validation Error: ${key}`)
    if (this.entries.some(e => e.key === key)) return -1 // reserved already: the real module warns and returns -1
    const archive = join(this.root, `entry-${this.entries.length}`)
    paths.forEach((p, i) => cpSync(p, join(archive, String(i)), { recursive: true }))
    this.entries.push({ key, version: paths.join('\n'), archive, created: ++this.clock })
    return this.entries.length
  }

  async restore(paths: string[], primaryKey: string, restoreKeys: string[]): Promise<string | undefined> {
    this.calls.push({ method: 'restore', paths, key: primaryKey, restoreKeys })
    const version = paths.join('\n')
    const candidates = this.entries.filter(e => e.version === version)
    const exact = candidates.find(e => e.key === primaryKey)
    const hit =
      exact ??
      restoreKeys
        .map(
          prefix => candidates.filter(e => e.key.startsWith(prefix)).sort((a, b) => b.created - a.created)[0]
        )
        .find(e => e !== undefined)
    if (!hit) return undefined
    paths.forEach((p, i) => cpSync(join(hit.archive, String(i)), p, { recursive: true }))
    return hit.key
  }
}

const throwing: CacheModule = {
  save: async () => {
    throw new Error('Cache service responded with 503')
  },
  restore: async () => {
    throw new Error('getCacheEntry failed: ECONNREFUSED 127.0.0.1:443')
  }
}

function recordingLog() {
  const lines: string[] = []
  return {
    lines,
    info: (m: string) => lines.push(`info: ${m}`),
    warning: (m: string) => lines.push(`warning: ${m}`)
  }
}

describe('state stores', () => {
  let tmp: string
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'nightshift-state-'))
  })
  afterEach(() => rmSync(tmp, { recursive: true, force: true }))

  it('cache store: a new key per save, restored by prefix, the newest attempt wins', async () => {
    const cache = new RecordingCache(join(tmp, 'service'))
    let now = 1_000
    const store = createCacheStore({ cache, dir: join(tmp, 'state'), log: recordingLog(), now: () => now++ })
    const s1 = cancelledMidAttempt()
    await store.save('issue-17', s1)
    const s2 = { ...s1, attempts: [...s1.attempts, attempt(2)] }
    await store.save('issue-17', s2)
    await store.save('issue-170', { ...s1, issue: 170 }) // a neighbour whose key shares the digits

    expect(cache.calls.filter(c => c.method === 'save').map(c => c.key)).toEqual([
      'nightshift-state-issue-17-a1-1000',
      'nightshift-state-issue-17-a2-1001',
      'nightshift-state-issue-170-a1-1002'
    ])
    // A fresh runner: the local folder is gone, only the cache has it.
    rmSync(join(tmp, 'state'), { recursive: true })
    const loaded = parseState(await store.load('issue-17'))
    expect(loaded?.attempts).toHaveLength(2)
    expect(loaded?.issue).toBe(17)
    expect(cache.calls.at(-1)).toEqual({
      method: 'restore',
      paths: [join(tmp, 'state', 'issue-17')],
      key: 'nightshift-state-issue-17-',
      restoreKeys: ['nightshift-state-issue-17-']
    })
    expect(await store.load('issue-99')).toBeNull()
  })

  it('cache store: a stale local file is not mistaken for a cache hit', async () => {
    const cache = new RecordingCache(join(tmp, 'service'))
    const store = createCacheStore({ cache, dir: join(tmp, 'state'), log: recordingLog() })
    await store.save('issue-5', { marker: 'saved' })
    // A file left in issue-6's folder by an earlier job, with no cache entry behind it.
    const folder = join(tmp, 'state', 'issue-6')
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'state.json'), '{"marker":"stale"}')
    expect(await store.load('issue-6')).toBeNull()
    expect(existsSync(join(folder, 'state.json'))).toBe(false)
  })

  it('cache store: cache-service errors are warnings and misses, never throws', async () => {
    const log = recordingLog()
    const store = createCacheStore({ cache: throwing, dir: join(tmp, 'state'), log, now: () => 5 })
    await expect(store.save('issue-17', cancelledMidAttempt())).resolves.toBeUndefined()
    await expect(store.load('issue-17')).resolves.toBeNull()
    expect(log.lines).toEqual([
      'warning: Could not save the state to the cache as nightshift-state-issue-17-a1-5: Cache service responded with 503. Resume may start from an older attempt.',
      'warning: Could not restore the saved state from the cache (nightshift-state-issue-17-*): getCacheEntry failed: ECONNREFUSED 127.0.0.1:443. Continuing without it.'
    ])
  })

  it('cache store: a save the service declined (-1) is a warning', async () => {
    const log = recordingLog()
    const cache: CacheModule = { save: async () => -1, restore: async () => undefined }
    await createCacheStore({ cache, dir: join(tmp, 'state'), log, now: () => 9 }).save('k', { attempts: [] })
    expect(log.lines).toEqual([
      'warning: The cache did not save nightshift-state-k-a0-9 (see the warning above); resume may start from an older attempt.'
    ])
  })

  it('file store: round trip, missing key, corrupt file', async () => {
    const log = recordingLog()
    const store = createFileStore(join(tmp, 'files'), log)
    await store.save('issue-17', { a: 1 })
    expect(await store.load('issue-17')).toEqual({ a: 1 })
    expect(await store.load('issue-18')).toBeNull()
    writeFileSync(join(tmp, 'files', 'issue-19.json'), '{"a":')
    expect(await store.load('issue-19')).toBeNull()
    expect(log.lines[0]).toMatch(/^warning: Could not read the saved state "issue-19"/)
  })

  it('keys cannot escape the folder', async () => {
    expect(safeKey('../../etc/passwd')).toBe('.._.._etc_passwd')
    expect(() => safeKey('..')).toThrow('State key ".." is empty after cleaning')
    const store = createFileStore(join(tmp, 'files'))
    await store.save('../escape', { a: 1 })
    expect(existsSync(join(tmp, 'escape.json'))).toBe(false)
    expect(await store.load('../escape')).toEqual({ a: 1 })
  })

  it('layered store: saves to both, loads from the first that has it', async () => {
    const primary = createFileStore(join(tmp, 'p'))
    const fallback = createFileStore(join(tmp, 'f'))
    const layered = createLayeredStore(primary, fallback)
    await layered.save('k', { v: 1 })
    expect(await primary.load('k')).toEqual({ v: 1 })
    expect(await fallback.load('k')).toEqual({ v: 1 })
    await fallback.save('only-fallback', { v: 2 })
    expect(await layered.load('only-fallback')).toEqual({ v: 2 })
    await primary.save('k', { v: 3 })
    expect(await layered.load('k')).toEqual({ v: 3 })
    expect(await layered.load('none')).toBeNull()
  })
})
