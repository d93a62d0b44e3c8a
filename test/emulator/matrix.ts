/**
 * `strategy.matrix` expanded as GitHub expands it, ported from the runner's workflow parser
 * (actions/runner src/Sdk/WorkflowParser/Conversion/MatrixBuilder.cs and JobNameBuilder.cs): the cross
 * product in key order, `exclude` filters, `include` entries that extend matching combinations or add
 * new ones, and display names `job (value, value)`. Filters compare with the expression language's `==`
 * (https://docs.github.com/en/actions/how-tos/write-workflows/choose-what-workflows-do/run-job-variations).
 */
import { asString, evaluateSync, type Value } from './expressions.js'

export interface MatrixConfiguration {
  /** The `matrix` context of this job. */
  matrix: { [key: string]: Value } | null
  /** The values shown after the job name: `test (18, ubuntu-latest)`. */
  segments: string[]
}

export interface Strategy {
  failFast: boolean
  /** 0 means no limit. */
  maxParallel: number
  configurations: MatrixConfiguration[]
}

/** GitHub's cap: "A matrix can generate a maximum of 256 jobs per workflow run." */
export const MAX_MATRIX_JOBS = 256

type Dict = { [key: string]: Value }

function isDict(v: Value | undefined): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Expands an evaluated `strategy` value; throws with the runner's messages when it is malformed. */
export function expandStrategy(strategy: Value | undefined): Strategy {
  const s = isDict(strategy) ? strategy : {}
  const failFast = s['fail-fast'] === undefined ? true : s['fail-fast'] === true || s['fail-fast'] === 'true'
  const maxParallel = Number(s['max-parallel'] ?? 0) || 0
  if (s.matrix === undefined || s.matrix === null) return { failFast, maxParallel, configurations: [] }
  if (!isDict(s.matrix)) throw new Error(`Unexpected value '${asString(s.matrix)}' for strategy.matrix`)
  const vectors: Array<[string, Value[]]> = []
  let include: Value[] = []
  let exclude: Value[] = []
  for (const [key, value] of Object.entries(s.matrix)) {
    if (key === 'include' || key === 'exclude') {
      if (!Array.isArray(value)) throw new Error(`Matrix ${key}s must be a sequence`)
      if (key === 'include') include = value
      else exclude = value
    } else {
      if (!Array.isArray(value)) throw new Error(`Matrix vector '${key}' must be a sequence`)
      if (value.length === 0) throw new Error(`Matrix vector '${key}' does not contain any values`)
      vectors.push([key, value])
    }
  }
  if (vectors.length === 0 && include.length === 0) throw new Error('Matrix must define at least one vector')
  const vectorNames = new Set(vectors.map(([k]) => k))
  const includes = include.map(item => {
    if (!isDict(item)) throw new Error('Matrix include items must be mappings')
    const filter: Dict = {}
    const extra: Dict = {}
    for (const [k, v] of Object.entries(item)) (vectorNames.has(k) ? filter : extra)[k] = v
    if (!Object.keys(item).length) throw new Error('Matrix include mapping does not contain any values')
    return { filter, extra, matched: false }
  })
  const excludes = exclude.map(item => {
    if (!isDict(item)) throw new Error('Matrix exclude items must be mappings')
    return item
  })

  const configurations: MatrixConfiguration[] = []
  const size = vectors.length ? vectors.reduce((n, [, v]) => n * v.length, 1) : 0
  for (let index = 0; index < size; index++) {
    const matrix: Dict = {}
    let block = size
    for (const [name, vector] of vectors) {
      block = block / vector.length
      matrix[name] = vector[Math.floor(index / block) % vector.length]!
    }
    if (excludes.some(f => matches(f, matrix))) continue
    let extra: Dict | null = null
    for (const inc of includes) {
      if (!matches(inc.filter, matrix)) continue
      inc.matched = true
      extra = { ...(extra ?? {}), ...inc.extra }
    }
    // The name is built before the extra values join the matrix (MatrixBuilder.CreateConfiguration).
    const segments = segmentsOf(matrix)
    configurations.push({ matrix: extra ? { ...matrix, ...extra } : matrix, segments })
  }
  for (const inc of includes) {
    if (inc.matched) continue
    const matrix = { ...inc.filter, ...inc.extra }
    configurations.push({ matrix, segments: segmentsOf(matrix) })
  }
  if (configurations.length > MAX_MATRIX_JOBS)
    throw new Error(
      `Strategy produced ${configurations.length} jobs; a matrix can generate at most ${MAX_MATRIX_JOBS}`
    )
  return { failFast, maxParallel, configurations }
}

/** Every leaf of the filter equals the combination's value; an empty filter matches every combination. */
function matches(filter: Dict, matrix: Dict): boolean {
  const expressions: string[] = []
  collect(filter, 'matrix', expressions)
  return expressions.every(e => evaluateSync(e, { matrix }) === true)
}

function collect(value: Value, path: string, out: string[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => collect(v, `${path}[${i}]`, out))
  else if (isDict(value))
    for (const [k, v] of Object.entries(value)) collect(v, `${path}[${literal(k)}]`, out)
  else out.push(`${path} == ${literal(value)}`)
}

function literal(v: Value): string {
  if (v === null) return 'null'
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`
  return String(v)
}

/** Scalars depth first, keys omitted (DictionaryExpressionData.Traverse(omitKeys: true)). */
function segmentsOf(value: Value): string[] {
  if (Array.isArray(value)) return value.flatMap(segmentsOf)
  if (isDict(value)) return Object.values(value).flatMap(segmentsOf)
  if (value === null) return []
  const s = asString(value)
  return s ? [s] : []
}

/** `name (a, b)`, cut to 100 characters with `...` (JobNameBuilder.Build). */
export function matrixJobName(name: string, segments: string[]): string {
  const full = segments.length ? `${name} (${segments.join(', ')})` : name
  return full.length > 100 ? `${full.slice(0, 97)}...` : full
}
