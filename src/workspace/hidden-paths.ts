/**
 * What the agent must not see when it shares the action's user inside namespaces (sandbox-current.ts):
 * the runner's temp folder (step command files, the action's private repository), the user's session
 * runtime folder (a service manager there could start processes outside the sandbox), and the usual
 * places credentials of the runner user live. The agent has its own HOME, so hiding these breaks no tool.
 */
import path from 'node:path'

/** Credential files and folders under a home folder (git, GitHub CLI, netrc, npm, Docker, SSH, clouds). */
export const HOME_CREDENTIALS = [
  '.git-credentials',
  '.config/git/credentials',
  '.config/gh',
  '.netrc',
  '.npmrc',
  '.yarnrc.yml',
  '.pypirc',
  '.docker/config.json',
  '.ssh',
  '.aws',
  '.azure',
  '.config/gcloud',
  '.kube',
  '.gnupg'
]

export function hiddenFromAgent(where: {
  runnerTemp?: string | null
  privateDir: string
  home?: string | null
  uid?: number
}): string[] {
  const uid = where.uid ?? process.getuid?.() ?? 0
  const list = [where.privateDir, `/run/user/${uid}`]
  if (where.runnerTemp) list.unshift(where.runnerTemp)
  if (where.home) list.push(...HOME_CREDENTIALS.map(p => path.join(where.home!, p)))
  return list
}
