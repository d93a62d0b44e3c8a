/**
 * The fallback for output no parser recognises: a failed step's error-looking lines, each with
 * the line before it, and the step's last lines (where most tools print their verdict), in log order.
 */
const ERRORISH = /error|fail|fatal|panic|exception|denied|not found|cannot|unable|invalid|missing|traceback/i
const MAX_MATCHED = 16
const TAIL = 6

export class StepTail {
  // A ring of the last lines (no allocation per line: this runs on every line of the log).
  private readonly tail: string[] = new Array<string>(TAIL).fill('')
  private readonly tailAt: number[] = new Array<number>(TAIL).fill(-1)
  private readonly matched = new Map<number, string>()
  private n = 0

  line(text: string): void {
    if (text.trim() === '') return
    const i = this.n++
    if (this.matched.size < MAX_MATCHED && ERRORISH.test(text)) {
      const prev = (i - 1) % TAIL
      if (i > 0 && this.tailAt[prev] === i - 1) this.matched.set(i - 1, this.tail[prev])
      this.matched.set(i, text)
    }
    this.tail[i % TAIL] = text
    this.tailAt[i % TAIL] = i
  }

  /** The lines worth showing, in log order, without repeats. */
  summary(): string {
    const byIndex = new Map(this.matched)
    for (let k = 0; k < TAIL; k++) if (this.tailAt[k] >= 0) byIndex.set(this.tailAt[k], this.tail[k])
    return [...byIndex.entries()]
      .sort((a, b) => a[0] - b[0])
      .slice(0, 16)
      .map(([, l]) => (l.length > 300 ? l.slice(0, 300) + '…' : l))
      .join('\n')
  }
}
