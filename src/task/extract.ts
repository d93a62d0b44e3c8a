/**
 * Reads structure out of a sanitised issue body: the files it mentions, its reproduction steps and
 * its acceptance criteria. Heuristics for real issue text (templates, issue forms, free prose); each
 * rule is written to prefer missing an item over inventing one.
 */

/**
 * Extensions that make a bare word a file name in prose ("see README.md"). Words like `log`, `env`
 * or `map` are left out: `console.log` and `process.env` are code, not files.
 */
const EXTENSIONS = new Set(
  (
    'ts tsx mts cts js jsx mjs cjs json jsonc json5 md mdx markdown rst txt adoc yml yaml toml ini cfg conf lock ' +
    'py pyi go mod rs java kt kts scala groovy gradle rb php c h cc cpp cxx hpp hh cs fs swift m mm dart lua ' +
    'ex exs erl hs ml clj sh bash zsh ps1 bat sql graphql gql proto html htm css scss sass less vue svelte astro ' +
    'xml svg csv tsv ipynb tf hcl nix dockerfile properties plist snap pem'
  ).split(' ')
)

/** Top-level folders that make an unquoted `word/word` a path rather than prose. */
const ROOTS = new Set(
  'src lib libs test tests spec docs doc app apps packages scripts bin cmd pkg internal examples .github config'.split(
    ' '
  )
)

/** Framework names that look like files in prose ("Node.js", "Vue.js"). */
const NOT_FILES = /^[A-Z][A-Za-z0-9]*\.js$/

const URL = /\b(?:https?|ftp|file):\/\/\S+|\bwww\.\S+/gi

/** Repository-relative paths the body mentions, in order of first mention, unique. */
export function mentionedFiles(body: string): string[] {
  const found: string[] = []
  const add = (raw: string, quoted: boolean) => {
    const path = normalisePath(raw)
    if (path && looksLikePath(path, quoted) && !found.includes(path)) found.push(path)
  }
  const text = body.replace(URL, ' ')
  for (const m of text.matchAll(/`([^`\n]+)`|[A-Za-z0-9_./@+-]*[A-Za-z0-9_/]/g)) {
    if (m[1] !== undefined) add(m[1].trim(), true)
    else add(m[0], false)
  }
  return found
}

/** Strips `./`, line suffixes (`:42`, `:42:7`, `#L42`) and trailing punctuation; null if not relative. */
function normalisePath(raw: string): string | null {
  const path = raw
    .replace(/(?::\d+){1,2}$/, '')
    .replace(/#L\d+(?:-L?\d+)?$/, '')
    .replace(/^\.\//, '')
    .replace(/[.,;:!?)]+$/, '')
  if (path === '' || path.startsWith('/') || path.startsWith('~') || /\s/.test(path)) return null
  return path
}

function looksLikePath(path: string, quoted: boolean): boolean {
  const segments = path.split('/')
  if (segments.some(s => s === '..' || s === '.')) return false
  if (segments[0] === 'node_modules' || path.includes('/node_modules/')) return false
  if (path.startsWith('@') || path.startsWith('-') || /[@:=<>(){}[\]$%*?"'|\\]/.test(path)) return false
  const trailingSlash = path.endsWith('/')
  const parts = trailingSlash ? segments.slice(0, -1) : segments
  if (parts.length === 0 || !parts.every(s => /^[A-Za-z0-9_.+-]+$/.test(s))) return false
  const last = parts[parts.length - 1]
  const ext = /\.([A-Za-z0-9]+)$/.exec(last)?.[1]?.toLowerCase()
  const knownExt = ext !== undefined && EXTENSIONS.has(ext) && !/^\d+(?:\.\d+)+$/.test(last)
  const dotfile = /^\.[A-Za-z][\w.-]*$/.test(last)
  if (parts.length === 1) {
    if (trailingSlash) return (quoted || ROOTS.has(last)) && /[a-z]/.test(last)
    return (knownExt || (quoted && dotfile)) && !NOT_FILES.test(last)
  }
  // With a slash: prose has "and/or" and "CI/CD", so an unquoted path needs an extension, a trailing
  // slash, a usual top-level folder or three segments; a quoted one (`src/trigger`) is taken as written.
  return knownExt || dotfile || trailingSlash || quoted || ROOTS.has(parts[0]) || parts.length >= 3
}

interface Section {
  title: string
  lines: string[]
}

/**
 * Splits a body into sections at headings (`## Steps`), bold lines (`**Expected**`) and short label
 * lines ending with a colon (`Steps to reproduce:`). Lines inside fenced code blocks never start a
 * section: `# comment` in a shell sample is not a heading.
 */
export function sections(body: string): Section[] {
  const out: Section[] = [{ title: '', lines: [] }]
  let fence: string | null = null
  for (const line of body.split('\n')) {
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence === null && fenceMark) fence = fenceMark
    else if (fence !== null && fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) {
      fence = null
      out[out.length - 1].lines.push(line)
      continue
    }
    const title = fence === null && !fenceMark ? headingOf(line) : null
    if (title !== null) out.push({ title, lines: [] })
    else out[out.length - 1].lines.push(line)
  }
  return out
}

function headingOf(line: string): string | null {
  const atx = /^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$/.exec(line)
  if (atx) return atx[1].replace(/[*_]/g, '').trim()
  const bold = /^ {0,3}(?:\*\*|__)(.{2,60}?)(?:\*\*|__)[ \t]*:?[ \t]*$/.exec(line)
  if (bold) return bold[1].replace(/:$/, '').trim()
  const label = /^ {0,3}([A-Z][A-Za-z /'-]{2,40}):[ \t]*$/.exec(line)
  return label ? label[1].trim() : null
}

const REPRO =
  /\b(?:steps to reproduce|reproduction(?: steps)?|to reproduce|how to reproduce|repro(?: steps)?|reproducing)\b/i
const ACCEPT =
  /\b(?:expected(?: behaviou?r| result| outcome)?|acceptance criteria|definition of done|done when)\b/i

/** Reproduction steps: the numbered items (else bullets, else text lines) of a reproduction section. */
export function reproductionSteps(body: string): string[] {
  return sections(body)
    .filter(s => REPRO.test(s.title))
    .flatMap(s => items(s.lines))
}

/**
 * Acceptance criteria: every checklist item (`- [ ] …`, checked or not) anywhere, the items of an
 * "Expected …" or "Acceptance criteria" section, and inline "Expected: …" lines.
 */
export function acceptanceCriteria(body: string): string[] {
  const found: string[] = []
  const add = (item: string) => {
    if (item && !found.includes(item)) found.push(item)
  }
  const all = sections(body)
  for (const s of all) {
    for (const line of outsideCode(s.lines)) {
      const check = /^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]\s+(.+)$/.exec(line)
      if (check) add(check[1].trim())
      const inline =
        /^\s*(?:\*\*|__)?(?:expected(?: behaviou?r| result)?|acceptance criteria)(?:\*\*|__)?\s*:(?:\*\*|__)?\s+(\S.*)$/i.exec(
          line
        )
      if (inline) add(inline[1].trim())
    }
    if (ACCEPT.test(s.title) && !REPRO.test(s.title)) items(s.lines).forEach(add)
  }
  return found
}

/** A section's list items: numbered ones if any, else bullets, else its non-empty text lines. */
function items(lines: string[]): string[] {
  const text = outsideCode(lines)
  const numbered = text.map(l => /^\s*\d+[.)]\s+(.+)$/.exec(l)?.[1]).filter(isText)
  if (numbered.length) return numbered.map(stripCheckbox)
  const bullets = text.map(l => /^\s*[-*+]\s+(.+)$/.exec(l)?.[1]).filter(isText)
  if (bullets.length) return bullets.map(stripCheckbox)
  // Plain lines run until an inline label such as "**Actual**: …" starts another topic.
  const label = text.findIndex(l => /^\s*(?:\*\*|__)?[A-Z][A-Za-z ]{1,30}(?:\*\*|__)?\s*:/.test(l))
  return (label < 0 ? text : text.slice(0, label))
    .map(l => l.trim())
    .filter(l => l !== '' && !/^_?no response_?$/i.test(l))
    .slice(0, 20)
}

/** The lines outside fenced code blocks (fence lines included in the code). */
function outsideCode(lines: string[]): string[] {
  const out: string[] = []
  let fence: string | null = null
  for (const line of lines) {
    const mark = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence === null && mark) fence = mark
    else if (fence !== null && mark && mark[0] === fence[0] && mark.length >= fence.length) fence = null
    else if (fence === null) out.push(line)
  }
  return out
}

function isText(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== ''
}

function stripCheckbox(item: string): string {
  return item.replace(/^\[[ xX]\]\s+/, '').trim()
}
