/**
 * `::add-mask::` and secrets masked as the runner masks them (actions/runner
 * src/Sdk/DTLogging/Logging/SecretMasker.cs, ValueEncoders.cs, and the encoders registered in
 * src/Runner.Common/HostContext.cs): each value is also masked in its base64 forms (at byte offsets 0, 1
 * and 2), JSON-escaped, URI-escaped, XML-escaped, command-line escaped and with surrounding quotes
 * trimmed; every occurrence, overlapping ones merged, becomes `***`.
 */

const ENCODERS: Array<(v: string) => string> = [
  v => Buffer.from(v, 'utf8').toString('base64'),
  v => shifted(v, 1),
  v => shifted(v, 2),
  v => v.replace(/"/g, '\\"'),
  // ExpressionStringEscape: single quotes doubled.
  v => v.replace(/'/g, "''"),
  v => JSON.stringify(v).slice(1, -1),
  v => encodeURIComponent(v).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  v =>
    v.replace(
      /[<>&"']/g,
      c => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!
    ),
  v => (v.length > 8 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : '')
]

function shifted(value: string, shift: number): string {
  const bytes = Buffer.from(value, 'utf8')
  return (bytes.length > shift ? bytes.subarray(shift) : bytes).toString('base64')
}

export class SecretMasker {
  private readonly originals = new Set<string>()
  private readonly values = new Set<string>()

  /** Adds a value (and its encodings); empty values are ignored like the runner ignores them. */
  add(value: string): void {
    if (!value || this.originals.has(value)) return
    this.originals.add(value)
    this.values.add(value)
    for (const encode of ENCODERS) {
      const encoded = encode(value)
      if (encoded) this.values.add(encoded)
    }
  }

  /** `::add-mask::` also masks each line of a multi-line value, trimmed. */
  addFromCommand(value: string): void {
    this.add(value)
    for (const line of value.split(/[\r\n]+/)) if (line.trim()) this.add(line.trim())
  }

  mask(input: string): string {
    if (!input || this.values.size === 0) return input
    const ranges: Array<[number, number]> = []
    for (const v of this.values) {
      for (let i = input.indexOf(v); i >= 0; i = input.indexOf(v, i + 1)) ranges.push([i, i + v.length])
    }
    if (!ranges.length) return input
    ranges.sort((a, b) => a[0] - b[0])
    let out = ''
    let at = 0
    let current: [number, number] | null = null
    for (const r of ranges) {
      if (current && r[0] <= current[1]) current[1] = Math.max(current[1], r[1])
      else {
        if (current) {
          out += input.slice(at, current[0]) + '***'
          at = current[1]
        }
        current = [r[0], r[1]]
      }
    }
    if (current) out += input.slice(at, current[0]) + '***' + input.slice(current[1])
    return out
  }
}
