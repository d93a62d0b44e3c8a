/**
 * `actions/checkout` offline: the run's commit of the workflow's own repository (or the `ref` input),
 * cloned into the workspace (or `path`), with `origin` pointing at the emulator like a real checkout
 * points at github.com, and handed to the runner user. Other repositories are not available offline.
 * Credentials are not persisted (as with `persist-credentials: false`).
 */
import { resolve } from 'node:path'
import type { ActionCall, ActionResult } from './action-steps.js'
import { unavailable } from './action-steps.js'
import { git } from './git-exec.js'
import type { JobRuntime } from './job-runtime.js'
import { handOver } from './runner-user.js'

export async function checkout(rt: JobRuntime, call: ActionCall): Promise<ActionResult> {
  // The workspace belongs to the runner user while the emulator clones into it: trust it for these
  // commands only (command-scope configuration, which git honours for safe.directory).
  const src = {
    ...rt.source,
    gitEnv: {
      ...rt.source.gitEnv,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'safe.directory',
      GIT_CONFIG_VALUE_0: '*'
    }
  }
  const log = rt.tools.log
  const repository = call.with.repository || src.fullName
  if (repository.toLowerCase() !== src.fullName.toLowerCase())
    return unavailable(
      rt,
      `Checking out ${repository}`,
      `only ${src.fullName}, the workflow's repository, is here`
    )
  const target = resolve(rt.paths.workspace, call.with.path ?? '')
  log.line(`Syncing repository: ${src.fullName}`)
  log.group('Getting Git version info', [`Working directory is '${target}'`, '[command]/usr/bin/git version'])
  let sha = src.sha
  if (call.with.ref) {
    const ref = call.with.ref.replace(/^refs\/(heads|tags)\//, '')
    const resolved =
      (
        await git(['-C', src.bareDir, 'rev-parse', '--verify', '--quiet', `${call.with.ref}^{commit}`], {
          env: src.gitEnv,
          allowFailure: true
        })
      ).stdout.trim() ||
      (
        await git(['-C', src.bareDir, 'rev-parse', '--verify', '--quiet', `refs/heads/${ref}^{commit}`], {
          env: src.gitEnv,
          allowFailure: true
        })
      ).stdout.trim()
    if (!resolved) {
      log.error(`A branch or tag with the name '${call.with.ref}' could not be found`)
      return { failed: true, outputs: {} }
    }
    sha = resolved
  }
  // --shared borrows the bare repository's objects instead of copying them: a clone in milliseconds.
  const clone = await git(['clone', '--quiet', '--shared', '--no-checkout', src.bareDir, target], {
    env: src.gitEnv,
    allowFailure: true
  })
  const steps =
    clone.code === 0
      ? [
          await git(['-C', target, 'checkout', '--quiet', '--detach', sha], {
            env: src.gitEnv,
            allowFailure: true
          }),
          await git(['-C', target, 'remote', 'set-url', 'origin', src.url], {
            env: src.gitEnv,
            allowFailure: true
          })
        ]
      : [clone]
  const failed = steps.find(r => r.code !== 0)
  log.group('Checking out the ref', [
    `[command]/usr/bin/git checkout --progress --force ${sha}`,
    failed ? failed.stderr.trim() : `HEAD is now at ${sha.slice(0, 7)}`
  ])
  if (failed) {
    log.error(`The process '/usr/bin/git' failed with exit code ${failed.code}`)
    return { failed: true, outputs: {} }
  }
  await handOver(target, rt.account)
  log.line(`[command]/usr/bin/git log -1 --format=%H`)
  log.line(sha)
  return { failed: false, outputs: { ref: call.with.ref ?? '', commit: sha } }
}
