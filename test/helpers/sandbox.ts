/**
 * A sandbox for tests that exercise engines and workspaces without a separate user: the action's own
 * user, `process` isolation (commands run as they are, in their own process group), unless a test asks
 * for namespaces. `releaseAll()` in afterEach removes the agent folders the sandboxes made.
 */
import { createCurrentSandbox } from '../../src/workspace/sandbox-current.js'
import type { AgentSandbox } from '../../src/workspace/sandbox.js'

const made: AgentSandbox[] = []

export async function testSandbox(
  isolation: 'process' | 'namespace' = 'process',
  hidden: string[] = []
): Promise<AgentSandbox> {
  const sandbox = await createCurrentSandbox({ hidden, because: 'a test', isolation })
  made.push(sandbox)
  return sandbox
}

export async function releaseAll(): Promise<void> {
  for (const s of made.splice(0)) await s.release(null)
}
