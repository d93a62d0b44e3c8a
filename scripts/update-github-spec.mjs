#!/usr/bin/env node
// Writes the committed OpenAPI subset the emulator validates against (test/emulator/openapi/).
//
// GitHub's description is 29 MB (404 MB installed), so it stays out of the repository: install it
// in a scratch folder and pass the package path (argument or GITHUB_OPENAPI_PACKAGE):
//   npm install --prefix /tmp/openapi @octokit/openapi@23.0.2
//   node scripts/update-github-spec.mjs /tmp/openapi/node_modules/@octokit/openapi
//
// The subset keeps only the operations the emulator serves plus the schemas they reach, drops examples,
// inlines non-schema references (parameters, responses, request bodies) and normalises OpenAPI 3.0
// `nullable` into JSON Schema so plain ajv accepts it (see the notes on testing offline).
import { Buffer } from 'node:buffer'
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The operations the emulator serves, by GitHub's operationId. Keep in step with test/emulator/routes/. */
export const OPERATIONS = [
  'rate-limit/get',
  'repos/get',
  'repos/get-collaborator-permission-level',
  'repos/get-content',
  'repos/list-commits',
  'issues/create',
  'issues/get',
  'issues/list-for-repo',
  'issues/list-comments',
  'issues/create-comment',
  'issues/update-comment',
  'issues/add-labels',
  'issues/remove-label',
  'issues/get-label',
  'issues/add-assignees',
  'issues/list-events',
  'git/get-ref',
  'git/create-ref',
  'git/update-ref',
  'git/delete-ref',
  'git/list-matching-refs',
  'git/create-tree',
  'git/create-commit',
  'git/get-commit',
  'actions/list-repo-workflows',
  'actions/get-workflow',
  'actions/get-github-actions-default-workflow-permissions-repository',
  'actions/create-workflow-dispatch',
  'actions/list-workflow-runs',
  'actions/list-workflow-runs-for-repo',
  'actions/get-workflow-run',
  'actions/cancel-workflow-run',
  'actions/re-run-workflow-failed-jobs',
  'actions/list-jobs-for-workflow-run',
  'actions/get-job-for-workflow-run',
  'actions/download-job-logs-for-workflow-run',
  'checks/create',
  'checks/update',
  'checks/get',
  'checks/list-for-ref',
  'checks/list-annotations',
  'pulls/create',
  'pulls/list',
  'pulls/get',
  'pulls/update'
]

const METHODS = ['get', 'post', 'patch', 'put', 'delete']

async function main() {
  const pkg = process.argv[2] ?? process.env.GITHUB_OPENAPI_PACKAGE
  if (!pkg) {
    console.error(
      'Usage: node scripts/update-github-spec.mjs <path to @octokit/openapi>\n' +
        'Install it first: npm install --prefix /tmp/openapi @octokit/openapi@23.0.2'
    )
    process.exit(2)
  }
  const source = join(pkg, 'generated', 'api.github.com.json')
  const spec = JSON.parse(readFileSync(source, 'utf8'))
  const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version
  const subset = buildSubset(spec, version)
  const out = join(
    dirname(fileURLToPath(import.meta.url)),
    '..',
    'test',
    'emulator',
    'openapi',
    'github-subset.json'
  )
  mkdirSync(dirname(out), { recursive: true })
  // Formatted with the repository's Prettier settings so `prettier --check .` passes on the committed file.
  const prettier = await import('prettier')
  const options = (await prettier.resolveConfig(out)) ?? {}
  const text = await prettier.format(JSON.stringify(subset), { ...options, parser: 'json' })
  writeFileSync(out, text)
  const kb = Math.round(Buffer.byteLength(text) / 1024)
  console.log(
    `Wrote ${out}: ${Object.keys(subset.operations).length} operations, ` +
      `${Object.keys(subset.components.schemas).length} schemas, ${kb} KB (from @octokit/openapi ${version})`
  )
}

export function buildSubset(spec, version) {
  const wanted = new Set(OPERATIONS)
  const operations = {}
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method]
      if (!op || !wanted.has(op.operationId)) continue
      wanted.delete(op.operationId)
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(p => resolve(spec, p))
      const responses = {}
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        const response = resolve(spec, r)
        const schema = response.content?.['application/json']?.schema
        responses[status] = schema ? { schema } : {}
      }
      const body = op.requestBody ? resolve(spec, op.requestBody) : null
      operations[op.operationId] = {
        method: method.toUpperCase(),
        path,
        parameters: parameters.map(p => ({
          name: p.name,
          in: p.in,
          required: !!p.required,
          schema: p.schema
        })),
        requestBody: body?.content?.['application/json']?.schema ?? null,
        requestBodyRequired: !!body?.required,
        responses
      }
    }
  }
  if (wanted.size > 0) throw new Error(`Operations not found in the description: ${[...wanted].join(', ')}`)

  // Keep the schemas the operations reach, transitively.
  const schemas = {}
  const queue = []
  const visit = node => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (!node || typeof node !== 'object') return
    if (typeof node.$ref === 'string') {
      const m = /^#\/components\/schemas\/(.+)$/.exec(node.$ref)
      if (!m) throw new Error(`Unexpected reference ${node.$ref}: only schema references should remain`)
      if (!(m[1] in schemas)) {
        schemas[m[1]] = spec.components.schemas[m[1]]
        queue.push(schemas[m[1]])
      }
    }
    for (const v of Object.values(node)) visit(v)
  }
  visit(operations)
  while (queue.length) visit(queue.shift())

  const clean = normalise({ operations, components: { schemas } })
  return { source: `@octokit/openapi ${version} api.github.com.json`, ...clean }
}

function resolve(spec, node) {
  let n = node
  while (n && typeof n.$ref === 'string' && !n.$ref.startsWith('#/components/schemas/')) {
    const parts = n.$ref.replace(/^#\//, '').split('/')
    n = parts.reduce((o, k) => o[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec)
  }
  return n
}

const DROP = new Set([
  'example',
  'examples',
  'description',
  'externalDocs',
  'x-github',
  'x-githubEnterpriseOnly'
])

/** OpenAPI 3.0 → JSON Schema: `nullable` becomes a `null` type (or an anyOf branch); docs are dropped. */
export function normalise(node) {
  if (Array.isArray(node)) return node.map(normalise)
  if (!node || typeof node !== 'object') return node
  const out = {}
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' && typeof v === 'string') continue
    if (DROP.has(k) && k !== 'description') continue
    // `description` can be a property name inside `properties`; only drop it where it is a string.
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, normalise(s)]))
        : normalise(v)
  }
  // GitHub's schemas are open (no additionalProperties: false), so a private user also matches the public
  // user schema and a `labeled` event matches several event shapes: `oneOf` would reject real responses.
  if (Array.isArray(out.oneOf)) {
    out.anyOf = out.oneOf
    delete out.oneOf
    delete out.discriminator
  }
  if (out.nullable === true) {
    delete out.nullable
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null']
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null]
    } else if (out.allOf || out.anyOf || out.$ref) {
      const inner = {}
      for (const key of ['allOf', 'anyOf', '$ref']) {
        if (out[key]) {
          inner[key] = out[key]
          delete out[key]
        }
      }
      out.anyOf = [inner, { type: 'null' }]
    }
  } else if (out.nullable === false) {
    delete out.nullable
  }
  return out
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main()
