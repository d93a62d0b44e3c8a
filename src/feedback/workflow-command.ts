/**
 * Parses workflow commands such as `::error file=src/a.ts,line=3,col=5,title=T::message`.
 * Property values and the message are escaped by the emitter (`%25`, `%0D`, `%0A`, `%3A`, `%2C`):
 * https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
 */
export interface WorkflowCommand {
  name: string
  properties: Record<string, string>
  message: string
}

const COMMAND = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/

export function parseWorkflowCommand(line: string): WorkflowCommand | null {
  const m = COMMAND.exec(line)
  if (!m) return null
  const properties: Record<string, string> = {}
  for (const pair of (m[2] ?? '').split(',')) {
    const eq = pair.indexOf('=')
    if (eq > 0) properties[pair.slice(0, eq).trim()] = unescape(pair.slice(eq + 1))
  }
  return { name: m[1], properties, message: unescape(m[3]) }
}

/** Undoes the escaping of a command's properties and message. */
export function unescape(s: string): string {
  if (s.indexOf('%') === -1) return s
  return s
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%3A/gi, ':')
    .replace(/%2C/gi, ',')
    .replace(/%25/g, '%')
}
