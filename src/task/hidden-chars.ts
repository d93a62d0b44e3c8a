/**
 * Characters a reader never sees, and the character references that decode to them.
 *
 * Unicode's Default_Ignorable_Code_Point property names what renderers draw as nothing: zero-width
 * characters, bidi controls (the "Trojan Source" set, CVE-2021-42574), tag characters U+E0000–E0FFF
 * (which spell ASCII text a model reads: "ASCII smuggling"), variation selectors U+FE00–FE0F and
 * U+E0100–E01EF (256 of them can carry any byte), the Hangul fillers U+115F, U+1160, U+3164, U+FFA0,
 * the combining grapheme joiner U+034F, the Khmer inherent vowels U+17B4–17B5, the Mongolian free
 * variation selectors U+180B–180F and the soft hyphen. The format characters (General_Category Cf)
 * add the interlinear annotation controls U+FFF9–FFFB and the rest of that invisible family.
 * https://www.unicode.org/reports/tr44/#Default_Ignorable_Code_Point
 */
import { HIDDEN_NAMED_REFERENCES } from './hidden-references.js'

const HIDDEN_CLASS = '[\\p{Default_Ignorable_Code_Point}\\p{Cf}]'
const HIDDEN = new RegExp(HIDDEN_CLASS, 'gu')
const ONLY_HIDDEN = new RegExp(`^${HIDDEN_CLASS}+$`, 'u')

/** True when `text` is not empty and a reader sees none of it. */
export function isOnlyHidden(text: string): boolean {
  return ONLY_HIDDEN.test(text)
}

/** Removes invisible, format and bidi control characters. */
export function stripInvisible(text: string): string {
  return text.replace(HIDDEN, '')
}

/**
 * A character reference as CommonMark and HTML read it: `&#x…;`, `&#…;` or `&name;`
 * (https://spec.commonmark.org/0.31.2/#entity-and-numeric-character-references).
 */
const REFERENCE = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/g

/** What a numeric reference decodes to. */
function decodeNumeric(hex: string | undefined, dec: string | undefined): string {
  const code = hex !== undefined ? parseInt(hex, 16) : Number(dec)
  // CommonMark and HTML turn 0, surrogates and values past U+10FFFF into U+FFFD, which is visible.
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD'
  return String.fromCodePoint(code)
}

/**
 * Removes references that decode to hidden characters (`&#xE0041;` is a tag character, `&shy;` a soft
 * hyphen, `&zwj;` a joiner): the renderer decodes them, so the reader sees nothing, while a model
 * reading the source can decode them too.
 */
export function stripHiddenReferences(text: string): string {
  return text.replace(REFERENCE, (whole, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return HIDDEN_NAMED_REFERENCES.has(name) ? '' : whole
    return isOnlyHidden(decodeNumeric(hex, dec)) ? '' : whole
  })
}

/** ANSI escape sequences (CSI, OSC, single-character escapes) as terminals and log viewers read them. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g

/**
 * Plain text from a log (CI output, a test's name): line endings normalised, terminal escape
 * sequences and control characters removed (a log viewer draws `ESC[8m` concealed text as nothing and
 * a carriage return overwrites a line), and the characters `stripInvisible` removes.
 */
export function sanitizeLog(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').replace(ANSI, '').split('\n')
  // A bare carriage return overwrites the line: the reader sees what comes after the last one.
  return stripInvisible(lines.map(l => l.slice(l.lastIndexOf('\r') + 1)).join('\n')).replace(CONTROLS, '')
}
