/**
 * The comment posted when the classifier says HUMAN_ONLY: why the issue was not taken, and how a
 * maintainer overrides that. It never starts with the command, and shows the override
 * in a code block, so the comment can never be read as a command itself.
 */
import type { Signals, Verdict } from './types.js'

/** Hidden marker that lets the reporter find (and update instead of repeat) its refusal comment. */
export const REFUSAL_MARKER = '<!-- nightshift:refusal -->'

const SIGNAL_NAMES: (keyof Signals)[] = [
  'has_reproduction_steps',
  'single_file_scope',
  'has_test_criteria',
  'no_design_decision',
  'estimated_size'
]

/** Markdown for the refusal: verdict, reasons, every signal, and the override command. */
export function refusalComment(verdict: Verdict, command: string): string {
  const label: Record<Verdict['confidence'], string> = {
    HUMAN_ONLY: 'needs a human',
    MEDIUM_CONFIDENCE: 'medium confidence',
    HIGH_CONFIDENCE: 'high confidence'
  }
  const [headline, ...details] = verdict.reasons
  const rows = SIGNAL_NAMES.map(name => {
    const value = verdict.signals[name]
    return `| \`${name}\` | ${typeof value === 'boolean' ? (value ? 'yes' : 'no') : value} |`
  })
  return [
    REFUSAL_MARKER,
    `**nightshift did not start work on this issue**: the classifier rated it \`${verdict.confidence}\` (${label[verdict.confidence]}).`,
    '',
    headline ? `> ${headline}` : '',
    '',
    ...details.map(r => `- ${r}`),
    '',
    '| signal | value |',
    '|---|---|',
    ...rows,
    '',
    'To run it anyway, a maintainer with write access can comment:',
    '',
    '```',
    `${command} run --force`,
    '```',
    '',
    'Or make the issue smaller and more concrete (name the files, add reproduction steps or a `- [ ]` checklist of acceptance criteria, remove design labels once the design is settled) and comment',
    `\`${command} run\` again.`
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
}
