/**
 * A scripted model that works on the sample repository's real bug (tinyledger: `parseAmount('12.5')`
 * gives 1205) through the built-in engine's real tools: each attempt reads `src/money.js`, applies the
 * patch its plan names, and finishes. It records whether each attempt's prompt carried CI feedback
 * naming a failing test, so tests and the demo can show the feedback reached the model.
 */
import type { ChatRequest, ModelTurn } from '../emulator/model-server.js'

/**
 * What an attempt does:
 * - `wrong`: scales the fraction by ten (fixes "12.5", breaks "12.50": fails `parses whole amounts and cents`);
 * - `break-format`: breaks formatAmount instead (fails `formats cents`);
 * - `right`: pads the fraction to two digits (all tests pass);
 * - `nothing`: finishes without changing anything;
 * - `comment`: adds a comment on rounding above parseAmount (a harmless edit: all tests still pass);
 * - `workflow`: edits `.github/workflows/ci.yml` (a protected path) with `edit_file`, which refuses it;
 * - `workflow-shell`: edits `.github/workflows/ci.yml` with `run_command` (sed), which the tools cannot
 *   see: the change is on disk and only the guard before push stands in its way.
 *
 * `wrong` on a file that already carries the wrong line writes an equivalent wrong line (a real edit
 * that fails the same test the same way), so a repeated `wrong` is "no progress", not an empty diff.
 */
export type Patch = 'wrong' | 'break-format' | 'right' | 'comment' | 'nothing' | 'workflow' | 'workflow-shell'

export const FAILING_TEST = 'parses whole amounts and cents'

/** The line the `comment` patch adds to src/money.js. */
export const ROUNDING_COMMENT =
  '// Rounding: a one-digit fraction is tenths, so it is padded to two digits before it is read as cents.'
const PARSE_DOC = '/** Parses "12.5", "12.50" or "12" into cents. */'

export interface Fixer {
  script: (request: ChatRequest) => ModelTurn
  /** The prompt (user message) of each attempt, in order. */
  prompts: string[]
  /**
   * What the latest attempt's `onAttempt` is doing; the model server answers after it settles, so a
   * change a test makes "while the agent works" is in place before the agent's first step.
   */
  settled(): Promise<void>
}

const USAGE = { input: 1800, output: 120, cached: 0 }

function text(content: unknown): string {
  if (typeof content === 'string') return content
  if (Array.isArray(content))
    return content.map(p => (typeof p === 'object' && p && 'text' in p ? String(p.text) : '')).join('')
  return ''
}

function centsLine(messages: ChatRequest['messages']): string | null {
  for (const m of [...messages].reverse()) {
    const found = /^\d+\t(\s*const cents = .*)$/m.exec(text(m.content))
    if (found) return found[1]!
  }
  return null
}

function call(name: string, args: Record<string, unknown>): ModelTurn {
  return { toolCalls: [{ name, arguments: args }], usage: USAGE }
}

export function createFixer(
  plan: Patch[],
  onAttempt?: (attempt: number, prompt: string) => void | Promise<void>
): Fixer {
  const prompts: string[] = []
  let pending: Promise<void> = Promise.resolve()
  const script = (request: ChatRequest): ModelTurn => {
    const step = request.messages.filter(m => m.role === 'assistant').length
    if (step === 0) {
      const prompt = request.messages
        .filter(m => m.role === 'user')
        .map(m => text(m.content))
        .join('\n')
      prompts.push(prompt)
      // The model keeps answering when a callback fails; the failure is printed for the test's log.
      pending = Promise.resolve(onAttempt?.(prompts.length, prompt)).then(
        () => undefined,
        (e: unknown) => console.error('onAttempt failed:', e)
      )
    }
    const patch = plan[Math.min(prompts.length, plan.length) - 1] ?? 'right'
    if (patch === 'nothing') return call('finish', { summary: 'Nothing to change.' })
    if (patch === 'workflow') {
      if (step === 0) return call('read_file', { path: '.github/workflows/ci.yml' })
      if (step === 1)
        return call('edit_file', {
          path: '.github/workflows/ci.yml',
          old_text: 'node --test',
          new_text: 'node --test || true'
        })
      return call('finish', { summary: 'Made CI pass.' })
    }
    if (patch === 'workflow-shell') {
      if (step === 0)
        return call('run_command', {
          command: "sed -i 's/node --test$/node --test || true/' .github/workflows/ci.yml && git diff --stat"
        })
      return call('finish', { summary: 'Made CI pass.' })
    }
    if (step === 0) return call('read_file', { path: 'src/money.js' })
    if (step === 1) {
      const line = centsLine(request.messages)
      if (!line) return call('finish', { summary: 'Could not find the line to change.' })
      const indent = /^\s*/.exec(line)![0]
      const wrong = `${indent}const cents = Number(m[2]) * 100 + Number(m[3] ?? 0) * 10`
      const replacement: Record<
        Exclude<Patch, 'nothing' | 'workflow' | 'workflow-shell'>,
        [string, string]
      > = {
        wrong: [
          line,
          line === wrong ? `${indent}const cents = Number(m[2]) * 100 + 10 * Number(m[3] ?? 0)` : wrong
        ],
        right: [line, `${indent}const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))`],
        'break-format': ["String(abs % 100).padStart(2, '0')", 'String(abs % 100)'],
        comment: [PARSE_DOC, `${ROUNDING_COMMENT}\n${PARSE_DOC}`]
      }
      const [old_text, new_text] = replacement[patch]
      return call('edit_file', { path: 'src/money.js', old_text, new_text })
    }
    const summary = {
      wrong: 'Read the single fraction digit as tenths by scaling it by ten.',
      right:
        'Pad the fraction to two digits before reading it as cents, so "12.5" is 1250 and "12.50" stays 1250.',
      'break-format': 'Simplified formatAmount.',
      comment: 'Explained the rounding of one-digit fractions in a comment above parseAmount.'
    }[patch]
    return { ...call('finish', { summary }), usage: USAGE }
  }
  return { script, prompts, settled: () => pending }
}
