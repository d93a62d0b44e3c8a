/**
 * The named character references of HTML (https://html.spec.whatwg.org/multipage/named-characters.html)
 * that decode to nothing a reader sees: every name of the 2,125 whose text is only Default_Ignorable or
 * format (Cf) characters. test/task/hidden-references.test.ts derives this list again from the
 * `character-entities` package and fails when they differ. The list is written out rather than read
 * from that package at run time because the package is a 47 KB table that every event, even one the
 * action ignores, would otherwise load to check a command's text.
 */
export const HIDDEN_NAMED_REFERENCES: ReadonlySet<string> = new Set([
  'ApplyFunction', // U+2061
  'InvisibleComma', // U+2063
  'InvisibleTimes', // U+2062
  'NegativeMediumSpace', // U+200B
  'NegativeThickSpace', // U+200B
  'NegativeThinSpace', // U+200B
  'NegativeVeryThinSpace', // U+200B
  'NoBreak', // U+2060
  'ZeroWidthSpace', // U+200B
  'af', // U+2061
  'ic', // U+2063
  'it', // U+2062
  'lrm', // U+200E
  'rlm', // U+200F
  'shy', // U+00AD
  'zwj', // U+200D
  'zwnj' // U+200C
])
