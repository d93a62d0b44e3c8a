/**
 * `agent-user: unprivileged` for real (root on this machine): the command agent runs as a separate
 * user, and the working tree is the action's again after the attempt.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { createUnprivilegedEngine } from '../../src/agent/engine.js'
import { makeRepo } from '../workspace/sandbox-fixtures.js'

const TEST_USER = 'nightshift-test-agent'
const canRun = (() => {
  try {
    execFileSync('bash', ['-c', 'command -v useradd && command -v setpriv'])
    return process.getuid?.() === 0
  } catch {
    return false
  }
})()

const task = {
  issue: 1,
  title: 't',
  body: '',
  labels: [],
  files: [],
  reproduction: [],
  acceptance: [],
  requester: { login: 'x' },
  url: 'local:1'
}

;(canRun ? it : it.skip)('runs the attempt as the agent user and takes the tree back', async () => {
  const repo = makeRepo()
  try {
    const engine = await createUnprivilegedEngine(
      {
        agent: 'command',
        agentCommand: 'id -u > whoami.txt; touch .git/hooks/planted 2>/dev/null; echo done',
        agentEnv: [],
        agentTimeoutMinutes: 1,
        anthropicApiKey: null,
        openaiApiKey: null,
        openaiBaseUrl: null,
        modelPrices: {}
      },
      repo.dir,
      { parentEnv: { PATH: process.env.PATH, HOME: '/tmp' } },
      TEST_USER
    )
    const result = await engine.attempt({
      attempt: 1,
      task,
      workspaceDir: repo.dir,
      feedback: null,
      history: [],
      protectedPaths: [],
      budget: { model: 'command agent', deadline: Date.now() + 60_000, maxCostUsd: null, maxTokens: null }
    })
    expect(result.changedFiles).toEqual(['whoami.txt'])
    const agentUid = Number(execFileSync('id', ['-u', TEST_USER], { encoding: 'utf8' }).trim())
    expect(Number(readFileSync(path.join(repo.dir, 'whoami.txt'), 'utf8').trim())).toBe(agentUid)
    expect(agentUid).not.toBe(0)
    expect(statSync(path.join(repo.dir, 'whoami.txt')).uid).toBe(process.getuid!())
    expect(() => statSync(path.join(repo.dir, '.git', 'hooks', 'planted'))).toThrow()
  } finally {
    repo.cleanup()
  }
})
