/**
 * `npm run demo`: the whole nightshift loop on this machine. A local GitHub (the emulator) with the
 * sample repository and its bug report; the issue is labelled and assigned by a maintainer; the
 * bundled action runs as the runner would run it, with a scripted model (or a real one when
 * ANTHROPIC_API_KEY or OPENAI_API_KEY is set). `--json` ends with one JSON line, the result (the README
 * pipes it to `jq`). `--hand-back` plays a model that keeps making the same wrong fix, so the run ends
 * handed back and prints its comment.
 */
// First: fails at once when dist/ is older than the sources.
import '../test/e2e/fresh-dist.js'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startModelServer } from '../test/emulator/model-server.js'
import type { Emulator } from '../test/emulator/server.js'
import { runAction } from '../test/emulator/run-action.js'
import { SAMPLE_MAINTAINER, SAMPLE_REPOSITORY, startSampleEmulator } from '../test/emulator/sample.js'
import { issuesEvent } from '../test/e2e/events.js'
import { createFixer, FAILING_TEST } from '../test/e2e/fixer.js'
import { plainClient } from '../test/emulator/helpers.js'
import { stateFromCheckRunText } from '../src/state/codec.js'

const json = process.argv.includes('--json')
const handBack = process.argv.includes('--hand-back')
/** `--flaky`: main gets a test that fails on the second run on a branch, so attempt 2 re-runs its CI once. */
const flaky = process.argv.includes('--flaky')
const say = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`)
const started = Date.now()

function modelInputs(modelUrl: string): { inputs: Record<string, string>; scripted: boolean } {
  if (process.env.ANTHROPIC_API_KEY) {
    return {
      inputs: { model: 'anthropic:claude-sonnet-4-5', 'anthropic-api-key': process.env.ANTHROPIC_API_KEY },
      scripted: false
    }
  }
  if (process.env.OPENAI_API_KEY) {
    return {
      inputs: {
        model: process.env.NIGHTSHIFT_DEMO_MODEL ?? 'openai:gpt-5-mini',
        'openai-api-key': process.env.OPENAI_API_KEY
      },
      scripted: false
    }
  }
  return {
    inputs: {
      model: 'openai-compatible:scripted-fixer',
      'openai-base-url': modelUrl,
      'model-prices': JSON.stringify({ 'openai-compatible:scripted-fixer': { input: 3, output: 15 } })
    },
    scripted: true
  }
}

async function main(): Promise<number> {
  const { emulator, issue } = await startSampleEmulator()
  const repo = SAMPLE_REPOSITORY
  const counter = flaky ? await flakyTest(emulator, repo) : null
  let movedMain: string | null = null
  // The default branch moves while the second attempt runs, so the final rebase is a real one.
  const fixer = createFixer(handBack ? ['wrong', 'wrong'] : ['wrong', 'right'], async attempt => {
    if (attempt === 2 && !movedMain && !handBack) {
      movedMain = await emulator.pushToDefault(
        repo,
        { 'CHANGELOG.md': '# Changelog\n\n- 1.2.1: document the ledger format\n' },
        'Add a changelog'
      )
      say(`  (meanwhile, a maintainer pushed ${movedMain.slice(0, 7)} "Add a changelog" to main)`)
    }
  })
  const model = await startModelServer(req => fixer.script(req))
  try {
    const { inputs, scripted } = modelInputs(model.url)
    say(`Local GitHub at ${emulator.apiUrl}, repository ${repo}`)
    say(`Issue #${issue.number}: ${issue.title}`)
    emulator.addLabel(repo, issue.number, 'agent-ok', SAMPLE_MAINTAINER)
    emulator.assign(repo, issue.number, 'nightshift-bot', SAMPLE_MAINTAINER)
    say(
      `${SAMPLE_MAINTAINER} labelled it agent-ok and assigned it; running the action (${scripted ? 'scripted model' : inputs.model})\n`
    )
    const payload = await issuesEvent(emulator, repo, {
      action: 'assigned',
      number: issue.number,
      sender: SAMPLE_MAINTAINER,
      assignee: 'nightshift-bot'
    })
    const result = await runAction(emulator, {
      event: 'issues',
      payload,
      repository: repo,
      inputs: { 'github-token': emulator.token, 'max-attempts': '4', 'time-limit-minutes': '10', ...inputs },
      env: { NIGHTSHIFT_TIME_SCALE: '0.02' },
      timeoutMs: 300_000,
      onOutput: text => {
        for (const line of text.split('\n')) {
          if (!line || /^::(save-state|add-mask|endgroup)/.test(line)) continue
          if (line.startsWith('::group::')) {
            say(`  ▸ ${line.slice('::group::'.length)}`)
            continue
          }
          say(`  | ${line.replace(/^::(warning|error)::/, '$1: ')}`)
        }
      }
    })
    await emulator.idle()
    const [owner, name] = repo.split('/') as [string, string]
    const client = plainClient(emulator)
    const checkRunId = Number(result.outputs['check-run-id'] ?? 0)
    const checkRun = checkRunId
      ? (await client.rest.checks.get({ owner, repo: name, check_run_id: checkRunId })).data
      : null
    const state = stateFromCheckRunText(checkRun?.output.text)
    const usage = emulator.usage()
    say(`\n${'─'.repeat(100)}\nThe nightshift check run (${checkRun?.conclusion ?? 'none'}):\n`)
    say(checkRun?.output.summary ?? '(no check run)')
    say('─'.repeat(100))
    const comments = (
      await client.rest.issues.listComments({ owner, repo: name, issue_number: issue.number })
    ).data.filter(c => c.user?.login === 'github-actions[bot]')
    for (const c of comments)
      say(`The comment on issue #${issue.number}:\n\n${c.body ?? ''}\n${'─'.repeat(100)}`)
    const feedbackReached = scripted ? (fixer.prompts[1]?.includes(FAILING_TEST) ?? false) : null
    if (scripted)
      say(
        `The second attempt's prompt named the failing test "${FAILING_TEST}": ${feedbackReached ? 'yes' : 'NO'}`
      )
    say(
      `Outcome: ${result.outputs.outcome ?? 'none'}; pull request: ${result.outputs['pull-request'] ?? 'none'}; attempts: ${result.outputs.attempts ?? 0}; API requests: ${usage.used} counted, ${usage.notModified} answered 304`
    )
    if (result.code !== 0) say(`The action exited with ${result.code}:\n${result.stderr}`)
    if (json) {
      console.log(
        JSON.stringify({
          outcome: result.outputs.outcome ?? null,
          attempts: Number(result.outputs.attempts ?? 0),
          pullRequest: result.outputs['pull-request'] ?? null,
          checkRun: checkRun
            ? { id: checkRun.id, conclusion: checkRun.conclusion, url: checkRun.html_url }
            : null,
          api: {
            requests: usage.used,
            notModified: usage.notModified,
            perAttempt: (state?.attempts ?? []).map(a => a.api),
            baseline: state?.baseline?.api ?? null,
            reruns: (state?.attempts ?? []).filter(a => a.ci?.flaky?.length).length
          },
          feedbackReachedModel: feedbackReached,
          rebasedOnMovedMain: state?.rebase?.movedBase ?? false,
          durationMs: Date.now() - started
        })
      )
    }
    const ok = handBack
      ? result.code === 0 && result.outputs.outcome === 'escalated'
      : result.code === 0 && result.outputs.outcome === 'success' && feedbackReached !== false
    return ok ? 0 : 1
  } finally {
    await model.close()
    await emulator.close()
    if (counter) await rm(counter, { recursive: true, force: true })
  }
}

/**
 * A test on main that fails the second time it runs on a branch (as a test racing a timer does now
 * and then): the base's run and attempt 1 pass it, attempt 2's run fails it and its re-run passes.
 */
async function flakyTest(emulator: Emulator, repo: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nightshift-demo-flaky-'))
  // The runner user counts the runs here.
  await chmod(dir, 0o777)
  const file = join(dir, 'runs')
  await emulator.pushToDefault(
    repo,
    {
      'test/clock.test.js': `import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'

test('settles before the clock ticks', () => {
  if (process.env.GITHUB_REF_NAME === 'main') return
  let n = 0
  try { n = Number(readFileSync('${file}', 'utf8')) } catch {}
  writeFileSync('${file}', String(n + 1))
  assert.notEqual(n, 1, 'timed out after 2000 ms waiting for the clock')
})
`
    },
    'Test the clock'
  )
  say('  (main has a clock test that fails once, on the second run on a branch)')
  return dir
}

main().then(
  code => process.exit(code),
  e => {
    console.error(`demo failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    process.exit(1)
  }
)
