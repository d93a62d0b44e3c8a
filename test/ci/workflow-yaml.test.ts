import { parse } from 'yaml'
import { dispatchSnippet, inspectWorkflow } from '../../src/ci/workflow-yaml.js'
import { workflowFixture } from './helpers.js'

describe('inspectWorkflow', () => {
  it('reads every form of the workflow_dispatch trigger', () => {
    expect(inspectWorkflow(workflowFixture('string-dispatch.yml'))).toMatchObject({
      dispatchable: true,
      onForm: 'string'
    })
    expect(inspectWorkflow(workflowFixture('list-form.yml'))).toMatchObject({
      dispatchable: true,
      onForm: 'list',
      events: ['push', 'workflow_dispatch']
    })
    expect(inspectWorkflow(workflowFixture('map-null.yml'))).toMatchObject({
      dispatchable: true,
      onForm: 'map',
      inputs: []
    })
    expect(inspectWorkflow(workflowFixture('push-only.yml'))).toMatchObject({
      dispatchable: false,
      events: ['push']
    })
  })

  it('finds the inputs and whether run-name shows the nonce', () => {
    const ready = inspectWorkflow(workflowFixture('ready.yml'))
    expect(ready.inputs).toEqual(['nightshift-id', 'scope'])
    expect(ready.runNameShowsNonce).toBe(true)
    expect(ready.secrets).toEqual([])
    expect(
      inspectWorkflow('on: workflow_dispatch\nrun-name: "CI ${{ github.actor }}"\njobs: {}').runNameShowsNonce
    ).toBe(false)
    // A run-name that merely mentions the word outside an expression does not show the value.
    expect(
      inspectWorkflow('on: workflow_dispatch\nrun-name: "inputs.nightshift-id"\njobs: {}').runNameShowsNonce
    ).toBe(false)
  })

  it('lists secrets on the dispatch path, not GITHUB_TOKEN, not jobs limited to other events', () => {
    expect(inspectWorkflow(workflowFixture('secrets.yml')).secrets).toEqual(['CODECOV_TOKEN', 'NPM_TOKEN'])
    expect(inspectWorkflow(workflowFixture('inherit.yml')).secrets).toEqual(['*'])
    const sneaky = [
      'on: workflow_dispatch',
      'jobs:',
      '  a:',
      "    if: github.event_name == 'push' || true",
      '    runs-on: x',
      '    steps:',
      '      - run: echo ${{ secrets.LEAK }}',
      '  b:',
      '    runs-on: x',
      '    steps:',
      "      - run: echo '${{ toJSON(secrets) }}'"
    ].join('\n')
    // A compound `if:` is not trusted to exclude dispatch; toJSON(secrets) exposes all of them.
    expect(inspectWorkflow(sneaky).secrets).toEqual(['*', 'LEAK'])
  })

  it('rejects a file that is not a mapping', () => {
    expect(() => inspectWorkflow('- a\n- b')).toThrow('expected a YAML mapping at the top level, got a list')
  })
})

describe('dispatchSnippet', () => {
  it('turns a string on: into a map that keeps the event, with valid YAML', () => {
    const info = inspectWorkflow(workflowFixture('push-only.yml'))
    const snippet = dispatchSnippet(info, true)
    const doc = parse(snippet) as {
      'run-name': string
      on: Record<string, { inputs: Record<string, unknown> } | null>
    }
    // Empty unless dispatched with an id, so pushes keep GitHub's default run name.
    expect(doc['run-name']).toBe(
      "${{ inputs.nightshift-id && format('Build {0}', inputs.nightshift-id) || '' }}"
    )
    expect(
      inspectWorkflow(`run-name: "${doc['run-name']}"\non: workflow_dispatch\njobs: {}`).runNameShowsNonce
    ).toBe(true)
    expect(Object.keys(doc.on)).toEqual(['push', 'workflow_dispatch'])
    expect(Object.keys(doc.on.workflow_dispatch?.inputs ?? {})).toEqual(['nightshift-id', 'scope'])
  })

  it('adds only the missing inputs and no run-name when it already shows the nonce', () => {
    const info = inspectWorkflow(workflowFixture('secrets.yml'))
    expect(dispatchSnippet(info, false)).toBe('')
    const withScope = dispatchSnippet(info, true)
    expect(withScope).not.toContain('run-name')
    expect(withScope).toContain('add these inputs under the existing workflow_dispatch')
    expect(withScope).toContain('      scope:')
    expect(withScope).not.toContain('nightshift-id:')
  })
})
