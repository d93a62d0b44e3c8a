/**
 * The post step (`post-if: always()`). It completes every check run the main step opened and did not
 * complete — cancelled, killed, or its last write lost to an outage — from the last saved state, so
 * nothing stays "in progress" forever; posts a hand-back comment the main step owed but could not
 * post; releases the issue's lease; puts the checkout's own `.git` back if the main step could not;
 * and removes any credentials left in the checkout and the agent's egress rules. Each write is retried through a passing outage, and one that still fails is reported
 * with its cause.
 */
import './event.js'
import * as core from '@actions/core'
import { scaledClock } from './clock.js'
import { POST_STATE, scratchDir } from './compose.js'
import { parseSettings } from './config/parse.js'
import { errorMessage } from './errors.js'
import { createClient } from './github/client.js'
import { createGitHubForge } from './github/forge.js'
import { releaseLeftLease } from './issue-lease.js'
import { retrying } from './loop/retrying.js'
import { renderCheckRun, superseded } from './report/check-run.js'
import { cancelledUnsaved, interruptedState } from './report/interrupted.js'
import { conclusionFor } from './report/outcome.js'
import { createTexts } from './report/texts.js'
import { vocabularyOf } from './report/vocabulary.js'
import { parseState } from './state/schema.js'
import { createFileStore } from './state/stores.js'
import { removeEgressRules } from './egress/session.js'
import { scrubCredentials } from './workspace/credentials.js'
import { scrubOwnEnviron } from './workspace/own-environ.js'
import { restoreCheckout } from './workspace/restore.js'

async function post(env: NodeJS.ProcessEnv): Promise<void> {
  const clock = scaledClock(Number(env.NIGHTSHIFT_TIME_SCALE ?? '1'))
  const log = (m: string) => core.info(m)
  const open = parseIds(core.getState(POST_STATE.openCheckRuns))
  const current = Number(core.getState(POST_STATE.checkRunId))
  const handBackOwed = core.getState(POST_STATE.handBack) === 'pending'
  const lease = core.getState(POST_STATE.lease)
  if (open.length > 0 || handBackOwed || lease) {
    // The same inputs the main step read, which got this far: they parse.
    const settings = parseSettings(name => core.getInput(name))
    const words = vocabularyOf(settings)
    const saved = parseState(
      await createFileStore(scratchDir(env.RUNNER_TEMP ?? '/tmp')).load(core.getState(POST_STATE.stateKey))
    )
    const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
    const octokit = createClient({
      token: settings.githubToken,
      baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
      timeScale: Number(env.NIGHTSHIFT_TIME_SCALE ?? '1'),
      log
    })
    const forge = createGitHubForge({
      octokit,
      owner,
      repo,
      command: settings.command,
      permission: async () => 'none'
    })
    // A main step that reached an outcome keeps it; one that did not is reported cancelled.
    const state = saved && saved.outcome !== null ? saved : saved ? interruptedState(saved, words) : null
    const attempt = <T>(what: string, fn: () => Promise<T>) =>
      retrying(what, fn, { clock, log }).catch(e => {
        core.warning(`nightshift post step: ${errorMessage(e)}`)
        return null
      })

    // The current check run gets the report; any older one left open was superseded by it.
    const main = current > 0 ? current : open.at(-1)
    for (const id of open) {
      const update =
        id === main
          ? state
            ? { output: renderCheckRun(state, words), conclusion: conclusionFor(state) }
            : cancelledUnsaved(words)
          : superseded(state?.attempts.at(-1)?.pushed ?? 'a newer commit', null)
      const done = await attempt(`complete the check run ${id}`, () => forge.updateCheckRun(id, update))
      if (done !== null) log(`Completed check run ${id} (${update.conclusion}): the main step left it open.`)
    }

    if (handBackOwed && state && (state.outcome === 'escalated' || state.outcome === 'failed')) {
      const texts = createTexts(words)
      const posted = await attempt('post the hand-back comment', () =>
        forge.comment(state.issue, texts.handBack(state))
      )
      if (posted && state.outcome === 'escalated')
        await attempt('label the issue', () => forge.addLabels(state.issue, [words.escalatedLabel]))
      if (posted) log(`Posted the hand-back comment the main step could not: ${posted.url}`)
    }

    if (lease) {
      const outcome = state?.outcome ?? 'cancelled'
      const released = await attempt('release the issue lease', () =>
        releaseLeftLease({ octokit, repo: { owner, repo } }, lease, outcome, clock.now())
      )
      if (released) log('Released the issue lease the main step held.')
    }
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

function parseIds(raw: string): number[] {
  try {
    const ids = JSON.parse(raw || '[]') as unknown
    return Array.isArray(ids) ? ids.filter((x): x is number => Number.isInteger(x) && x > 0) : []
  } catch {
    return []
  }
}

scrubOwnEnviron()
try {
  await post(process.env)
} catch (e) {
  // The post step reports but never fails the job: the main step already said what happened.
  core.warning(`nightshift post step: ${errorMessage(e)}`)
}
