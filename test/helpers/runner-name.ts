/**
 * Jest setup: each worker of each checkout's test run is one runner instance on this host. The agent
 * user's name follows RUNNER_NAME, and an attempt's freeze ends every process of that user, so two test
 * runs on one machine (two checkouts, or a test run beside a CI run) must never share a user.
 */
import { createHash } from 'node:crypto'

const checkout = createHash('sha256').update(process.cwd()).digest('hex').slice(0, 6)
process.env.RUNNER_NAME ??= `test runner ${checkout}-${process.env.JEST_WORKER_ID ?? '0'}`
