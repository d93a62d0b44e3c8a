/**
 * Mocha's spec reporter: after `N failing`, each `  N) suite` block names the test over several
 * lines ending with `:`, then the error, a diff and the stack.
 */
import type { ParserSpec } from './types.js'
import { isStackLine, message, userFrame, type Location } from './util.js'

const FAILING = /^\s+\d+ failing$/
const BLOCK = /^ {2}(\d+)\) (.+)$/

export const mocha: ParserSpec = {
  tool: 'mocha',
  detect: FAILING,
  create(ctx) {
    let started = false
    let title: string[] = []
    let titleOpen = false
    let text: string[] = []
    let where: Location | null = null
    let open = false

    const flush = () => {
      if (!open) return
      ctx.emit({
        tool: 'mocha',
        file: where?.file ?? null,
        line: where?.line ?? null,
        column: where?.column ?? null,
        test: title.join(' › '),
        message: message(text)
      })
      open = false
      title = []
      text = []
      where = null
    }

    return {
      line(l) {
        if (!started) {
          started = FAILING.test(l)
          if (started) ctx.total(l.trim())
          return
        }
        const b = BLOCK.exec(l)
        if (b) {
          flush()
          open = true
          const t = b[2].trim()
          titleOpen = !t.endsWith(':')
          title = [t.replace(/:$/, '')]
          return
        }
        if (!open) return
        if (titleOpen) {
          const t = l.trim()
          title.push(t.replace(/:$/, ''))
          titleOpen = !t.endsWith(':')
          return
        }
        if (isStackLine(l)) where ??= userFrame(l)
        else if (!where) text.push(l)
      },
      end: flush
    }
  }
}
