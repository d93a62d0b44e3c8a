/**
 * A LoopState as the `nightshift` check run's output. The summary always fits GitHub's 65,535
 * characters (`output.summary`, https://docs.github.com/en/rest/checks/runs#create-a-check-run): the least important sections shrink first, and the summary says
 * what was cut. The `text` holds the details and, at its end, the hidden compact copy of the state.
 */
import type { CheckConclusion, CheckRunOutput } from '../loop/ports.js'
import type { LoopState } from '../loop/state.js'
import { encodeState } from '../state/codec.js'
import { baselineSection } from './baseline.js'
import { detailParts } from './details.js'
import { clip, link } from './markdown.js'
import { networkSection } from './network.js'
import { noticesSection } from './notices.js'
import { headline } from './outcome.js'
import {
  attemptsTable,
  finalCiSection,
  guards,
  header,
  lastFailures,
  rebaseSection,
  taskLine,
  verdictSection
} from './sections.js'
import type { Vocabulary } from './vocabulary.js'

/** GitHub's maxLength for `output.summary` and `output.text`. */
export const CHECK_RUN_LIMIT = 65_535

export interface Section {
  name: string
  /** Lower is cut first. */
  importance: number
  /** Renderings from full to smallest; '' means the section is dropped. */
  variants: string[]
}

function sections(state: LoopState, words: Vocabulary): Section[] {
  return [
    { name: 'header', importance: 100, variants: [header(state, words)] },
    { name: 'notices', importance: 95, variants: [noticesSection(state)] },
    { name: 'task', importance: 90, variants: [taskLine(state)] },
    {
      name: 'attempts table',
      importance: 80,
      variants: [
        attemptsTable(state),
        attemptsTable(state, 11),
        attemptsTable(state, 4),
        attemptsTable(state, 2)
      ]
    },
    { name: 'failures', importance: 50, variants: [lastFailures(state, 20), lastFailures(state, 5), ''] },
    {
      name: 'base branch',
      importance: 60,
      variants: [baselineSection(state, 10), baselineSection(state, 3), baselineSection(state, 0)]
    },
    { name: 'guards', importance: 40, variants: [guards(state, 30), guards(state, 5), ''] },
    { name: 'network', importance: 45, variants: [networkSection(state), networkSection(state, 5), ''] },
    { name: 'rebase', importance: 70, variants: [rebaseSection(state), rebaseSection(state, 5), ''] },
    { name: 'final CI', importance: 70, variants: [finalCiSection(state)] },
    // Last: why the issue was taken matters less to a reviewer than what happened.
    { name: 'classifier', importance: 30, variants: [verdictSection(state), verdictSection(state, 2), ''] }
  ]
}

/**
 * Assembles sections (given in page order) under `limit`: while too long, the least important
 * section that can still shrink takes its next smaller variant, and a note names what was cut. A final
 * hard cut (at a line boundary) is the safety net for inputs no variant anticipates.
 */
export function fitSections(list: Section[], limit: number, where = "the check run's details"): string {
  const level = list.map(() => 0)
  const cut: string[] = []
  const render = () => {
    const body = list
      .map((s, i) => s.variants[level[i] ?? 0] ?? '')
      .filter(t => t !== '')
      .join('\n\n')
    return cut.length > 0
      ? `${body}\n\n---\n_Shortened to fit GitHub's limit (${cut.join(', ')}); ${where} have more._`
      : body
  }
  let out = render()
  while (out.length > limit) {
    let next = -1
    list.forEach((s, i) => {
      const canShrink = (level[i] ?? 0) < s.variants.length - 1
      if (canShrink && (next < 0 || s.importance < (list[next]?.importance ?? Infinity))) next = i
    })
    if (next < 0) break
    level[next] = (level[next] ?? 0) + 1
    const name = list[next]?.name ?? ''
    if (!cut.includes(name)) cut.push(name)
    out = render()
  }
  return out.length <= limit ? out : hardCut(out, limit)
}

function hardCut(text: string, limit: number): string {
  const note = "\n\n_… cut to fit GitHub's limit._"
  const head = clip(text, limit - note.length)
  const lastBreak = head.lastIndexOf('\n')
  return `${lastBreak > limit / 2 ? head.slice(0, lastBreak) : head}${note}`
}

/** The check run's summary alone (also the job summary). */
export function renderSummary(state: LoopState, words: Vocabulary, limit = CHECK_RUN_LIMIT): string {
  return fitSections(sections(state, words), limit)
}

/** The details, cut from the least important end to fit, followed by the hidden state copy. */
export function renderText(state: LoopState, limit = CHECK_RUN_LIMIT): string {
  const block = encodeState(state)
  const budget = limit - block.length - 200
  const kept: string[] = []
  const dropped: string[] = []
  let size = 0
  for (const part of detailParts(state)) {
    if (size + part.text.length + 2 <= budget) {
      kept.push(part.text)
      size += part.text.length + 2
    } else {
      dropped.push(part.name)
    }
  }
  if (dropped.length > 0) kept.push(`_Not shown, to fit GitHub's limit: ${dropped.join(', ')}._`)
  const body = clip(kept.join('\n\n'), Math.max(0, budget + 150))
  return block ? `${body}\n\n${block}` : body
}

/** The complete check-run output for `state`. */
export function renderCheckRun(state: LoopState, words: Vocabulary): CheckRunOutput {
  return {
    title: clip(headline(state, words), 250),
    summary: renderSummary(state, words),
    text: renderText(state)
  }
}

/** The job summary markdown (`core.summary`): the check run's summary. */
export function renderJobSummary(state: LoopState, words: Vocabulary): string {
  return renderSummary(state, words)
}

/** How a check run left behind by a move reads: neutral, pointing to where the report continues. */
export function superseded(
  headSha: string,
  url: string | null
): { conclusion: CheckConclusion; output: CheckRunOutput } {
  const short = headSha.slice(0, 7)
  const where = url
    ? `the ${link('nightshift check run on that commit', url)}`
    : 'the nightshift check run on that commit'
  return {
    conclusion: 'neutral',
    output: {
      title: `Superseded by ${short}`,
      summary: `The branch moved on to \`${short}\`: the report continues in ${where}.`
    }
  }
}
