/**
 * Counts every request an Octokit client makes, 304s apart: a conditional request answered 304 does
 * not count against the rate limit (docs: rate-limits-for-the-rest-api), so the report shows both.
 * Each request and its status go to `debug`: the runner shows them when debug logging is on.
 */
import { statusOf, type Octokit } from './client.js'

/** The requests made so far; the loop's `ApiMeter` port. */
export interface RequestMeter {
  snapshot(): { requests: number; notModified: number }
}

export function attachMeter(octokit: Octokit, debug?: (line: string) => void): RequestMeter {
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
