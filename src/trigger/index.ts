/** The trigger: event payload → Trigger | Ignored. See decide.ts for the rules. */
export { decide, describeDecision, HANDLED_EVENTS } from './decide.js'
export { parseCommand, type Command, type CommandParse } from './command.js'
export { isBot } from './payload.js'
export type { GateApi, QueueApi, TriggerApi } from './ports.js'
export * from './types.js'
