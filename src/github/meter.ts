/**
 * Counts every request an Octokit client makes, 304s apart: a conditional request answered 304 does
 * not count against the rate limit (docs: rate-limits-for-the-rest-api), so the report shows both.
 * Each request and its status go to `debug`: the runner shows them when debug logging is on.
 */
import type { ApiMeter } from '../loop/ports.js'
import { statusOf, type Octokit } from './client.js'

export function attachMeter(octokit: Octokit, debug?: (line: string) => void): ApiMeter {
  let requests = 0
  let notModified = 0
  // `wrap` sees each logical request once per try, including retries the retry plugin makes.
  octokit.hook.wrap('request', async (request, options) => {
    const what = `${options.method} ${options.url}`
    try {
      const response = await request(options)
      requests++
      debug?.(`${what} → ${response.status}`)
      return response
    } catch (e) {
      if (statusOf(e) === 304) notModified++
      else requests++
      debug?.(`${what} → ${statusOf(e) ?? 'no response'}`)
      throw e
    }
  })
  return { snapshot: () => ({ requests, notModified }) }
}
