/**
 * Lines for the workflow log that cannot act as workflow commands. The runner treats a line starting
 * with `::` (set-output, add-mask, stop-commands…) or `##[` as a command
 * (https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions), and nightshift
 * logs text it does not control: the agent's output, its shell commands, CI messages.
 */
const COMMAND_LIKE = /^\s*(::|##\[)/

/** Every line of `text` that the runner would read as a command gets a `| ` in front. */
export function inertLines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(line => (COMMAND_LIKE.test(line) ? `| ${line}` : line))
    .join('\n')
}
