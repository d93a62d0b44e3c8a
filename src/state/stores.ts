/**
 * `Store` implementations: what survives a cancelled or killed run so `/nightshift retry` can resume
 * from the last finished attempt. A store never throws: losing resume state is worth a warning, not
 * the task.
 */
import * as cache from '@actions/cache'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { errorMessage } from '../errors.js'
import type { Store } from '../loop/ports.js'

/** The two calls of `@actions/cache` this module needs (see `actionsCache()` for the real one). */
export interface CacheModule {
  /** Saves `paths` under the immutable `key`; resolves to a cache id, -1 when nothing was saved. */
  save(paths: string[], key: string): Promise<number>
  /** Restores the newest entry whose key equals `primaryKey` or starts with a restore key; the key hit, or undefined. */
  restore(paths: string[], primaryKey: string, restoreKeys: string[]): Promise<string | undefined>
}

export interface StoreLog {
  info(message: string): void
  warning(message: string): void
}

/** A key safe for file names and cache keys (no commas, bounded length). */
export function safeKey(key: string): string {
  const cleaned = key.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 200)
  if (cleaned === '' || /^\.+$/.test(cleaned))
    throw new Error(
      `State key ${JSON.stringify(key)} is empty after cleaning: expected letters, digits, '.', '_' or '-'.`
    )
  return cleaned
}

async function writeJson(file: string, value: unknown): Promise<void> {
  // Write then rename, so a run killed mid-write never leaves half a file behind.
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, JSON.stringify(value))
  await rename(tmp, file)
}

async function readJson(file: string): Promise<unknown | null> {
  let raw: string
  try {
    raw = await readFile(file, 'utf8')
  } catch {
    return null
  }
  return JSON.parse(raw) as unknown
}

/** JSON files in `dir`, one per key. Load of a missing key gives null; unreadable JSON is logged and gives null. */
export function createFileStore(dir: string, log?: StoreLog): Store {
  return {
    async load(key) {
      try {
        return await readJson(join(dir, `${safeKey(key)}.json`))
      } catch (e) {
        log?.warning(`Could not read the saved state ${JSON.stringify(key)} in ${dir}: ${errorMessage(e)}`)
        return null
      }
    },
    async save(key, state) {
      try {
        await mkdir(dir, { recursive: true })
        await writeJson(join(dir, `${safeKey(key)}.json`), state)
      } catch (e) {
        log?.warning(`Could not save the state ${JSON.stringify(key)} in ${dir}: ${errorMessage(e)}`)
      }
    }
  }
}

export interface CacheStoreOptions {
  cache: CacheModule
  /**
   * Where state files live while cached. Must be the same path in every run: the cache version is
   * derived from the path list (e.g. `${RUNNER_TEMP}/nightshift-state`).
   */
  dir: string
  /** Prefix of every cache key (default `nightshift-state`). */
  keyPrefix?: string
  log: StoreLog
  /** Milliseconds since the epoch, for unique keys (default Date.now). */
  now?: () => number
}

/** How many attempts a saved LoopState-like value holds (for readable keys); 0 when unknown. */
function attemptsOf(state: unknown): number {
  if (typeof state === 'object' && state !== null && 'attempts' in state && Array.isArray(state.attempts)) {
    return state.attempts.length
  }
  return 0
}

/**
 * A Store over the Actions cache. Cache entries are immutable, so every save gets a new key
 * `<prefix>-<key>-a<attempt>-<timestamp>`; a load restores by the prefix `<prefix>-<key>-`, and the
 * cache service returns the most recently created match, so the newest save wins. Any cache-service
 * error (none on the runner, read-only tokens, outages) is a warning and a miss, never a throw.
 */
export function createCacheStore(options: CacheStoreOptions): Store {
  const { cache, dir, log } = options
  const prefix = options.keyPrefix ?? 'nightshift-state'
  const now = options.now ?? Date.now
  // One folder per key: the cached path list is exactly this folder, the same on save and restore.
  const folder = (key: string) => join(dir, safeKey(key))
  const file = (key: string) => join(folder(key), 'state.json')
  return {
    async load(key) {
      let restorePrefix = `${prefix}-${key}-`
      try {
        restorePrefix = `${prefix}-${safeKey(key)}-`
        await rm(folder(key), { recursive: true, force: true })
        const hit = await cache.restore([folder(key)], restorePrefix, [restorePrefix])
        if (hit === undefined) {
          log.info(`No saved state in the cache for ${restorePrefix}*.`)
          return null
        }
        const value = await readJson(file(key))
        if (value === null) log.warning(`The cache entry ${hit} restored no state file at ${file(key)}.`)
        else log.info(`Restored the saved state from the cache entry ${hit}.`)
        return value
      } catch (e) {
        log.warning(
          `Could not restore the saved state from the cache (${restorePrefix}*): ${errorMessage(e)}. Continuing without it.`
        )
        return null
      }
    },
    async save(key, state) {
      const cacheKey = `${prefix}-${safeKey(key)}-a${attemptsOf(state)}-${now()}`
      try {
        await mkdir(folder(key), { recursive: true })
        await writeJson(file(key), state)
        const id = await cache.save([folder(key)], cacheKey)
        if (id === -1)
          log.warning(
            `The cache did not save ${cacheKey} (see the warning above); resume may start from an older attempt.`
          )
      } catch (e) {
        log.warning(
          `Could not save the state to the cache as ${cacheKey}: ${errorMessage(e)}. Resume may start from an older attempt.`
        )
      }
    }
  }
}

/** Saves to both stores; loads from the first that has the key. */
export function createLayeredStore(primary: Store, fallback: Store): Store {
  return {
    async load(key) {
      return (await primary.load(key)) ?? (await fallback.load(key))
    },
    async save(key, state) {
      await Promise.all([primary.save(key, state), fallback.save(key, state)])
    }
  }
}

/**
 * The real `@actions/cache`. Imported statically: a dynamic import would make the bundler emit a
 * separate chunk file per entry point in dist/. Without a cache service (`isFeatureAvailable()`
 * false: local mode, some GHES) both calls throw, which the cache store turns into a warning.
 */
/** Whether this runner has the Actions cache service (GitHub-hosted and most self-hosted runners do). */
export function cacheServiceAvailable(): boolean {
  return cache.isFeatureAvailable()
}

export function actionsCache(): CacheModule {
  const check = () => {
    if (!cache.isFeatureAvailable())
      throw new Error('the Actions cache service is not available on this runner')
  }
  return {
    save: async (paths, key) => (check(), cache.saveCache(paths, key)),
    restore: async (paths, primaryKey, restoreKeys) => (
      check(),
      cache.restoreCache(paths, primaryKey, restoreKeys)
    )
  }
}
