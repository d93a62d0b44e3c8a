/**
 * Workflows that use each feature of the runner, checked against what GitHub produces for them: the
 * jobs and their names, conclusions, step results, logs and annotations. Each test names the GitHub
 * documentation page (or runner source file) that states the behaviour it checks.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { SAMPLE_REPOSITORY, startSampleEmulator } from './sample.js'
import type { Emulator } from './server.js'
import { dispatchError, runWorkflow } from './workflow-harness.js'

let emulator: Emulator
const run = (workflow: string, files: Record<string, string> = {}, inputs: Record<string, string> = {}) =>
  runWorkflow(emulator, SAMPLE_REPOSITORY, workflow, files, inputs)
const DOCS = 'https://docs.github.com/en/actions'

beforeAll(async () => {
  ;({ emulator } = await startSampleEmulator())
})

afterAll(async () => {
  await emulator?.close()
})

describe('matrices', () => {
  test(`include, exclude and job names (${DOCS}/how-tos/write-workflows/choose-what-workflows-do/run-job-variations)`, async () => {
    const r = await run(`name: M
on: workflow_dispatch
jobs:
  test:
    runs-on: \${{ matrix.os }}
    strategy:
      matrix:
        node: [18, 20]
        os: [ubuntu-latest, ubuntu-22.04]
        exclude:
          - node: 18
            os: ubuntu-22.04
        include:
          - node: 20
            os: ubuntu-latest
            coverage: true
          - node: 22
    steps:
      - run: echo "node=\${{ matrix.node }} os=\${{ matrix.os }} coverage=\${{ matrix.coverage }} \${{ strategy.job-index }}/\${{ strategy.job-total }}"
  named:
    name: Node \${{ matrix.node }}
    strategy:
      matrix:
        node: [20]
    runs-on: ubuntu-latest
    steps:
      - run: "true"
`)
    expect(r.run.conclusion).toBe('success')
    expect(r.jobs.map(j => j.name).sort()).toEqual([
      'Node 20',
      'test (18, ubuntu-latest)',
      'test (20, ubuntu-22.04)',
      'test (20, ubuntu-latest)',
      // An include that matches no combination becomes its own job, named by all its values.
      'test (22)'
    ])
    expect(r.logs['test (20, ubuntu-latest)']).toContain('\nnode=20 os=ubuntu-latest coverage=true 1/4\n')
    expect(r.logs['test (20, ubuntu-22.04)']).toContain('\nnode=20 os=ubuntu-22.04 coverage= 2/4\n')
    expect(r.logs['test (22)']).toContain('\nnode=22 os= coverage= 3/4\n')
  })

  test(`fail-fast cancels the other combinations; fail-fast: false lets them finish (${DOCS}/reference/workflows-and-actions/workflow-syntax#jobsjob_idstrategyfail-fast)`, async () => {
    const workflow = (failFast: boolean) => `name: F
on: workflow_dispatch
jobs:
  t:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: ${failFast}
      max-parallel: 1
      matrix:
        n: [1, 2, 3]
    steps:
      - run: exit \${{ matrix.n == 1 && 1 || 0 }}
`
    const fast = await run(workflow(true))
    expect(fast.jobs.map(j => [j.name, j.conclusion])).toEqual([
      ['t (1)', 'failure'],
      ['t (2)', 'cancelled'],
      ['t (3)', 'cancelled']
    ])
    expect(fast.run.conclusion).toBe('failure')
    const slow = await run(workflow(false))
    expect(slow.jobs.map(j => [j.name, j.conclusion])).toEqual([
      ['t (1)', 'failure'],
      ['t (2)', 'success'],
      ['t (3)', 'success']
    ])
  })

  test(`max-parallel: 1 runs the combinations one after another (${DOCS}/reference/workflows-and-actions/workflow-syntax#jobsjob_idstrategymax-parallel)`, async () => {
    const marker = `/tmp/emulator-max-parallel-${process.pid}-${Date.now()}`
    const r = await run(`name: P
on: workflow_dispatch
jobs:
  t:
    runs-on: ubuntu-latest
    strategy:
      max-parallel: 1
      matrix:
        n: [a, b, c]
    steps:
      - run: |
          echo "start \${{ matrix.n }}" >> ${marker}
          sleep 0.3
          echo "end \${{ matrix.n }}" >> ${marker}
          cat ${marker}
`)
    expect(r.run.conclusion).toBe('success')
    expect(r.logs['t (c)']).toContain('start a\nend a\nstart b\nend b\nstart c\nend c\n')
  })

  test(`a matrix from another job's output with fromJSON (${DOCS}/how-tos/write-workflows/choose-what-workflows-do/run-job-variations#using-contexts-to-create-matrices)`, async () => {
    const r = await run(`name: D
on: workflow_dispatch
jobs:
  plan:
    runs-on: ubuntu-latest
    outputs:
      targets: \${{ steps.p.outputs.targets }}
    steps:
      - id: p
        run: echo 'targets=["x","y"]' >> "$GITHUB_OUTPUT"
  build:
    needs: plan
    runs-on: ubuntu-latest
    strategy:
      matrix:
        target: \${{ fromJSON(needs.plan.outputs.targets) }}
    steps:
      - run: echo "building \${{ matrix.target }}"
`)
    expect(r.jobs.map(j => [j.name, j.conclusion])).toEqual([
      ['plan', 'success'],
      ['build (x)', 'success'],
      ['build (y)', 'success']
    ])
    expect(r.logs['build (y)']).toContain('\nbuilding y\n')
  })
})

describe('conditions, needs and outputs', () => {
  test(`job if:, needs results and outputs, status functions (${DOCS}/reference/workflows-and-actions/expressions#status-check-functions)`, async () => {
    const r = await run(`name: C
on:
  workflow_dispatch:
    inputs:
      flag:
        type: boolean
        default: true
jobs:
  off:
    if: false
    runs-on: ubuntu-latest
    steps:
      - run: echo never
  first:
    runs-on: ubuntu-latest
    outputs:
      greeting: \${{ steps.g.outputs.text }}
    steps:
      - id: g
        run: echo "text=hello from first" >> "$GITHUB_OUTPUT"
      - run: exit 4
  second:
    needs: first
    runs-on: ubuntu-latest
    steps:
      - run: echo never
  cleanup:
    needs: [first, second]
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo "first=\${{ needs.first.result }} second=\${{ needs.second.result }} says=\${{ needs.first.outputs.greeting }}"
      - if: \${{ inputs.flag && contains(needs.first.outputs.greeting, 'hello') && format('{0}-{1}', 'a', 'b') == 'a-b' }}
        run: echo compound true
      - if: failure()
        run: echo not after a success
  on-failure:
    needs: first
    if: failure()
    runs-on: ubuntu-latest
    steps:
      - run: echo reacting to failure
`)
    const conclusion = Object.fromEntries(r.jobs.map(j => [j.name, j.conclusion]))
    expect(conclusion).toEqual({
      off: 'skipped',
      first: 'failure',
      second: 'skipped',
      cleanup: 'success',
      'on-failure': 'success'
    })
    expect(r.run.conclusion).toBe('failure')
    expect(r.logs.cleanup).toContain('\nfirst=failure second=skipped says=hello from first\n')
    expect(r.logs.cleanup).toContain('\ncompound true\n')
    expect(r.logs.cleanup).not.toContain('not after a success')
    expect(r.logs['on-failure']).toContain('\nreacting to failure\n')
  })

  test(`step if:, continue-on-error, steps.<id>.outcome and conclusion (${DOCS}/reference/workflows-and-actions/contexts#steps-context)`, async () => {
    const r = await run(`name: S
on: workflow_dispatch
jobs:
  s:
    runs-on: ubuntu-latest
    steps:
      - id: flaky
        continue-on-error: true
        run: exit 2
      - run: echo "outcome=\${{ steps.flaky.outcome }} conclusion=\${{ steps.flaky.conclusion }}"
      - run: exit 1
      - run: echo skipped by the failure
      - if: \${{ !cancelled() }}
        run: echo not cancelled
      - if: success() || failure()
        run: echo either
`)
    expect(r.jobs[0]!.steps).toEqual([
      ['Set up job', 'success'],
      ['Run exit 2', 'success'],
      ['Run echo "outcome=failure conclusion=success"', 'success'],
      ['Run exit 1', 'failure'],
      ['Run echo skipped by the failure', 'skipped'],
      ['Run echo not cancelled', 'success'],
      ['Run echo either', 'success'],
      ['Complete job', 'success']
    ])
    expect(r.logs.s).toContain('\nnot cancelled\n')
  })

  test(`job-level continue-on-error keeps the run green (${DOCS}/reference/workflows-and-actions/workflow-syntax#jobsjob_idcontinue-on-error)`, async () => {
    const r = await run(`name: E
on: workflow_dispatch
jobs:
  t:
    runs-on: ubuntu-latest
    continue-on-error: \${{ matrix.experimental }}
    strategy:
      matrix:
        experimental: [false, true]
    steps:
      - run: exit \${{ matrix.experimental && 1 || 0 }}
`)
    expect(r.jobs.map(j => [j.name, j.conclusion])).toEqual([
      ['t (false)', 'success'],
      ['t (true)', 'failure']
    ])
    expect(r.run.conclusion).toBe('success')
  })
})

describe('environment files', () => {
  test(`GITHUB_ENV, GITHUB_OUTPUT, GITHUB_PATH, GITHUB_STEP_SUMMARY, GITHUB_STATE (${DOCS}/reference/workflows-and-actions/workflow-commands#environment-files)`, async () => {
    const r = await run(`name: F
on: workflow_dispatch
env:
  LEVEL: workflow
jobs:
  f:
    runs-on: ubuntu-latest
    env:
      JOBVAR: job
    steps:
      - id: w
        run: |
          echo "FROM_STEP=one" >> "$GITHUB_ENV"
          { echo "MULTI<<EOF"; echo "line a"; echo "line b"; echo "EOF"; } >> "$GITHUB_ENV"
          echo "answer=42" >> "$GITHUB_OUTPUT"
          mkdir -p "$RUNNER_TEMP/tools"
          printf '#!/bin/sh\\necho tool ran\\n' > "$RUNNER_TEMP/tools/mytool"
          chmod +x "$RUNNER_TEMP/tools/mytool"
          echo "$RUNNER_TEMP/tools" >> "$GITHUB_PATH"
          echo "### Done" >> "$GITHUB_STEP_SUMMARY"
          echo "saved=1" >> "$GITHUB_STATE"
      - env:
          STEPVAR: \${{ steps.w.outputs.answer }}
        run: |
          echo "level=$LEVEL job=$JOBVAR from=$FROM_STEP env-ctx=\${{ env.FROM_STEP }} step=$STEPVAR"
          echo "multi=[$MULTI]"
          mytool
      - run: echo "NODE_OPTIONS=--inspect" >> "$GITHUB_ENV"
`)
    expect(r.logs.f).toContain('\nlevel=workflow job=job from=one env-ctx=one step=42\n')
    expect(r.logs.f).toContain('\nmulti=[line a\nline b]\n')
    expect(r.logs.f).toContain('\ntool ran\n')
    // NODE_OPTIONS cannot be set through GITHUB_ENV: an error, the step still succeeds (FileCommandManager.cs).
    expect(r.logs.f).toContain(
      "##[error]Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command."
    )
    expect(r.run.conclusion).toBe('success')
    const job = emulator.repo(SAMPLE_REPOSITORY).jobs.get(r.jobs[0]!.id) as { summary?: string }
    expect(job.summary).toBe('### Done\n')
  })
})

describe('shells and defaults', () => {
  test(`shell: as GitHub runs each, defaults.run, a missing shell (${DOCS}/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell)`, async () => {
    const r = await run(`name: Sh
on: workflow_dispatch
defaults:
  run:
    working-directory: src
jobs:
  sh:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: false | true; echo "default ignores pipefail in $(basename "$PWD")"
      - run: "false | true"
        shell: bash
        continue-on-error: true
      - run: echo "posix sh $0"
        shell: sh
      - run: |
          import os
          print("python in", os.path.basename(os.getcwd()))
        shell: python3 {0}
      - run: Write-Output hi
        shell: pwsh
        continue-on-error: true
      - run: echo no placeholder
        shell: bash -e
        continue-on-error: true
  custom:
    runs-on: ubuntu-latest
    defaults:
      run:
        shell: sh
    steps:
      - run: echo "job default shell"
`)
    const log = r.logs.sh!
    expect(log).toContain('shell: /usr/bin/bash -e {0}')
    expect(log).toContain('\ndefault ignores pipefail in src\n')
    expect(log).toContain('shell: /usr/bin/bash --noprofile --norc -e -o pipefail {0}')
    expect(log).toMatch(/shell: \/usr\/bin\/sh -e \{0\}\n.*\nposix sh \S+\.sh\n/)
    expect(log).toContain('\npython in src\n')
    expect(log).toContain('##[error]pwsh: command not found')
    expect(log).toContain(
      "##[error]Invalid shell option. Shell must be a valid built-in (bash, sh, cmd, powershell, pwsh) or a format string containing '{0}'"
    )
    expect(r.jobs.find(j => j.name === 'sh')!.steps.map(s => s[1])).toEqual([
      'success',
      'success',
      'success',
      'success',
      'success',
      'success',
      'success',
      'success',
      'success'
    ])
    expect(r.logs.custom).toContain('shell: /usr/bin/sh -e {0}')
  })

  test(`timeout-minutes on a step fails it; on a job cancels it (${DOCS}/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepstimeout-minutes)`, async () => {
    const r = await run(`name: T
on: workflow_dispatch
jobs:
  step:
    runs-on: ubuntu-latest
    steps:
      - name: Slow step
        timeout-minutes: 0.01
        run: sleep 20
      - if: always()
        run: echo after the timeout
  job:
    runs-on: ubuntu-latest
    timeout-minutes: 0.01
    steps:
      - run: sleep 20
      - if: always()
        run: echo never, the job is over
`)
    expect(r.logs.step).toContain("##[error]The action 'Slow step' has timed out after 0.01 minutes.")
    expect(r.logs.step).toContain('\nafter the timeout\n')
    expect(r.jobs.find(j => j.name === 'step')!.conclusion).toBe('failure')
    expect(r.jobs.find(j => j.name === 'job')!.conclusion).toBe('cancelled')
    expect(r.logs.job).not.toContain('never, the job is over')
    expect(r.annotations.job!.map(a => a.message)).toContain(
      'The job running on runner emulator has exceeded the maximum execution time of 0.01 minutes.'
    )
  })
})

describe('what cannot run offline fails clearly', () => {
  test(`services, containers, non-Linux runners, unknown and remote actions (${DOCS}/reference/workflows-and-actions/workflow-syntax#jobsjob_idservices)`, async () => {
    const r = await run(`name: O
on: workflow_dispatch
jobs:
  db:
    runs-on: ubuntu-latest
    services:
      postgres:
        image: postgres:16
    steps:
      - run: echo never
  win:
    runs-on: windows-latest
    steps:
      - run: echo never
  remote:
    runs-on: ubuntu-latest
    steps:
      - uses: some-org/some-action@v1
      - uses: docker://alpine:3
        if: always()
  call:
    uses: octo/elsewhere/.github/workflows/ci.yml@main
`)
    expect(r.run.conclusion).toBe('failure')
    expect(r.logs.db).toContain(
      '##[error]Service containers are not available offline (they need Docker): postgres'
    )
    expect(r.logs.win).toContain("##[error]No runner for 'windows-latest' is available offline")
    expect(r.logs.remote).toContain('##[error]The action some-org/some-action@v1 is not available offline')
    expect(r.logs.remote).toContain(
      '##[error]The container action docker://alpine:3 is not available offline'
    )
    expect(r.jobs.find(j => j.name === 'call')).toMatchObject({ conclusion: 'failure' })
    expect(r.logs.call).toContain(
      'The reusable workflow octo/elsewhere/.github/workflows/ci.yml@main is not available offline'
    )
  })

  test(`what the parser rejects is rejected with its message (${DOCS}/reference/workflows-and-actions/expressions)`, async () => {
    expect(
      await dispatchError(
        emulator,
        SAMPLE_REPOSITORY,
        `on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ foo.bar }}
`
      )
    ).toBe(
      "422 Invalid Argument - failed to parse workflow: (Line: 6, Col: 14): Unrecognized named-value: 'foo'"
    )
    expect(
      await dispatchError(
        emulator,
        SAMPLE_REPOSITORY,
        `on: workflow_dispatch
jobs:
  a:
    needs: b
    runs-on: ubuntu-latest
    steps:
      - run: "true"
`
      )
    ).toBe(
      '422 Invalid Argument - failed to parse workflow: (Line: 3, Col: 3): The workflow must contain at least one job with no dependencies.'
    )
  })
})

describe('reusable workflows', () => {
  test(`a workflow of the same repository runs as caller / callee, with inputs and outputs (${DOCS}/how-tos/reuse-automations/reuse-workflows)`, async () => {
    const r = await run(
      `name: R
on: workflow_dispatch
jobs:
  call:
    uses: ./.github/workflows/reusable.yml
    with:
      who: world
  after:
    needs: call
    runs-on: ubuntu-latest
    steps:
      - run: echo "got \${{ needs.call.outputs.said }}"
`,
      {
        '.github/workflows/reusable.yml': `on:
  workflow_call:
    inputs:
      who:
        type: string
        required: true
      punctuation:
        type: string
        default: '!'
    outputs:
      said:
        value: \${{ jobs.greet.outputs.line }}
jobs:
  greet:
    runs-on: ubuntu-latest
    outputs:
      line: \${{ steps.s.outputs.line }}
    steps:
      - id: s
        run: echo "line=hello \${{ inputs.who }}\${{ inputs.punctuation }}" >> "$GITHUB_OUTPUT"
`
      }
    )
    expect(r.jobs.map(j => [j.name, j.conclusion])).toEqual([
      ['call / greet', 'success'],
      ['after', 'success']
    ])
    expect(r.logs.after).toContain('\ngot hello world!\n')
  })
})

describe('actions', () => {
  test(`local JavaScript and composite actions run for real with their inputs (${DOCS}/reference/workflows-and-actions/metadata-syntax)`, async () => {
    const r = await run(
      `name: A
on: workflow_dispatch
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: js
        uses: ./.github/actions/hello-js
        with:
          who-is: octo
      - id: comp
        uses: ./.github/actions/hello-composite
        with:
          name: cat
      - run: echo "js=\${{ steps.js.outputs.greeting }} composite=\${{ steps.comp.outputs.shout }}"
`,
      {
        '.github/actions/hello-js/action.yml': `name: hello
description: Greets from JavaScript
inputs:
  who-is:
    required: true
  polite:
    default: 'yes'
runs:
  using: node20
  main: index.mjs
`,
        '.github/actions/hello-js/index.mjs': `import { appendFileSync } from 'node:fs'
console.log('who=' + process.env['INPUT_WHO-IS'] + ' polite=' + process.env.INPUT_POLITE)
appendFileSync(process.env.GITHUB_OUTPUT, 'greeting=hi ' + process.env['INPUT_WHO-IS'] + '\\n')
`,
        '.github/actions/hello-composite/action.yml': `name: composite
description: Greets from a composite action
inputs:
  name:
    required: true
outputs:
  shout:
    value: \${{ steps.up.outputs.value }}
runs:
  using: composite
  steps:
    - id: up
      shell: bash
      run: echo "value=$(echo \${{ inputs.name }} | tr a-z A-Z)" >> "$GITHUB_OUTPUT"
    - shell: bash
      run: echo "action path ends with $(basename "$GITHUB_ACTION_PATH")"
`
      }
    )
    expect(r.run.conclusion).toBe('success')
    expect(r.logs.a).toContain('\nwho=octo polite=yes\n')
    expect(r.logs.a).toContain('\njs=hi octo composite=CAT\n')
  })

  test(`shims: setup-node names the version used and refuses one it does not have; cache misses; artifacts move between jobs (${DOCS}/tutorials/build-and-test-code/nodejs)`, async () => {
    const major = process.versions.node.split('.')[0]
    const r = await run(`name: Shims
on: workflow_dispatch
jobs:
  up:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: ${major}
      - id: cache
        uses: actions/cache@v4
        with:
          path: ~/.npm
          key: npm-\${{ hashFiles('**/package.json') }}
      - run: echo "hit=\${{ steps.cache.outputs.cache-hit }}" && mkdir out && echo payload > out/file.txt
      - uses: actions/upload-artifact@v4
        with:
          name: build
          path: out
  down:
    needs: up
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v4
        with:
          name: build
          path: got
      - run: cat got/file.txt
  old:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
        with:
          node-version: 12
`)
    expect(r.logs.up).toContain(`Using the machine's Node.js ${process.versions.node}`)
    expect(r.logs.up).toMatch(/Cache not found for input keys: npm-[0-9a-f]{64}/)
    expect(r.logs.up).toContain('\nhit=false\n')
    expect(r.logs.down).toContain('\npayload\n')
    expect(r.logs.old).toContain(
      `##[error]Node.js 12 is not available offline: this machine has Node.js ${process.versions.node} only`
    )
    expect(r.jobs.map(j => [j.name, j.conclusion])).toEqual([
      ['up', 'success'],
      ['old', 'failure'],
      ['down', 'success']
    ])
  })
})

describe('problem matchers and masking', () => {
  test(`setup-node's matchers turn tsc and eslint output into annotations; remove-matcher stops them (https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md)`, async () => {
    const r = await run(`name: PM
on: workflow_dispatch
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: ${process.versions.node.split('.')[0]}
      - run: |
          echo "src/money.js(3,7): error TS2322: Type 'string' is not assignable to type 'number'."
          echo "/not/in/repo.ts(1,1): error TS1005: ';' expected."
          echo "$GITHUB_WORKSPACE/src/ledger.js"
          printf '  12:5  warning  Unexpected console statement  no-console\\n'
          echo "::remove-matcher owner=tsc::"
          echo "src/money.js(9,1): error TS2304: Cannot find name 'x'."
`)
    const log = r.logs.lint!
    expect(log).toContain(
      "\n##[error]src/money.js(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\n"
    )
    expect(log).toContain('\n##[warning]  12:5  warning  Unexpected console statement  no-console\n')
    expect(log).toContain("\nsrc/money.js(9,1): error TS2304: Cannot find name 'x'.\n")
    expect(log).not.toContain('\n::remove-matcher')
    expect(r.annotations.lint).toEqual([
      {
        level: 'failure',
        path: 'src/money.js',
        line: 3,
        message: "Type 'string' is not assignable to type 'number'.",
        title: null
      },
      // A file outside the repository is dropped: the annotation lands on .github (OutputManager.cs).
      { level: 'failure', path: '.github', line: 1, message: "';' expected.", title: null },
      {
        level: 'warning',
        path: 'src/ledger.js',
        line: 12,
        message: 'Unexpected console statement',
        title: null
      }
    ])
  })

  test(`::add-mask:: and secrets are masked in logs and annotations (${DOCS}/reference/workflows-and-actions/workflow-commands#masking-a-value-in-a-log)`, async () => {
    const r = await run(`name: Mask
on: workflow_dispatch
jobs:
  m:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "::add-mask::hunter2-secret"
          echo "the password is hunter2-secret"
          echo "base64: $(printf hunter2-secret | base64)"
          echo "::error::leaked hunter2-secret"
          echo "token \${{ secrets.GITHUB_TOKEN }}"
`)
    const log = r.logs.m!
    expect(log).toContain('\nthe password is ***\n')
    expect(log).toContain('\nbase64: ***\n')
    expect(log).toContain('\ntoken ***\n')
    // The script in the step's header was printed before the mask existed, as on GitHub; the output after it is masked.
    const output = log.slice(log.lastIndexOf('##[endgroup]\n'))
    expect(output).not.toContain('hunter2')
    expect(output).not.toContain('add-mask')
    expect(r.annotations.m!.map(a => a.message)).toContain('leaked ***')
  })
})

describe('the runner user', () => {
  test(`steps run unprivileged with a real HOME and cannot change the host (${DOCS}/concepts/runners/github-hosted-runners)`, async () => {
    const r = await run(`name: U
on: workflow_dispatch
jobs:
  u:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          echo "home=$HOME"
          test -d "$HOME" && echo "home exists"
          touch package.json && echo "can write the checkout"
          if touch /usr/bin/emulator-probe 2>/dev/null; then echo "wrote the host"; else echo "cannot write /usr/bin"; fi
          if apt-get install -y cowsay >/dev/null 2>&1; then echo "installed a package"; else echo "cannot install packages"; fi
          sudo apt-get install -y cowsay || true
          node --version
`)
    const log = r.logs.u!
    if (process.getuid?.() === 0) {
      expect(log).toContain('\nhome=/home/nightshift-runner\n')
      expect(log).toContain('\ncannot write /usr/bin\n')
      expect(log).toContain('\ncannot install packages\n')
      expect(log).toContain(
        '\nsudo is not available offline: steps run as the unprivileged user nightshift-runner and cannot change this machine (apt-get install and the like)\n'
      )
    }
    expect(log).toContain('\nhome exists\n')
    expect(log).toContain('\ncan write the checkout\n')
    expect(log).toContain(`\nv${process.versions.node}\n`)
  })
})
