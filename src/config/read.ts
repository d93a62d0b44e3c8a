/**
 * The settings as the action reads them: every input checked, the glob syntax of `protected-paths` too.
 * That last check loads the glob parser, so it runs only when a pattern is not plain (see
 * src/workspace/glob-shape.ts); reading the settings of an ignored event stays cheap.
 */
import { ConfigError } from '../errors.js'
import { isPlainPattern } from '../workspace/glob-shape.js'
import { parseSettings, type InputReader } from './parse.js'
import type { Settings } from './settings.js'

export async function readSettings(read: InputReader): Promise<Settings> {
  const settings = parseSettings(read)
  const unplain = settings.protectedPaths.filter(p => !isPlainPattern(p))
  if (unplain.length === 0) return settings
  const { patternProblem } = await import('../workspace/glob.js')
  const problems = unplain.map(patternProblem).filter((p): p is string => p !== null)
  if (problems.length > 0) throw new ConfigError(problems.map(p => `protected-paths: ${p}.`))
  return settings
}
