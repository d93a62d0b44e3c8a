/**
 * The post step (`post-if: always()`): when the main step did not finish — cancelled, killed, crashed —
 * it completes the check run as cancelled with what the last saved state knows, so nothing is left
 * "in progress" forever, and puts the checkout's own `.git` back if the main step could not; it removes
 * any credentials left in the checkout and the agent's egress rules.
 */
import './event.js'
import * as core from '@actions/core'
import { join } from 'node:path'
import { POST_STATE } from './compose.js'
import { errorMessage } from './errors.js'
import { createClient } from './github/client.js'
import { createGitHubForge } from './github/forge.js'
import { renderCheckRun } from './report/check-run.js'
import { conclusionFor } from './report/outcome.js'
import { parseState } from './state/schema.js'
import { createFileStore } from './state/stores.js'
import { removeEgressRules } from './egress/session.js'
import { scrubCredentials } from './workspace/credentials.js'
import { scrubOwnEnviron } from './workspace/own-environ.js'
import { restoreCheckout } from './workspace/restore.js'

async function post(env: NodeJS.ProcessEnv): Promise<void> {
  const done = core.getState(POST_STATE.done) === 'true'
  const checkRunId = Number(core.getState(POST_STATE.checkRunId))
  if (!done && checkRunId > 0) {
    const stateKey = core.getState(POST_STATE.stateKey)
    const saved = parseState(
      await createFileStore(join(env.RUNNER_TEMP ?? '/tmp', 'nightshift-state', 'file')).load(stateKey)
    )
    const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
    const octokit = createClient({
      token: core.getInput('github-token'),
      baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
      retries: 2
    })
    const forge = createGitHubForge({
      octokit,
      owner,
      repo,
      command: core.getInput('command') || '/nightshift',
      permission: async () => 'none'
    })
    if (saved) {
      saved.outcome = 'cancelled'
      saved.reason = 'cancelled'
      saved.phase = 'done'
      saved.nextStep = null
      await forge.updateCheckRun(checkRunId, {
        output: renderCheckRun(saved),
        conclusion: conclusionFor(saved)
      })
    } else {
      await forge.updateCheckRun(checkRunId, {
        output: {
          title: 'Cancelled',
          summary:
            'The job ended before nightshift finished its first attempt. Comment `/nightshift retry` to start again.'
        },
        conclusion: 'cancelled'
      })
    }
    core.info(`Completed check run ${checkRunId} as cancelled: the main step did not finish.`)
  }
  // The agent's egress rules outlive a killed main step on a self-hosted runner: remove them by name.
  const table = core.getState(POST_STATE.egressTable)
  if (table && (await removeEgressRules({ netns: null, isRoot: process.getuid?.() === 0 }, table))) {
    core.info(`Removed the agent's egress rules (nftables table ${table}) left by the main step.`)
  }
  const gitDir = core.getState(POST_STATE.gitDir)
  if (env.GITHUB_WORKSPACE && gitDir) {
    const restored = await restoreCheckout(env.GITHUB_WORKSPACE, gitDir)
    if (restored) core.info(`Put the checkout's .git back from ${gitDir}.`)
  }
  if (env.GITHUB_WORKSPACE) {
    const removed = await scrubCredentials(env.GITHUB_WORKSPACE)
    if (removed.length > 0) core.info(`Removed credentials left in the checkout: ${removed.join(', ')}`)
  }
}

scrubOwnEnviron()
try {
  await post(process.env)
} catch (e) {
  // The post step reports but never fails the job: the main step already said what happened.
  core.warning(`nightshift post step: ${errorMessage(e)}`)
}
