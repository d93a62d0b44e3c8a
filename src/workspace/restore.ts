/**
 * The post step's fallback when the main step ended before giving the checkout back (killed,
 * cancelled): the agent's processes end, the checkout's files are the job user's again, and the
 * action's repository goes back to `<checkout>/.git`.
 */
import { lstat } from 'node:fs/promises'
import { agentUserName, canCreateUsers, execArgv, isRootUser, privileged } from './agent-user.js'
import { restoreGitDir } from './private-repo.js'
import { chownTree } from './sandbox-user.js'

/** True when `gitDir` was still out of place and is back in `<workTree>/.git`. */
export async function restoreCheckout(workTree: string, gitDir: string): Promise<boolean> {
  if (!(await lstat(gitDir).catch(() => null))?.isDirectory()) return false
  const isRoot = isRootUser()
  if (await canCreateUsers(execArgv, isRoot)) {
    const name = agentUserName(process.env.RUNNER_NAME)
    const uid = await execArgv(['id', '-u', name])
    const gid = await execArgv(['id', '-g', name])
    if (uid.code === 0 && gid.code === 0) {
      const drop = [`--reuid=${uid.stdout.trim()}`, `--regid=${gid.stdout.trim()}`, '--clear-groups']
      await execArgv(privileged(['setpriv', ...drop, '--', 'kill', '-KILL', '-1'], isRoot))
    }
    const me = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 }
    await execArgv(privileged(chownTree(workTree, `${me.uid}:${me.gid}`, me.uid), isRoot))
    await execArgv(privileged(['chown', `${me.uid}:${me.gid}`, workTree], isRoot))
    await execArgv(privileged(['chmod', '755', workTree], isRoot))
  }
  await restoreGitDir(workTree, gitDir)
  return true
}
