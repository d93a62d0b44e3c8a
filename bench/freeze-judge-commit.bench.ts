/**
 * What the end of an attempt costs on the sample repository: freeze the agent, take its tree into the
 * action's own index, judge it, commit the judged tree (Workspace.snapshot + commit), against a plain
 * `git add --all && git commit` in an ordinary checkout measured in the same run, as a ratio. With the
 * separate agent user when run as root (the freeze then scans /proc for its processes), else the
 * action's own user.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSandbox } from '../src/workspace/choose-sandbox.js'
import { createGitWorkspace } from '../src/workspace/git-workspace.js'
import type { BenchResult } from './lib/types.js'

const RUNS = 15

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

export default async function* freezeJudgeCommit(): AsyncGenerator<BenchResult> {
  const root = mkdtempSync(join(tmpdir(), 'nightshift-bench-'))
  const env = {
    PATH: process.env.PATH,
    HOME: root,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'a',
    GIT_AUTHOR_EMAIL: 'a@example.com',
    GIT_COMMITTER_NAME: 'a',
    GIT_COMMITTER_EMAIL: 'a@example.com'
  }
  const sh = (command: string, cwd = root) => execFileSync('bash', ['-c', command], { cwd, env })
  try {
    sh('git init -q --bare -b main remote.git && git init -q -b main seed')
    cpSync('test/fixtures/sample-repo', join(root, 'seed'), { recursive: true })
    sh('git add -A && git commit -qm init && git push -q ../remote.git main', join(root, 'seed'))
    sh('git clone -q remote.git clone && git clone -q remote.git plain')

    const plain: number[] = []
    for (let i = 0; i < RUNS; i++) {
      writeFileSync(join(root, 'plain/src/money.js'), `// attempt ${i}\n`)
      const t = performance.now()
      sh(`git add --all && git commit -qm "attempt ${i}"`, join(root, 'plain'))
      plain.push(performance.now() - t)
    }

    const dir = join(root, 'clone')
    const sandbox = await createSandbox({
      agentUser: 'auto',
      userName: 'nightshift-bench',
      workTree: dir,
      hidden: [],
      path: process.env.PATH ?? '/usr/bin:/bin'
    })
    const ws = createGitWorkspace({
      dir,
      privateDir: join(root, 'private'),
      identity: { name: 'nightshift', email: 'n@example.com' },
      branchPrefix: 'agent/',
      env,
      sandbox
    })
    await ws.prepare('agent/1-bench', 'main')
    const flow: number[] = []
    const handOver: number[] = []
    try {
      for (let i = 0; i < RUNS; i++) {
        let t = performance.now()
        await ws.handOver()
        handOver.push(performance.now() - t)
        writeFileSync(join(dir, 'src/money.js'), `// attempt ${i}\n`)
        t = performance.now()
        await ws.snapshot(['.github/workflows/**'])
        await ws.commit(`attempt ${i}`, { 'Nightshift-Attempt': String(i) })
        flow.push(performance.now() - t)
      }
    } finally {
      await ws.close()
      if (sandbox.report.isolation === 'user') execFileSync('userdel', ['nightshift-bench'])
    }
    const extra = { runs: RUNS, isolation: sandbox.report.isolation }
    yield { name: 'attempt_end.freeze_judge_commit', value: Math.round(median(flow)), unit: 'ms', ...extra }
    yield { name: 'attempt_end.hand_over', value: Math.round(median(handOver)), unit: 'ms', ...extra }
    yield { name: 'attempt_end.plain_add_commit', value: Math.round(median(plain)), unit: 'ms', runs: RUNS }
    yield {
      name: 'attempt_end.ratio',
      value: Number((median(flow) / median(plain)).toFixed(1)),
      unit: 'x'
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
