/**
 * The composition root: given the settings, the event and the decision that src/start.ts read and made,
 * it connects to GitHub and runs what the trigger asks for (src/handle/). Loaded only when there is work.
 */
import * as core from '@actions/core'
import { secretsOf } from './agent/providers.js'
import type { Settings } from './config/settings.js'
import { createForge } from './compose.js'
import { errorMessage } from './errors.js'
import { eventFacts, type RunnerEvent } from './event.js'
import { handle } from './handle/index.js'
import { failureReason } from './loop/reasons.js'
import { stepFailure } from './report/outcome.js'
import { vocabularyOf } from './report/vocabulary.js'
import { createRunContext, type RunContext } from './run-context.js'
import { describeDecision } from './trigger/index.js'
import type { Trigger } from './trigger/types.js'

/** Runs what the trigger decided (src/start.ts decides, and loads this module only for work). */
export async function run(trigger: Trigger, event: RunnerEvent, ctx: RunContext): Promise<void> {
  core.info(describeDecision(trigger))
  await handle(trigger, { ...ctx, ...eventFacts(event.payload), forge: createForge(ctx) })
}

/** The connection to GitHub and the runner's facts, with the settings' secrets masked in the log first. */
export function context(settings: Settings, env: NodeJS.ProcessEnv): RunContext {
  maskSecrets(settings)
  return createRunContext(settings, env)
}

/**
 * Fails the step for any value thrown before or around the loop (inputs, the event, GitHub refusing),
 * named like the loop's own failures, with what to do.
 */
export function fail(e: unknown, settings: Settings | null): void {
  if (settings) maskSecrets(settings)
  const reason = failureReason(e)
  core.setOutput('outcome', 'failed')
  core.setOutput('reason', reason)
  core.setFailed(stepFailure(reason, errorMessage(e), settings && vocabularyOf(settings)))
}

function maskSecrets(settings: Settings): void {
  for (const secret of secretsOf(settings.credentials)) core.setSecret(secret)
}
