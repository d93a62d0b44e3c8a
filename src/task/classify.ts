/**
 * The suitability classifier: five signals, and a verdict from them.
 *
 * - `has_reproduction_steps`: the body has a reproduction section with content.
 * - `single_file_scope`: at most 3 mentioned files (none counts: nothing points at a wide change).
 * - `has_test_criteria`: a label from `testLabels`, or acceptance criteria in the body.
 * - `no_design_decision`: no label from `designLabels`, and the title is not marked `RFC:`/`[Proposal]`.
 * - `estimated_size`: points for prose length (code blocks and logs excluded: a long stack trace is
 *   not a big task), for a body of 20,000 characters or more all included (+1; +2 from 100,000: the
 *   agent sees only the head of such a body), for the number of files, and for wording (migrate, rewrite, redesign,
 *   architecture, overhaul weigh 2; refactor, restructure, rework, "across the codebase" weigh 1; one
 *   more when the title says it). 0 points: small; 1–2: medium; 3 or more: large.
 *
 * Verdicts: `HUMAN_ONLY` when large or a design decision is needed. `HIGH_CONFIDENCE` when small, in
 * scope, with test criteria, and concrete (reproduction steps, acceptance criteria or a named file).
 * `MEDIUM_CONFIDENCE` otherwise. Labels match case-insensitively, also after a `type:` or `kind/`
 * prefix ("type: bug" counts as "bug").
 */
import type { Confidence, EstimatedSize, Signals, Task, Verdict } from './types.js'

export const DEFAULT_TEST_LABELS = ['bug', 'test', 'tests', 'docs', 'documentation', 'deps', 'dependencies']
export const DEFAULT_DESIGN_LABELS = ['rfc', 'design', 'needs-design', 'discussion']

export interface ClassifyOptions {
  testLabels?: string[]
  designLabels?: string[]
}

/** Most files a task may mention and still count as single-file scope. */
export const SCOPE_MAX_FILES = 3

const STRONG_WORDING =
  /\b(?:migrat(?:e|es|ed|ing|ion)|rewrit(?:e|es|ing|ten)|redesign(?:s|ed|ing)?|re-?architect\w*|architecture|overhaul\w*)\b/i
const WEAK_WORDING =
  /\b(?:refactor\w*|restructur\w*|rework\w*|reorgani[sz]\w*|across the (?:whole )?(?:code ?base|repo(?:sitory)?|project)|every (?:module|package|file))\b/i
const DESIGN_TITLE = /^\s*(?:\[\s*(?:rfc|proposal|design|discussion)\s*\]|\(?(?:rfc|proposal)\)?\s*:)/i

export function classify(task: Task, options: ClassifyOptions = {}): Verdict {
  const testLabels = options.testLabels ?? DEFAULT_TEST_LABELS
  const designLabels = options.designLabels ?? DEFAULT_DESIGN_LABELS
  const reasons: string[] = []

  const steps = task.reproduction.length
  reasons.push(steps ? `Reproduction steps: ${steps} found.` : 'No reproduction steps found.')

  const files = task.files.length
  const fileList = task.files.slice(0, 5).map(code).join(', ') + (files > 5 ? ', …' : '')
  reasons.push(
    files === 0
      ? 'Scope: the body names no files.'
      : `Scope: ${files} mentioned file${files === 1 ? '' : 's'} (${fileList}), ${files <= SCOPE_MAX_FILES ? 'within' : 'more than'} the limit of ${SCOPE_MAX_FILES}.`
  )

  const testLabel = task.labels.find(l => matchesAny(l, testLabels))
  const criteria = task.acceptance.length
  if (testLabel) reasons.push(`Test criteria: label ${code(testLabel)}.`)
  else if (criteria) reasons.push(`Test criteria: ${criteria} acceptance criteria in the body.`)
  else
    reasons.push(
      `No test criteria: no label among ${testLabels.map(code).join(', ')} and no acceptance criteria.`
    )

  const designLabel = task.labels.find(l => matchesAny(l, designLabels))
  const designTitle = DESIGN_TITLE.test(task.title)
  if (designLabel) reasons.push(`Needs a design decision: label ${code(designLabel)}.`)
  else if (designTitle) reasons.push('Needs a design decision: the title marks it as an RFC or proposal.')

  const size = estimateSize(task)
  reasons.push(`Estimated size: ${size.size} (${size.why.join('; ')}).`)

  const signals: Signals = {
    has_reproduction_steps: steps > 0,
    single_file_scope: files <= SCOPE_MAX_FILES,
    has_test_criteria: testLabel !== undefined || criteria > 0,
    no_design_decision: designLabel === undefined && !designTitle,
    estimated_size: size.size
  }
  const concrete = signals.has_reproduction_steps || criteria > 0 || files > 0
  let confidence: Confidence
  let verdict: string
  if (!signals.no_design_decision || size.size === 'large') {
    confidence = 'HUMAN_ONLY'
    verdict = !signals.no_design_decision
      ? 'it needs a design decision'
      : 'it looks too large for one unattended run'
  } else if (size.size === 'small' && signals.single_file_scope && signals.has_test_criteria && concrete) {
    confidence = 'HIGH_CONFIDENCE'
    verdict = 'it is small, narrow, testable and concrete'
  } else {
    confidence = 'MEDIUM_CONFIDENCE'
    const missing = [
      size.size !== 'small' && `its size is ${size.size}`,
      !signals.single_file_scope && 'it spans many files',
      !signals.has_test_criteria && 'it has no test criteria',
      !concrete && 'it names no file, reproduction steps or acceptance criteria'
    ].filter((x): x is string => typeof x === 'string')
    verdict = missing.join(', ')
  }
  reasons.unshift(`${confidence}: ${verdict}.`)
  return { confidence, signals, reasons }
}

/** Size points, with the reasons that earned them. */
function estimateSize(task: Task): { size: EstimatedSize; why: string[] } {
  const prose = stripCode(`${task.body}\n${task.pullRequest?.request ?? ''}`)
    .replace(/\s+/g, ' ')
    .trim().length
  const files = task.files.length
  const text = `${task.body}\n${task.pullRequest?.request ?? ''}`
  const why: string[] = []
  let points = 0

  const proseLevel = prose < 1500 ? 0 : prose < 4000 ? 1 : 2
  points += proseLevel
  why.push(`${prose} characters of prose${proseLevel ? ` (+${proseLevel})` : ''}`)
  // The whole body, code and logs included: past the prompt's budget the agent sees only its head.
  const chars = task.bodyChars ?? task.body.length
  const bodyLevel = chars < 20_000 ? 0 : chars < 100_000 ? 1 : 2
  if (bodyLevel) {
    points += bodyLevel
    why.push(`a body of ${chars} characters (+${bodyLevel})`)
  }
  const fileLevel = files <= SCOPE_MAX_FILES ? 0 : files <= 8 ? 1 : 2
  points += fileLevel
  why.push(`${files} file${files === 1 ? '' : 's'}${fileLevel ? ` (+${fileLevel})` : ''}`)

  const wording = [
    { match: STRONG_WORDING.exec(task.title), points: 3, where: 'title' },
    { match: STRONG_WORDING.exec(text), points: 2, where: 'body' },
    { match: WEAK_WORDING.exec(task.title), points: 2, where: 'title' },
    { match: WEAK_WORDING.exec(text), points: 1, where: 'body' }
  ].find(w => w.match !== null)
  if (wording?.match) {
    points += wording.points
    why.push(`"${wording.match[0].toLowerCase()}" in the ${wording.where} (+${wording.points})`)
  }
  return { size: points === 0 ? 'small' : points <= 2 ? 'medium' : 'large', why }
}

/** Text outside fenced code blocks and inline code. */
function stripCode(text: string): string {
  return text
    .replace(/^ {0,3}(`{3,}|~{3,})[\s\S]*?(?:^ {0,3}\1[^\n]*$|(?![\s\S]))/gm, ' ')
    .replace(/`[^`\n]*`/g, ' ')
}

/** A label matches a name in the list itself, or after a `prefix:` or `prefix/` ("type: bug"). */
function matchesAny(label: string, names: string[]): boolean {
  const full = label.trim().toLowerCase()
  const tail = full.split(/[:/]/).pop()?.trim() ?? full
  return names.some(n => {
    const name = n.trim().toLowerCase()
    return name === full || name === tail
  })
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``
}
