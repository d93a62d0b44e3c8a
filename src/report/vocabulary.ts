/**
 * The words of the user's configuration that texts for people quote: the comment command and the two
 * labels. Built once from the settings and passed to every renderer, so a repository that chose
 * `command: /bot` is never told to comment `/nightshift retry`. The defaults here are the inputs'
 * defaults (config/parse.ts reads them from here; a test ties them to action.yml).
 */
import type { Settings } from '../config/settings.js'

export interface Vocabulary {
  /** The comment command prefix (`command`), e.g. `/nightshift`. */
  readonly command: string
  /** The label that marks an issue as suitable (`trigger-label`). */
  readonly triggerLabel: string
  /** The label put on issues handed back to a human (`escalated-label`). */
  readonly escalatedLabel: string
}

export const DEFAULT_VOCABULARY: Vocabulary = {
  command: '/nightshift',
  triggerLabel: 'agent-ok',
  escalatedLabel: 'agent-escalated'
}

export function vocabularyOf(
  settings: Pick<Settings, 'command' | 'triggerLabel' | 'escalatedLabel'>
): Vocabulary {
  return {
    command: settings.command,
    triggerLabel: settings.triggerLabel,
    escalatedLabel: settings.escalatedLabel
  }
}

/** A command as the user types it, as inline code: `commandText(words, 'retry')` → `` `/nightshift retry` ``. */
export function commandText(words: Vocabulary, subcommand: string): string {
  return `\`${words.command} ${subcommand}\``
}
