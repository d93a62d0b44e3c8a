/**
 * Security scans as CI runs them, by their console output. bandit is a plain real run. `npm audit`
 * is the real npm against a loopback registry that replays the registry's recorded answers
 * (registry-replay.ts), because the capture machine's registry mirror refuses the audit endpoint.
 * semgrep, gosec, osv-scanner and trivy have no Debian or npm package; their fixtures are written
 * by reconstructed.ts from each tool's own published test data (see the manifest).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Case, Prepared } from './case.js'
import { gitShow } from './published.js'
import { replayRegistry } from './registry-replay.js'

/** npm/cli's arborist fixture "audit-nyc-mkdirp": a project, its lock file and the registry's answers. */
const NPM_CLI = { repo: 'npm/cli', commit: '780afc50e3a345feb1871a28e33fa48235bc3bd5' }
const ARBORIST = 'workspaces/arborist/test/fixtures'

async function npmAuditRegistry(): Promise<Prepared> {
  const project = `${ARBORIST}/audit-nyc-mkdirp`
  const registry = await replayRegistry({
    ...NPM_CLI,
    advisories: `${project}/advisory-bulk.json`,
    packuments: `${ARBORIST}/registry-mocks/content`
  })
  const cache = mkdtempSync(join(tmpdir(), 'nightshift-npm-cache-'))
  return {
    files: {
      'package.json': gitShow(NPM_CLI.repo, NPM_CLI.commit, `${project}/package.json`),
      'package-lock.json': gitShow(NPM_CLI.repo, NPM_CLI.commit, `${project}/package-lock.json`)
    },
    // What setup-node's `registry-url` does, through the environment: the step's command stays as a workflow writes it.
    env: { npm_config_registry: registry.url, npm_config_cache: cache, npm_config_update_notifier: 'false' },
    async finish() {
      await registry.close()
      rmSync(cache, { recursive: true, force: true })
      if (registry.missed.length)
        throw new Error(`npm asked for what the recording does not have: ${registry.missed.join(', ')}`)
    }
  }
}

export const securityCases: Case[] = [
  {
    name: 'bandit',
    tool: { name: 'bandit', version: 'bandit --version' },
    files: {
      'app/__init__.py': '',
      'app/tasks.py': `import pickle
import subprocess

import yaml

API_PASSWORD = "hunter2"


def run(cmd):
    return subprocess.call(cmd, shell=True)


def load(text):
    return yaml.load(text)


def restore(blob):
    return pickle.loads(blob)
`
    },
    steps: [{ run: 'bandit -r app' }]
  },
  {
    name: 'npm-audit',
    tool: { name: 'npm audit', version: 'npm --version' },
    files: {},
    prepare: npmAuditRegistry,
    note: `the registry's answers (bulk advisories, packuments) replayed on loopback from ${NPM_CLI.repo} ${ARBORIST}/audit-nyc-mkdirp and registry-mocks at ${NPM_CLI.commit}, project and lock file from the same fixture`,
    steps: [{ run: 'npm audit --audit-level=moderate' }]
  }
]
