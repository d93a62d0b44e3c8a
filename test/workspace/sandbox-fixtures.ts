/** Real git repositories in temporary folders, with HOME and system config isolated. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface TempRepo {
  dir: string
  home: string
  git(...args: string[]): string
  write(file: string, text: string): void
  cleanup(): void
}

export function gitEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com'
  }
}

/** A repository with `files` committed on `main`. */
export function makeRepo(files: Record<string, string> = { 'README.md': '# demo\n' }): TempRepo {
  const root = mkdtempSync(path.join(tmpdir(), 'nightshift-sandbox-'))
  const dir = path.join(root, 'repo')
  const home = path.join(root, 'home')
  mkdirSync(dir)
  mkdirSync(home)
  const env = gitEnv(home)
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' })
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), text)
  }
  git('init', '-q', '-b', 'main')
  for (const [file, text] of Object.entries(files)) write(file, text)
  git('add', '-A')
  git('commit', '-q', '-m', 'initial')
  return { dir, home, git, write, cleanup: () => rmSync(root, { recursive: true, force: true }) }
}
