/** The sample repository (test/fixtures/sample-repo) and its bug report, loaded into an emulator. */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Issue } from './model.js'
import { startEmulator, type Emulator, type EmulatorOptions } from './server.js'

export const SAMPLE_REPOSITORY = 'octo/tinyledger'
export const SAMPLE_FOLDER = fileURLToPath(new URL('../fixtures/sample-repo', import.meta.url))
/** The maintainer who files and labels issues (admin on the repository). */
export const SAMPLE_MAINTAINER = 'maria-lopez'

interface SampleIssue {
  title: string
  body: string
  user: string
  labels: string[]
}

export function sampleIssue(): SampleIssue {
  return JSON.parse(
    readFileSync(new URL('../fixtures/sample-repo.issue.json', import.meta.url), 'utf8')
  ) as SampleIssue
}

/** Loads the sample repository and files its issue (labels added by the maintainer, as events). */
export async function loadSample(emulator: Emulator): Promise<Issue> {
  await emulator.createRepo(SAMPLE_REPOSITORY, SAMPLE_FOLDER)
  // Set up as the README's quick start says: the trigger label exists before any issue carries it.
  emulator.createLabel(SAMPLE_REPOSITORY, 'agent-ok')
  const issue = sampleIssue()
  emulator.addCollaborator(SAMPLE_REPOSITORY, issue.user, 'admin')
  return emulator.createIssue(SAMPLE_REPOSITORY, issue)
}

export async function startSampleEmulator(
  options: EmulatorOptions = {}
): Promise<{ emulator: Emulator; issue: Issue }> {
  const emulator = await startEmulator(options)
  try {
    return { emulator, issue: await loadSample(emulator) }
  } catch (e) {
    await emulator.close()
    throw e
  }
}
