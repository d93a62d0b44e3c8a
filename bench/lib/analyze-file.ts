/**
 * Child process for the throughput benchmark: streams one log file through `analyze` and prints
 * `{"seconds","cpuSeconds","bytes","baselineRss","peakRss","failures","feedbackChars"}`. Run apart from the
 * benchmark so that its peak RSS (getrusage's maxrss) measures only the analysis.
 */
import { createReadStream, statSync } from 'node:fs'
import { analyze } from '../../src/feedback/index.js'

const file = process.argv[2]
const bytes = statSync(file).size
// Warm up the modules and the regular expressions on a small slice first.
await analyze([{ name: 'warmup', content: createReadStream(file, { end: 1_000_000 }) }])
globalThis.gc?.()
const baselineRss = process.resourceUsage().maxRSS * 1024
const start = process.hrtime.bigint()
const cpu0 = process.cpuUsage()
const result = await analyze([{ name: 'job', content: createReadStream(file) }])
const seconds = Number(process.hrtime.bigint() - start) / 1e9
const cpu = process.cpuUsage(cpu0)
const cpuSeconds = (cpu.user + cpu.system) / 1e6
const peakRss = process.resourceUsage().maxRSS * 1024
console.log(
  JSON.stringify({
    seconds,
    cpuSeconds,
    bytes,
    baselineRss,
    peakRss,
    failures: result.failures.length,
    feedbackChars: result.feedback.length
  })
)
