/**
 * Job logs saved to private temporary files as they download, for reading more than once: the API's
 * signed log URL lasts one minute, and a log can be hundreds of megabytes, so it is neither fetched
 * twice nor held in memory.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

export class LogSpool {
  private n = 0
  private constructor(private readonly dir: string) {}

  /** A folder only this user can read (mkdtemp creates it with mode 0700): logs may hold what CI printed. */
  static async create(): Promise<LogSpool> {
    return new LogSpool(await mkdtemp(join(tmpdir(), 'nightshift-logs-')))
  }

  /** Saves a log and returns its file. */
  async save(content: AsyncIterable<Buffer | Uint8Array | string>): Promise<string> {
    const file = join(this.dir, `${++this.n}.log`)
    await pipeline(Readable.from(content), createWriteStream(file, { mode: 0o600 }))
    return file
  }

  open(file: string): AsyncIterable<Buffer> {
    return createReadStream(file)
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }
}
