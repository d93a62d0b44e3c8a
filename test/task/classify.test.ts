import { buildTask } from '../../src/task/build.js'
import { classify } from '../../src/task/classify.js'
import { REFUSAL_MARKER, refusalComment } from '../../src/task/refusal.js'
import type { Confidence, IssueData, Signals } from '../../src/task/types.js'
import { parseCommand } from '../../src/trigger/command.js'

const STACK = Array.from(
  { length: 60 },
  (_, i) => `    at Module._compile (node:internal/modules/cjs/loader:${1300 + i}:14)`
).join('\n')

const LONG_PROSE = [
  'Our team exports monthly usage reports to share with finance, and the current CSV export is hard to use for that.',
  'The columns come out in a different order every time depending on which metrics had data, the dates use the',
  'server locale instead of ISO 8601, and numbers above a thousand get a thousands separator that spreadsheet tools',
  'then read as text. We currently post-process every file by hand before it goes out, which takes an hour a month',
  'and is error prone: last quarter a report went out with two columns swapped and nobody noticed for weeks.',
  '',
  'What we would like is a stable, documented column order, ISO dates, plain numbers, and a header row that never',
  'changes between exports. Ideally the export also includes the report period in the file name so that files do',
  'not overwrite each other in the shared drive. We looked at the export code and it seems the column list is built',
  'from whatever keys the first row has, which explains the shifting order. The date formatting goes through the',
  'generic locale helper that the UI also uses, so changing it there would change the UI too, which we do not want.',
  '',
  'We are happy to test a pre-release build against our real data before it ships, and can share an anonymised',
  'sample of a report that shows all three problems at once if that helps with writing the tests for this change.'
].join('\n')

interface Case {
  title: string
  body: string
  labels: string[]
  confidence: Confidence
  signals: Signals
}

const table: Case[] = [
  {
    title: 'parseDuration("1h30m") returns 90 seconds instead of 5400',
    labels: ['bug'],
    body: '### Describe the bug\n\n`parseDuration` in `src/util/duration.ts` treats minutes as seconds when hours come first.\n\n### Steps to reproduce\n\n1. `import { parseDuration } from "./src/util/duration"`\n2. Call `parseDuration("1h30m")`\n3. It returns `90`\n\n### Expected behavior\n\nIt returns `5400`.',
    confidence: 'HIGH_CONFIDENCE',
    signals: {
      has_reproduction_steps: true,
      single_file_scope: true,
      has_test_criteria: true,
      no_design_decision: true,
      estimated_size: 'small'
    }
  },
  {
    title: 'Typo in README.md: "recieve" in the configuration section',
    labels: ['documentation'],
    body: 'The configuration section of README.md says "you will recieve a token". Should be "receive".',
    confidence: 'HIGH_CONFIDENCE',
    signals: {
      has_reproduction_steps: false,
      single_file_scope: true,
      has_test_criteria: true,
      no_design_decision: true,
      estimated_size: 'small'
    }
  },
  {
    title: 'Bump yaml to 2.8.1 (CVE-2025-XXXX in 2.8.0)',
    labels: ['dependencies'],
    body: 'Dependabot flags the yaml version pinned in package.json. Please bump it and refresh package-lock.json.',
    confidence: 'HIGH_CONFIDENCE',
    signals: {
      has_reproduction_steps: false,
      single_file_scope: true,
      has_test_criteria: true,
      no_design_decision: true,
      estimated_size: 'small'
    }
  },
  {
    title: 'Add a --json flag to `status`',
    labels: ['enhancement'],
    body: 'Scripts want to read the status output.\n\n## Acceptance criteria\n- [ ] `status --json` prints one JSON object\n- [ ] the default output is unchanged\n\nThe command lives in `src/cli/status.ts`.',
    confidence: 'HIGH_CONFIDENCE',
    signals: {
      has_reproduction_steps: false,
      single_file_scope: true,
      has_test_criteria: true,
      no_design_decision: true,
      estimated_size: 'small'
    }
  },
  {
    title: 'Crash on startup with Node 22',
    labels: ['type: bug'],
    body: `Starting the server on Node 22.4 crashes immediately. It works on Node 20.\n\n**To Reproduce**\n1. nvm use 22\n2. npm start\n\n\`\`\`\nTypeError: Cannot read properties of undefined (reading 'split')\n    at parseArgs (src/server/args.ts:17:22)\n${STACK}\n\`\`\``,
    confidence: 'HIGH_CONFIDENCE',
    signals: {
      has_reproduction_steps: true,
      single_file_scope: true,
      has_test_criteria: true,
      no_design_decision: true,
      estimated_size: 'small'
    }
  },
  {
    title: 'The dashboard feels slow sometimes',
    labels: ['bug'],
    body: 'Since last week the dashboard is sometimes slow to load. Not sure why.',
    confidence: 'MEDIUM_CONFIDENCE',
    signals: {
      has_reproduction_steps: false,
      single_file_scope: true,
      has_test_criteria: true,
      no_design_decision: true,
      estimated_size: 'small'
    }
  },
  {
    title: 'Support dark mode',
    labels: [],
    body: 'It would be great to have a dark theme, my eyes hurt at night.',
    confidence: 'MEDIUM_CONFIDENCE',
    signals: {
      has_reproduction_steps: false,
      single_file_scope: true,
      has_test_criteria: false,
      no_design_decision: true,
      estimated_size: 'small'
    }
  },
  {
    title: 'Timezone offsets are dropped when saving events',
    labels: ['bug'],
    body: 'Saving an event with `+02:00` stores it as UTC without converting.\n\nSteps to reproduce:\n1. Create an event at 10:00+02:00\n2. Reload\n\nThe offset is lost somewhere between `src/api/events.ts`, `src/db/events.ts`, `src/models/event.ts`, `src/util/time.ts` and `web/src/EventForm.tsx`.',
    confidence: 'MEDIUM_CONFIDENCE',
    signals: {
      has_reproduction_steps: true,
      single_file_scope: false,
      has_test_criteria: true,
      no_design_decision: true,
      estimated_size: 'medium'
    }
  },
  {
    title: 'RFC: a plugin system for custom exporters',
    labels: ['rfc'],
    body: 'Users keep asking for exporters we do not want to maintain. Proposal: load plugins from `exporters/`.',
    confidence: 'HUMAN_ONLY',
    signals: {
      has_reproduction_steps: false,
      single_file_scope: true,
      has_test_criteria: false,
      no_design_decision: false,
      estimated_size: 'small'
    }
  },
  {
    title: '[Proposal] Switch the config format to TOML',
    labels: [],
    body: 'YAML indentation errors are our most common support question. Should we accept `nightshift.toml`?',
    confidence: 'HUMAN_ONLY',
    signals: {
      has_reproduction_steps: false,
      single_file_scope: true,
      has_test_criteria: false,
      no_design_decision: false,
      estimated_size: 'small'
    }
  },
  {
    title: 'Migrate the test suite from Jest to Vitest',
    labels: ['tests'],
    body: 'Jest ESM support still needs a flag. Vitest runs our TS natively.\n\n- [ ] all tests pass under vitest\n- [ ] CI uses vitest',
    confidence: 'HUMAN_ONLY',
    signals: {
      has_reproduction_steps: false,
      single_file_scope: true,
      has_test_criteria: true,
      no_design_decision: true,
      estimated_size: 'large'
    }
  },
  {
    title: 'Refactor session handling in the auth module',
    labels: ['tech-debt'],
    body: 'Session state is spread over `src/auth/session.ts`, `src/auth/cookies.ts`, `src/auth/middleware.ts` and `src/auth/refresh.ts`; each re-reads the cookie.',
    confidence: 'HUMAN_ONLY',
    signals: {
      has_reproduction_steps: false,
      single_file_scope: false,
      has_test_criteria: false,
      no_design_decision: true,
      estimated_size: 'large'
    }
  },
  {
    title: 'Null check missing in the retry helper',
    labels: ['kind/bug', 'needs-design'],
    body: '`src/net/retry.ts` crashes when `options` is undefined. But should retries be opt-in at all?',
    confidence: 'HUMAN_ONLY',
    signals: {
      has_reproduction_steps: false,
      single_file_scope: true,
      has_test_criteria: true,
      no_design_decision: false,
      estimated_size: 'small'
    }
  },
  {
    title: 'CSV export: stable columns, ISO dates, plain numbers',
    labels: ['enhancement'],
    body: `${LONG_PROSE}\n\n### Acceptance criteria\n- [ ] columns always in the documented order\n- [ ] dates in ISO 8601\n- [ ] no thousands separators`,
    confidence: 'MEDIUM_CONFIDENCE',
    signals: {
      has_reproduction_steps: false,
      single_file_scope: true,
      has_test_criteria: true,
      no_design_decision: true,
      estimated_size: 'medium'
    }
  },
  {
    title: 'Login fails with a plus sign in the email',
    labels: ['bug'],
    body: '## Reproduction\n1. Sign up as `me+test@example.com`\n2. Log in\n\nThe validator in `src/auth/email.ts` rejects it. (Longer term we may migrate to a proper validation library.)',
    confidence: 'MEDIUM_CONFIDENCE',
    signals: {
      has_reproduction_steps: true,
      single_file_scope: true,
      has_test_criteria: true,
      no_design_decision: true,
      estimated_size: 'medium'
    }
  }
]

function issue(c: Case, n: number): IssueData {
  return {
    number: n,
    title: c.title,
    body: c.body,
    labels: c.labels,
    assignees: [],
    state: 'open',
    isPullRequest: false,
    url: `https://github.com/o/r/issues/${n}`
  }
}

describe('classify', () => {
  it.each(table.map((c, i) => [c.title, c, i + 1] as const))('%s', async (_title, c, n) => {
    const verdict = classify(await buildTask(issue(c, n), { login: 'maint' }))
    expect({ confidence: verdict.confidence, signals: verdict.signals }).toEqual({
      confidence: c.confidence,
      signals: c.signals
    })
    // One headline plus a sentence for each of the five signals (the design one only when it applies).
    expect(verdict.reasons[0]).toMatch(new RegExp(`^${c.confidence}: `))
    expect(verdict.reasons.length).toBeGreaterThanOrEqual(5)
    expect(verdict.reasons.some(r => r.startsWith(`Estimated size: ${c.signals.estimated_size}`))).toBe(true)
  })

  it('takes configurable label lists', async () => {
    const task = await buildTask(issue(table[6], 7), { login: 'maint' })
    expect(classify(task, { testLabels: ['ui'] }).signals.has_test_criteria).toBe(false)
    const labelled = { ...task, labels: ['UI'] }
    expect(classify(labelled, { testLabels: ['ui'] }).signals.has_test_criteria).toBe(true)
    expect(classify(labelled, { designLabels: ['ui'] }).confidence).toBe('HUMAN_ONLY')
  })

  it('explains its size estimate', async () => {
    const verdict = classify(await buildTask(issue(table[10], 11), { login: 'maint' }))
    expect(verdict.reasons).toContain(
      'Estimated size: large (120 characters of prose; 0 files; "migrate" in the title (+3)).'
    )
  })
})

// ESM test modules may await at the top level; a describe callback may not.
const refusedVerdict = classify(await buildTask(issue(table[8], 9), { login: 'maint' }))

describe('refusalComment', () => {
  const verdict = refusedVerdict
  const comment = refusalComment(verdict, '/nightshift')

  it('says why, lists every signal and shows the override', async () => {
    expect(comment.startsWith(REFUSAL_MARKER)).toBe(true)
    expect(comment).toContain('`HUMAN_ONLY`')
    expect(comment).toContain('> HUMAN_ONLY: it needs a design decision.')
    expect(comment).toContain('- Needs a design decision: label `rfc`.')
    for (const name of [
      'has_reproduction_steps',
      'single_file_scope',
      'has_test_criteria',
      'no_design_decision',
      'estimated_size'
    ]) {
      expect(comment).toContain(`| \`${name}\` |`)
    }
    expect(comment).toContain('| `no_design_decision` | no |')
    expect(comment).toContain('```\n/nightshift run --force\n```')
  })

  it('can never be read as a command itself', async () => {
    expect(parseCommand(comment, '/nightshift')).toEqual({ kind: 'none' })
  })

  it('uses the configured command', async () => {
    expect(refusalComment(verdict, '/agent')).toContain('```\n/agent run --force\n```')
  })
})
