import { execFileSync } from 'node:child_process'
import { describe, expect, it } from '@jest/globals'
import { GuardError } from '../../src/errors.js'
import { agentEnv } from '../../src/workspace/sandbox-env.js'

const SECRETS = {
  GITHUB_TOKEN: 'ghs_faketoken000000000000000000000000',
  'INPUT_GITHUB-TOKEN': 'ghs_inputtoken11111111111111111111111',
  'INPUT_ANTHROPIC-API-KEY': 'sk-ant-input-2222222222',
  ACTIONS_RUNTIME_TOKEN: 'eyJruntime333333333333',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'eyJidtoken444444444444',
  ANTHROPIC_API_KEY: 'sk-ant-555555555555555',
  OPENAI_API_KEY: 'sk-proj-666666666666666',
  GITHUB_ENV: '/home/runner/work/_temp/_runner_file_commands/set_env_x',
  GITHUB_OUTPUT: '/home/runner/work/_temp/_runner_file_commands/set_output_x',
  GITHUB_PATH: '/home/runner/work/_temp/_runner_file_commands/add_path_x',
  GITHUB_STATE: '/home/runner/work/_temp/_runner_file_commands/save_state_x',
  GITHUB_STEP_SUMMARY: '/home/runner/work/_temp/_runner_file_commands/step_summary_x',
  PIP_INDEX_TOKEN: 'pip-secret-777777',
  PYTHON_AUTH_SECRET: 'py-secret-888888',
  NODE_OPTIONS: '--require /tmp/evil.js'
}

const parent: NodeJS.ProcessEnv = {
  ...SECRETS,
  PATH: process.env.PATH,
  HOME: '/home/runner',
  LANG: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  CI: 'true',
  JAVA_HOME: '/usr/lib/jvm/17',
  JAVA_HOME_17_X64: '/usr/lib/jvm/17',
  GOPATH: '/home/runner/go',
  PYTHONPATH: '/opt/py',
  PIP_CACHE_DIR: '/tmp/pip',
  RUNNER_OS: 'Linux',
  MY_SERVICE_URL: 'http://localhost:5432',
  NPM_TOKEN: 'npm_999999999'
}

describe('agentEnv', () => {
  it('keeps the allow-listed names and the toolchain variables', () => {
    const env = agentEnv(parent, { names: [] })
    expect(env).toMatchObject({
      HOME: '/home/runner',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      CI: 'true',
      JAVA_HOME: '/usr/lib/jvm/17',
      JAVA_HOME_17_X64: '/usr/lib/jvm/17',
      GOPATH: '/home/runner/go',
      PYTHONPATH: '/opt/py',
      PIP_CACHE_DIR: '/tmp/pip',
      RUNNER_OS: 'Linux',
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1'
    })
    expect(env.PATH).toBe(process.env.PATH)
  })

  it('drops every credential, step file and unknown name, including secret-looking toolchain names', () => {
    const env = agentEnv(parent, { names: [] })
    for (const name of [...Object.keys(SECRETS), 'MY_SERVICE_URL', 'NPM_TOKEN'])
      expect(env[name]).toBeUndefined()
  })

  it('passes agent-env names only when named, and gives the agent its own HOME and temp folder', () => {
    const env = agentEnv(
      { ...parent, RUNNER_TEMP: '/home/runner/work/_temp', TMPDIR: '/home/runner/work/_temp' },
      { names: ['NPM_TOKEN', 'MY_SERVICE_URL', 'NOT_SET'] },
      { home: '/tmp/agent/home', tmp: '/tmp/agent/tmp' }
    )
    expect(env.NPM_TOKEN).toBe('npm_999999999')
    expect(env.MY_SERVICE_URL).toBe('http://localhost:5432')
    expect('NOT_SET' in env).toBe(false)
    expect(env.HOME).toBe('/tmp/agent/home')
    expect([env.TMPDIR, env.TMP, env.TEMP]).toEqual(['/tmp/agent/tmp', '/tmp/agent/tmp', '/tmp/agent/tmp'])
    // Where the runner keeps the step's command files never reaches the agent.
    expect(env.RUNNER_TEMP).toBeUndefined()
    expect(() => agentEnv(parent, { names: ['RUNNER_TEMP'] })).toThrow(/"RUNNER_TEMP" cannot be passed/)
  })

  it.each([
    'GITHUB_TOKEN',
    'github_token',
    'ACTIONS_RUNTIME_TOKEN',
    'INPUT_GITHUB-TOKEN',
    'GITHUB_ENV',
    'GITHUB_STEP_SUMMARY'
  ])('refuses %s even when agent-env names it, saying why', name => {
    expect(() => agentEnv(parent, { names: [name] })).toThrow(GuardError)
    expect(() => agentEnv(parent, { names: [name] })).toThrow(
      new RegExp(`"${name}" cannot be passed to the agent`)
    )
  })

  it('a process started with it finds no token or key in env or /proc/self/environ', () => {
    const env = agentEnv({ ...process.env, ...parent }, { names: [] })
    const printed = execFileSync('bash', ['-c', 'env; cat /proc/self/environ | tr "\\0" "\\n"'], {
      env,
      encoding: 'utf8'
    })
    expect(printed).toContain('GIT_TERMINAL_PROMPT=0')
    for (const secret of Object.values(SECRETS)) expect(printed).not.toContain(secret)
    expect(printed).not.toMatch(/GITHUB_TOKEN|ACTIONS_|INPUT_|API_KEY/)
  })
})
