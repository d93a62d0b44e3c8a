/**
 * Text tables as scanners print them (Go's tablewriter and its kin): box drawing
 * (`┌─┬─┐`, `│ a │ b │`) or ASCII (`+-+-+`, `| a | b |`). A cell's text may wrap over several
 * rows, and a value repeated down a column may be printed once with the cells below it merged:
 * the separator line above a merged cell is blank in that column instead of a rule.
 */

const BORDER_START = new Set(['┌', '├', '└', '╭', '╰', '+'])
const BORDER = /^[┌├└╭╰┬┼┴┐┤┘╮╯─━+\-| │]+$/
const JUNCTION = /[┌├└╭╰┬┼┴┐┤┘╮╯+|│]/
const MAX_CELL_LINES = 12

/** True for a table's rule lines (top, between rows, bottom), including partly blank ones. */
export function isBorder(line: string): boolean {
  const t = line.trim()
  return t.length > 1 && BORDER_START.has(t[0]) && BORDER.test(t) && /[─━-]/.test(t)
}

/** A row's cells, trimmed, or null when the line is not a table row. */
export function rowCells(line: string): string[] | null {
  const t = line.trim()
  const bar = t[0]
  if ((bar !== '│' && bar !== '|') || t.length < 2 || t[t.length - 1] !== bar) return null
  return t
    .slice(1, -1)
    .split(bar)
    .map(c => c.trim())
}

/** For each column, whether the separator line leaves it blank: the cell below continues the one above. */
export function mergedColumns(border: string): boolean[] {
  const segments = border.trim().slice(1).split(JUNCTION)
  if (segments.length && segments[segments.length - 1] === '') segments.pop()
  return segments.map(s => s.length > 0 && s.trim() === '')
}

/**
 * Reads one table a line at a time: the header names its columns, then each group of rows
 * between separators (or each row, when the table has no separators between rows) is one record,
 * with merged cells filled in from the record above. The caller decides what a record means.
 */
export class TableReader {
  private columns: string[] | null = null
  private inRows = false
  private group: string[][] | null = null
  private previous: string[] = []
  private merged: boolean[] = []

  /**
   * @param onRecord each record as column name (lower case) → its text lines.
   * @param perRow when the table draws no separators between records (osv-scanner): one record a row.
   */
  constructor(
    private readonly onRecord: (record: Map<string, string[]>, columns: string[]) => void,
    private readonly perRow = false
  ) {}

  get header(): string[] | null {
    return this.columns
  }

  /** Feeds a line; false when the line is not part of the table (the table has ended). */
  line(text: string): boolean {
    if (isBorder(text)) {
      if (this.columns && !this.inRows) this.inRows = true
      else this.flush(mergedColumns(text))
      return true
    }
    const cells = rowCells(text)
    if (!cells) {
      this.flush([])
      return false
    }
    if (!this.inRows) {
      // A header may wrap over several rows too.
      const names = cells.map(c => c.toLowerCase())
      this.columns = this.columns ? this.columns.map((c, i) => `${c} ${names[i] ?? ''}`.trim()) : names
      return true
    }
    if (this.perRow) this.flush([])
    this.group ??= cells.map(() => [])
    // Bounded: a cell that wraps forever (the log is untrusted) must not grow memory.
    cells.forEach(
      (c, i) => c && this.group![i] && this.group![i].length < MAX_CELL_LINES && this.group![i].push(c)
    )
    return true
  }

  private flush(mergedBelow: boolean[]): void {
    if (this.group && this.columns) {
      const values = this.group.map((lines, i) =>
        lines.length || !this.merged[i] ? lines : (this.previous[i]?.split('\n') ?? [])
      )
      this.previous = values.map(v => v.join('\n'))
      const record = new Map<string, string[]>()
      this.columns.forEach((c, i) => record.set(c, values[i] ?? []))
      this.onRecord(record, this.columns)
    }
    this.group = null
    this.merged = mergedBelow
  }
}
