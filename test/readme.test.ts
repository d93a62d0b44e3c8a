import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { CREDENTIALS, PROVIDERS } from '../src/agent/providers.js'

const readme = readFileSync('README.md', 'utf8')
const action = parse(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
  runs: Record<string, string>
}

function tableRows(heading: string): Map<string, string[]> {
  const section = readme.split(`## ${heading}\n`)[1]?.split('\n## ')[0] ?? ''
  const rows = new Map<string, string[]>()
  for (const line of section.split('\n')) {
    const m = /^\| `([\w-]+)` \|(.*)\|$/.exec(line)
    if (m)
      rows.set(
        m[1]!,
        m[2]!.split(' | ').map(c => c.trim())
      )
  }
  return rows
}

describe('README and action.yml stay in step', () => {
  it('documents every input with its default, and no input that does not exist', () => {
    const rows = tableRows('Inputs')
    expect([...rows.keys()].sort()).toEqual(Object.keys(action.inputs).sort())
    for (const [name, spec] of Object.entries(action.inputs)) {
      const shown = rows.get(name)![0]
      expect([name, shown]).toEqual([name, spec.default ? `\`${spec.default}\`` : '—'])
    }
  })

  it('declares and documents the inputs of every provider in src/agent/providers.ts, and no other', () => {
    const rows = tableRows('Inputs')
    const providerInputs = Object.keys(action.inputs).filter(name => /-(api-key|base-url)$/.test(name))
    expect(providerInputs.sort()).toEqual(CREDENTIALS.map(c => c.input).sort())
    const local = /^- `node dist\/cli\.js local .*?(?=\n- )/ms.exec(readme)?.[0] ?? ''
    for (const c of CREDENTIALS) {
      expect([c.input, action.inputs[c.input]!.default, rows.get(c.input)?.[0]]).toEqual([c.input, '', '—'])
      // A key is a secret: the workflow passes it from one, and the action masks it.
      if (c.kind === 'key')
        expect([c.input, action.inputs[c.input]!.description]).toEqual([
          c.input,
          expect.stringContaining('secret')
        ])
      // `nightshift local` reads the same setting from this variable.
      expect([c.env, local]).toEqual([c.env, expect.stringContaining(c.env)])
    }
    for (const p of PROVIDERS) {
      expect([p.id, action.inputs.model!.description]).toEqual([p.id, expect.stringContaining(`${p.id}:…`)])
      expect([p.id, readme]).toEqual([p.id, expect.stringContaining(`\`${p.id}:<model>\``)])
    }
    for (const p of PROVIDERS.filter(p => p.flex)) {
      const offered = Object.keys(p.prices).filter(id => p.prices[id]!.flex)
      expect(action.inputs['model-tier']!.description).toContain(`${p.id}: ${offered.join(', ')};`)
      expect(rows.get('model-tier')?.[1]).toContain(`${p.id}: ${offered.join(', ')};`)
    }
  })

  it('documents every output, and no output that does not exist', () => {
    expect([...tableRows('Outputs').keys()].sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it('runs on node24 with a post step that always runs', () => {
    expect(action.runs).toMatchObject({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/post.js',
      'post-if': 'always()'
    })
  })

  it('shows the complete workflow from examples/, with the permissions and triggers the action needs', () => {
    const example = readFileSync('examples/nightshift.yml', 'utf8').split('\n').slice(1).join('\n').trim()
    expect(readme).toContain(example)
    const wf = parse(example) as { on: Record<string, unknown>; permissions: Record<string, string> }
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['issues', 'issue_comment']))
    expect(wf.permissions).toEqual({
      contents: 'write',
      issues: 'write',
      'pull-requests': 'write',
      checks: 'write',
      actions: 'write'
    })
    expect(example).toContain('persist-credentials: false')
    expect(example).toContain('cancel-in-progress: false')
  })

  it('every example workflow is valid YAML that passes only declared inputs', () => {
    for (const file of readdirSync('examples')) {
      const wf = parse(readFileSync(`examples/${file}`, 'utf8')) as {
        jobs: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }>
      }
      for (const job of Object.values(wf.jobs)) {
        for (const step of job.steps ?? []) {
          if (!step.uses?.startsWith('nightshift/')) continue
          for (const input of Object.keys(step.with ?? {}))
            expect([file, input, input in action.inputs]).toEqual([file, input, true])
        }
      }
    }
  })

  it('names the two commands, and package.json has them', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toContain('npm test')
    for (const script of ['demo', 'test', 'bench', 'package', 'emulator', 'lint', 'typecheck'])
      expect(pkg.scripts[script]).toBeTruthy()
  })
})
