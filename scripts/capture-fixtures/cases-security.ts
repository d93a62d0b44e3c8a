/**
 * Security scans as CI runs them, by their console output: bandit is a real run. `npm audit` needs
 * the registry's audit endpoint, which the capture machine's registry mirror refuses (405), and
 * semgrep, gosec, osv-scanner and trivy have no Debian or npm package; their fixtures are written
 * by reconstructed.ts from each tool's own published test data (see the manifest).
 */
import type { Case } from './case.js'

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
  }
]
