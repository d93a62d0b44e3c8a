/**
 * Checks requests and responses against the committed subset of GitHub's OpenAPI description
 * (made by scripts/update-github-spec.mjs). Validators compile lazily so the emulator starts fast.
 */
import { readFileSync } from 'node:fs'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

export interface SpecParameter {
  name: string
  in: 'path' | 'query' | 'header'
  required: boolean
  schema?: Record<string, unknown>
}

export interface SpecOperation {
  method: string
  path: string
  parameters: SpecParameter[]
  requestBody: Record<string, unknown> | null
  requestBodyRequired: boolean
  responses: Record<string, { schema?: Record<string, unknown> }>
}

interface Subset {
  source: string
  operations: Record<string, SpecOperation>
  components: { schemas: Record<string, unknown> }
}

const SPEC_ID = 'github'

let cached: OpenApiValidator | null = null

/** The one validator for this process (the subset is read once). */
export function openApiValidator(): OpenApiValidator {
  cached ??= new OpenApiValidator(
    JSON.parse(readFileSync(new URL('./openapi/github-subset.json', import.meta.url), 'utf8')) as Subset
  )
  return cached
}

export class OpenApiValidator {
  private readonly ajv: Ajv
  private readonly compiled = new Map<string, ValidateFunction>()

  constructor(private readonly subset: Subset) {
    this.ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true })
    addFormats(this.ajv)
    // GitHub's own bot addresses (`41898282+github-actions[bot]@users.noreply.github.com`) are not RFC 5322
    // "email" to ajv-formats, yet GitHub serves them in that field every day: accept any `local@domain`.
    this.ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/)
    // GitHub's own format for `owner/name`.
    this.ajv.addFormat('repo.nwo', /^[^/]+\/[^/]+$/)
    this.ajv.addSchema(rewriteRefs({ $id: SPEC_ID, components: subset.components }) as object)
  }

  get source(): string {
    return this.subset.source
  }

  operations(): Record<string, SpecOperation> {
    return this.subset.operations
  }

  /** Problems with a request body, or [] when it is valid. */
  checkRequest(operationId: string, body: unknown): string[] {
    const op = this.subset.operations[operationId]
    if (!op?.requestBody) return []
    if (body === undefined) return op.requestBodyRequired ? ['request body is required'] : []
    return this.run(`${operationId} request`, op.requestBody, body)
  }

  /** Problems with query parameters (types, enums, ranges), or []. */
  checkQuery(operationId: string, query: URLSearchParams): string[] {
    const op = this.subset.operations[operationId]
    if (!op) return []
    const problems: string[] = []
    for (const p of op.parameters) {
      if (p.in !== 'query' || !p.schema) continue
      const raw = query.get(p.name)
      if (raw === null) {
        if (p.required) problems.push(`query parameter ${p.name} is required`)
        continue
      }
      // GitHub's search-style filters (`created=>=2026-01-01`) are documented with a plain date-time format.
      const { format: _format, ...schema } = p.schema
      const value = coerce(raw, schema)
      problems.push(
        ...this.run(`${operationId} query ${p.name}`, schema, value).map(
          e => `query parameter ${p.name}: ${e.replace(/^\(root\) /, '')}`
        )
      )
    }
    return problems
  }

  /**
   * Problems with a response body for that status, or []. A status the description does not list is a
   * problem only for success codes (GitHub documents every success status it sends).
   */
  checkResponse(operationId: string, status: number, body: unknown): string[] {
    const op = this.subset.operations[operationId]
    if (!op) return [`unknown operation ${operationId}`]
    const response = op.responses[String(status)]
    if (!response) return status < 300 ? [`status ${status} is not documented for ${operationId}`] : []
    if (!response.schema) return body === undefined || body === '' ? [] : [`status ${status} has no body`]
    return this.run(`${operationId} ${status}`, response.schema, body)
  }

  private run(key: string, schema: Record<string, unknown>, value: unknown): string[] {
    let validate = this.compiled.get(key)
    if (!validate) {
      validate = this.ajv.compile(rewriteRefs(schema) as object)
      this.compiled.set(key, validate)
    }
    if (validate(value)) return []
    return (validate.errors ?? []).map(e => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`)
  }
}

function coerce(raw: string, schema: Record<string, unknown>): unknown {
  if (schema.type === 'integer' || schema.type === 'number')
    return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw
  if (schema.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw
  return raw
}

/** `#/components/...` → `github#/components/...`, so every schema resolves against the one registered id. */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs)
  if (!node || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${SPEC_ID}${v}` : rewriteRefs(v)
  }
  return out
}
