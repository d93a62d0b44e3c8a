/**
 * CI failures as check-run annotations. GitHub takes at most 50 per request, a message up to 64 KB
 * and a title up to 255 characters (https://docs.github.com/en/rest/checks/runs#create-a-check-run); only failures that name a file and a line
 * can be placed.
 */
import type { Failure } from '../feedback/types.js'
import type { Annotation } from '../loop/ports.js'

export const ANNOTATIONS_PER_REQUEST = 50
const MAX_MESSAGE_BYTES = 64 * 1024
const MAX_TITLE_CHARS = 255

/** Cuts to at most `maxBytes` of UTF-8 without splitting a character. */
export function clipBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text
  const marker = '\n… (cut)'
  let out = Buffer.from(text, 'utf8')
    .subarray(0, maxBytes - Buffer.byteLength(marker))
    .toString('utf8')
  // A character cut in half decodes as U+FFFD at the end: drop it.
  out = out.replace(/\uFFFD$/, '')
  return out + marker
}

/** A repository-relative path GitHub can place, or null (absolute, escaping, or empty paths). */
export function annotationPath(file: string): string | null {
  const path = file.replace(/\\/g, '/').replace(/^(\.\/)+/, '')
  if (path === '' || path.startsWith('/') || /^[A-Za-z]:\//.test(path)) return null
  if (path.split('/').some(seg => seg === '..')) return null
  return path
}

function key(a: Annotation): string {
  return `${a.path}\0${a.start_line}\0${a.title ?? ''}\0${a.message}`
}

/** Placeable failures as `failure` annotations, deduplicated, in input order. */
export function toAnnotations(failures: Failure[]): Annotation[] {
  const out: Annotation[] = []
  const seen = new Set<string>()
  for (const f of failures) {
    if (f.file === null || f.line === null || !Number.isInteger(f.line) || f.line < 1) continue
    const path = annotationPath(f.file)
    if (path === null) continue
    const firstLine =
      f.message
        .split('\n')
        .find(l => l.trim() !== '')
        ?.trim() ?? ''
    const title = `${f.tool}: ${f.test ?? firstLine}`.replace(/\s+/g, ' ')
    const a: Annotation = {
      path,
      start_line: f.line,
      end_line: f.line,
      annotation_level: 'failure',
      message: clipBytes(f.message.trim() === '' ? title : f.message, MAX_MESSAGE_BYTES),
      title: title.length > MAX_TITLE_CHARS ? `${title.slice(0, MAX_TITLE_CHARS - 1)}…` : title
    }
    const k = key(a)
    if (seen.has(k)) continue
    seen.add(k)
    out.push(a)
  }
  return out
}

/** Splits annotations into the batches of one request each. */
export function batches<T>(items: T[], size = ANNOTATIONS_PER_REQUEST): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

export { key as annotationKey }
