/** Task spec, sanitiser and suitability classifier: pure functions over plain data. */
export { buildTask, type PullRequestRound } from './build.js'
export { classify, DEFAULT_DESIGN_LABELS, DEFAULT_TEST_LABELS, type ClassifyOptions } from './classify.js'
export { refusalComment, REFUSAL_MARKER } from './refusal.js'
export { sanitizeLine, sanitizeMarkdown } from './sanitize.js'
export type * from './types.js'
