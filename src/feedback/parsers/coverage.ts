/**
 * Coverage thresholds: what failed is the metric, actual against required. Jest prints
 * `Jest: "global" coverage threshold for lines (90%) not met: 40%` (or `Coverage for lines (40%)
 * does not meet "global" threshold (90%)`), istanbul-based c8 and vitest `ERROR: Coverage for lines
 * (33.33%) does not meet global threshold (90%)`, pytest-cov `FAIL Required test coverage of 90%
 * not reached. Total coverage: 71.43%`.
 */
import type { ParserSpec } from './types.js'

const LINE =
  /^(?:Jest: |ERROR: )?(?:Coverage for \w+ \([\d.]+%\) does not meet .*threshold \([\d.]+%\)|"[^"]+" coverage threshold for \w+ \([\d.]+%\) not met: [\d.]+%)|^FAIL Required test coverage of [\d.]+% not reached\. Total coverage: [\d.]+%$/

export const coverage: ParserSpec = {
  tool: 'coverage',
  detect: LINE,
  create(ctx) {
    return {
      line(l) {
        const t = l.trim()
        if (!LINE.test(t)) return
        ctx.emit({ tool: 'coverage', file: null, line: null, column: null, test: null, message: t })
      },
      end() {}
    }
  }
}
