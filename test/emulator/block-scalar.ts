/**
 * A multi-line block scalar (`run: |`) that contains `${{ }}`: @actions/workflow-parser 0.3.61 builds its
 * `format(...)` expression from the raw YAML source (template-reader.js parseScalar uses `token.source`
 * for multi-line strings, to place editor diagnostics), so the script keeps the YAML indentation and
 * ignores the block's chomping and folding. GitHub's runner gets the YAML value. This rebuilds the
 * expression from the value: the block's lines without their indentation, chomped and folded as YAML
 * says (https://yaml.org/spec/1.2.2/#81-block-scalar-headers).
 */

/** The YAML value of a block scalar from its source lines and header (`|`, `|-`, `>+`, `|2`, …). */
export function blockScalarValue(source: string, header: string): string {
  const lines = source.replace(/\r\n/g, '\n').split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  const explicit = /\d/.exec(header)?.[0]
  const first = lines.find(l => l.trim() !== '')
  const indent = explicit ? Number(explicit) : first ? first.length - first.trimStart().length : 0
  const body = lines.map(l =>
    l.trim() === '' ? '' : l.slice(Math.min(indent, l.length - l.trimStart().length))
  )
  let text: string
  if (header.startsWith('>')) {
    // Folding: neighbouring plain lines join with a space; an empty line stands for one line break;
    // more-indented lines keep their breaks.
    text = body[0] ?? ''
    for (let i = 1; i < body.length; i++) {
      const line = body[i]!
      const prev = body[i - 1]!
      if (line === '') text += '\n'
      else if (prev === '') text += line
      else if (/^\s/.test(line) || /^\s/.test(prev)) text += `\n${line}`
      else text += ` ${line}`
    }
    text += '\n'
  } else text = `${body.join('\n')}\n`
  if (header.includes('-')) return text.replace(/\n+$/, '')
  if (header.includes('+')) return `${text}${'\n'.repeat(Math.max(0, countTrailing(source) - 1))}`
  return text.replace(/\n+$/, '\n')
}

function countTrailing(source: string): number {
  return /\n*$/.exec(source)![0].length
}

/** `format('literal {0} literal', expr)` for a text with `${{ expr }}` segments, as the parser builds it. */
export function formatExpression(text: string): string {
  const format: string[] = []
  const args: string[] = []
  let i = 0
  while (i < text.length) {
    const start = text.indexOf('${{', i)
    if (start < 0) {
      format.push(escape(text.slice(i)))
      break
    }
    format.push(escape(text.slice(i, start)))
    let inString = false
    let end = -1
    for (let j = start + 3; j < text.length; j++) {
      if (text[j] === "'") inString = !inString
      else if (!inString && text[j] === '}' && text[j - 1] === '}') {
        end = j
        break
      }
    }
    if (end < 0) {
      format.push(escape(text.slice(start)))
      break
    }
    format.push(`{${args.length}}`)
    args.push(text.slice(start + 3, end - 1).trim())
    i = end + 1
  }
  return `format('${format.join('')}'${args.map(a => `, ${a}`).join('')})`
}

function escape(literal: string): string {
  return literal.replace(/'/g, "''").replace(/\{/g, '{{').replace(/\}/g, '}}')
}
