/** Reading files of the agent's tree for the prompt, through the agent's own file helper. */
import { helperEnv, openAgentFiles } from '../workspace/agent-files.js'
import type { AgentSandbox } from '../workspace/sandbox.js'

export { helperEnv }

/**
 * Runs `use` with a reader that opens files as the agent would (agent-files.ts): an `AGENTS.md` that an
 * earlier attempt made a symlink to `/proc/self/environ` reads the helper's own, empty environment.
 */
export async function readAsAgent<T>(
  root: string,
  sandbox: AgentSandbox,
  use: (read: (file: string, max: number) => Promise<string>) => Promise<T>
): Promise<T> {
  const files = openAgentFiles(root, { wrap: argv => sandbox.wrap(argv), env: helperEnv(sandbox) })
  try {
    return await use(async (file, max) => (await files.read(file, max)).text)
  } finally {
    await files.close()
  }
}
