/**
 * The `nightshift` check run's lifecycle over the Forge port. A check run belongs to a commit: when an
 * attempt pushes a new head, the report moves to a check run on it and the old one completes as
 * neutral, pointing to the new one. New work starts with no check run: the base branch's head is not
 * this work's commit, so the first one is created on the first pushed head. Writes are few: an update whose visible output did not change
 * is skipped, and annotations are capped per check run.
 *
 * Every check run this reporter opened and has not completed is reported through `onOpen`, so the
 * post step can complete whatever is left open (a failed write, a killed job) and nothing stays
 * "in progress" forever.
 */
import { errorMessage } from '../errors.js'
import type { Failure } from '../feedback/types.js'
import type { CheckConclusion, CheckRunOutput, Forge, Reporter as ReporterPort } from '../loop/ports.js'
import type { LoopState } from '../loop/state.js'
import { ANNOTATIONS_PER_REQUEST, annotationKey, batches, toAnnotations } from './annotations.js'
import { withoutState } from '../state/codec.js'
import { renderCheckRun, superseded } from './check-run.js'
import { conclusionFor } from './outcome.js'
import type { Vocabulary } from './vocabulary.js'

export interface ReporterOptions {
  /** The configured command and labels the report quotes. */
  words: Vocabulary
  /** Annotations written to one check run at most (default 150: three requests). */
  maxAnnotations?: number
  /** Renders a state (default: renderCheckRun in `words`); injectable for tests. */
  render?: (state: LoopState) => CheckRunOutput
  /** Told the ids of the check runs opened and not yet completed, whenever that set changes. */
  onOpen?: (open: number[]) => void
  /**
   * A `nightshift` check run an earlier job left in progress on `headSha`, if any: `start` takes it
   * over instead of opening a second one on the same commit.
   */
  leftOpen?: (headSha: string) => { id: number; url: string } | null
  /** Where a write that is left to the post step is reported. */
  warn?: (message: string) => void
}

/** The check-run lifecycle; also satisfies the loop's `Reporter` port. */
export interface Reporter extends ReporterPort {
  /** The current check run's id, or null before `start`. */
  readonly checkRunId: number | null
  /** The current check run's web URL, or null before `start`. */
  readonly url: string | null
  /** The commit the current check run belongs to. */
  readonly headSha: string | null
  /** The conclusion `complete` wrote, or null while running. */
  readonly conclusion: CheckConclusion | null
}

/** The visible part of an output: the hidden state copy changes with every timestamp and is not worth a write alone. */
function visible(o: CheckRunOutput): string {
  return `${o.title}\0${o.summary}\0${withoutState(o.text ?? '')}`
}

export function createReporter(forge: Forge, options: ReporterOptions): Reporter {
  const render = options.render ?? ((state: LoopState) => renderCheckRun(state, options.words))
  const maxAnnotations = options.maxAnnotations ?? 3 * ANNOTATIONS_PER_REQUEST
  let run: { id: number; url: string; headSha: string } | null = null
  let last: CheckRunOutput | null = null
  let annotated = new Set<string>()
  let conclusion: CheckConclusion | null = null
  const open = new Set<number>()
  const opened = (id: number) => (open.add(id), options.onOpen?.([...open]))
  const closed = (id: number) => (open.delete(id), options.onOpen?.([...open]))

  // start() was called with untilPushed: the check run waits for the first pushed head.
  let waiting = false
  const current = (what: string) => {
    if (!run) throw new Error(`Reporter.${what}() was called before start(): create the check run first.`)
    return run
  }
  const openOn = async (headSha: string, output: CheckRunOutput) => {
    const left = options.leftOpen?.(headSha) ?? null
    if (left) await forge.updateCheckRun(left.id, { output })
    const created = left ?? (await forge.createCheckRun(headSha, output))
    run = { ...created, headSha }
    opened(created.id)
    last = output
    annotated = new Set()
    conclusion = null
  }

  return {
    get checkRunId() {
      return run?.id ?? null
    },
    get url() {
      return run?.url ?? null
    },
    get headSha() {
      return run?.headSha ?? null
    },
    get conclusion() {
      return conclusion
    },

    async start(headSha, state, startOptions) {
      waiting = startOptions?.untilPushed === true
      if (waiting) return
      await openOn(headSha, render(state))
    },

    async update(state) {
      if (waiting) return
      const { id } = current('update')
      const output = render(state)
      if (last && visible(last) === visible(output)) return
      await forge.updateCheckRun(id, { output })
      last = output
    },

    async moveTo(newHeadSha, state) {
      if (waiting) {
        waiting = false
        return openOn(newHeadSha, render(state))
      }
      const previous = current('moveTo')
      if (previous.headSha === newHeadSha) return this.update(state)
      const output = render(state)
      await openOn(newHeadSha, output)
      const created = current('moveTo')
      try {
        await forge.updateCheckRun(previous.id, superseded(newHeadSha, created.url))
        closed(previous.id)
      } catch (e) {
        // The story already continues on the new check run; the post step completes this one.
        options.warn?.(`Could not complete check run ${previous.id} as superseded: ${errorMessage(e)}`)
      }
    },

    async annotate(failures: Failure[]) {
      if (waiting) return
      const { id } = current('annotate')
      const fresh = toAnnotations(failures).filter(a => !annotated.has(annotationKey(a)))
      const room = Math.max(0, maxAnnotations - annotated.size)
      // GitHub requires output.title and output.summary next to annotations: resend the last output.
      for (const batch of batches(fresh.slice(0, room))) {
        await forge.updateCheckRun(id, { ...(last ? { output: last } : {}), annotations: batch })
        for (const a of batch) annotated.add(annotationKey(a))
      }
    },

    async complete(state) {
      if (waiting) {
        // Nothing was pushed: no commit of this work exists to report on.
        conclusion = conclusionFor(state)
        return
      }
      const { id } = current('complete')
      const output = render(state)
      const concluded = conclusionFor(state)
      await forge.updateCheckRun(id, { output, conclusion: concluded })
      conclusion = concluded
      closed(id)
      last = output
    }
  }
}
