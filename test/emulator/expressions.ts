/**
 * Expressions as the runner evaluates them, with GitHub's own evaluator (`@actions/expressions`): the
 * contexts as plain data, the status functions and `hashFiles()` the runner adds
 * (actions/runner src/Runner.Worker/StepsRunner.cs), and template tokens from `@actions/workflow-parser`
 * evaluated into plain values.
 *
 * `hashFiles()` reads files, which is asynchronous here while the evaluator is not: an evaluation that
 * meets an uncomputed `hashFiles(...)` stops, the hash is computed, and the expression is evaluated again.
 */
import { blockScalarValue, formatExpression } from './block-scalar.js'
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/index'
import { Evaluator, Lexer, Parser, data } from '@actions/expressions'
import { TokenType } from '@actions/expressions/lexer'
import type { FunctionDefinition } from '@actions/expressions/funcs/info'
import { truthy } from '@actions/expressions/result'
import {
  isBasicExpression,
  isBoolean,
  isMapping,
  isNumber,
  isSequence,
  isString
} from '@actions/workflow-parser'

/** A JSON-like value, what contexts hold and what evaluation returns. */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value }

/** Which status functions answer what: for steps, the job's state; for jobs, their `needs`. */
export interface Status {
  success: boolean
  failure: boolean
  cancelled: boolean
}

export interface EvalContext {
  /** Named contexts (`github`, `env`, `matrix`, `needs`, `steps`, …). */
  contexts: Record<string, Value>
  status?: Status
  /** Computes `hashFiles(patterns)` in the job's workspace; without it hashFiles is not available. */
  hashFiles?: (patterns: string[]) => Promise<string>
}

const STATUS_FUNCTIONS = ['success', 'failure', 'cancelled', 'always']

class HashPending extends Error {
  constructor(readonly patterns: string[]) {
    super('hashFiles pending')
  }
}

function functions(ctx: EvalContext, hashes: Map<string, string>): Map<string, FunctionDefinition> {
  const status = ctx.status ?? { success: true, failure: false, cancelled: false }
  const fn = (name: string, value: () => boolean): FunctionDefinition => ({
    name,
    minArgs: 0,
    maxArgs: 0,
    call: () => new data.BooleanData(value())
  })
  return new Map<string, FunctionDefinition>([
    ['success', fn('success', () => status.success)],
    ['failure', fn('failure', () => status.failure)],
    ['cancelled', fn('cancelled', () => status.cancelled)],
    ['always', fn('always', () => true)],
    [
      'hashfiles',
      {
        name: 'hashFiles',
        minArgs: 1,
        maxArgs: 255,
        call: (...args) => {
          if (!ctx.hashFiles) throw new Error('hashFiles() is only available in steps')
          const patterns = args.map(a => a.coerceString())
          const known = hashes.get(patterns.join('\n'))
          if (known === undefined) throw new HashPending(patterns)
          return new data.StringData(known)
        }
      }
    ]
  ])
}

function toData(value: Value | undefined): data.ExpressionData {
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData
}

export function fromData(d: data.ExpressionData): Value {
  return JSON.parse(JSON.stringify(d, data.replacer)) as Value
}

function parse(expression: string, ctx: EvalContext) {
  const tokens = new Lexer(expression).lex().tokens
  // The lexer unescapes only the first `''` of a string literal (`value.replace("''", "'")` in
  // @actions/expressions 0.3.61, lexer.ts); GitHub's evaluator unescapes them all. Without this, a
  // `run:` script with an expression and several quoted words would reach the shell with doubled quotes.
  for (const t of tokens) if (t.type === TokenType.STRING) t.value = t.lexeme.slice(1, -1).replace(/''/g, "'")
  const extra = [...STATUS_FUNCTIONS.map(name => ({ name, minArgs: 0, maxArgs: 0 }))]
  extra.push({ name: 'hashFiles', minArgs: 1, maxArgs: 255 })
  return new Parser(tokens, Object.keys(ctx.contexts), extra).parse()
}

function evaluateOnce(
  expression: string,
  ctx: EvalContext,
  hashes: Map<string, string>
): data.ExpressionData {
  const tree = parse(expression, ctx)
  const context = toData(ctx.contexts) as data.Dictionary
  return new Evaluator(tree, context, functions(ctx, hashes)).evaluate()
}

/** Evaluates an expression that needs no files (matrix filters, job names) synchronously. */
export function evaluateSync(expression: string, contexts: Record<string, Value>): Value {
  return fromData(evaluateOnce(expression, { contexts }, new Map()))
}

/** Evaluates one expression (without `${{ }}`), computing `hashFiles()` results as needed. */
export async function evaluate(expression: string, ctx: EvalContext): Promise<data.ExpressionData> {
  const hashes = new Map<string, string>()
  for (let attempt = 0; ; attempt++) {
    try {
      return evaluateOnce(expression, ctx, hashes)
    } catch (e) {
      if (!(e instanceof HashPending) || attempt > 20 || !ctx.hashFiles) throw e
      hashes.set(e.patterns.join('\n'), await ctx.hashFiles(e.patterns))
    }
  }
}

/** `if:` as the runner evaluates it (the parser already added `success() &&` where no status function is used). */
export async function evaluateCondition(expression: string, ctx: EvalContext): Promise<boolean> {
  return truthy(await evaluate(expression, ctx))
}

/** Evaluates a template token (mappings, sequences, literals, `${{ }}`) into a plain value. */
export async function evaluateToken(token: TemplateToken | undefined, ctx: EvalContext): Promise<Value> {
  if (!token) return null
  if (isBasicExpression(token)) {
    const multiLine = token.range && token.range.start.line !== token.range.end.line
    const expression =
      multiLine && token.blockScalarHeader && token.source
        ? formatExpression(blockScalarValue(token.source, token.blockScalarHeader))
        : token.expression
    return fromData(await evaluate(expression, ctx))
  }
  if (isString(token)) return token.value
  if (isNumber(token)) return token.value
  if (isBoolean(token)) return token.value
  if (isSequence(token)) {
    const out: Value[] = []
    for (const item of token) out.push(await evaluateToken(item, ctx))
    return out
  }
  if (isMapping(token)) {
    const out: Record<string, Value> = {}
    for (const pair of token) {
      const key = await evaluateToken(pair.key, ctx)
      out[asString(key)] = await evaluateToken(pair.value, ctx)
    }
    return out
  }
  return null
}

/** A value as the runner turns it into a string (env values, inputs, outputs): JSON for objects. */
export function asString(v: Value | undefined): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return toData(v).coerceString()
  return JSON.stringify(v, null, 2)
}

/** Evaluates a mapping token into string values (env blocks, `with:`, outputs). */
export async function evaluateStringMap(
  token: TemplateToken | undefined,
  ctx: EvalContext
): Promise<Record<string, string>> {
  const v = await evaluateToken(token, ctx)
  const out: Record<string, string> = {}
  if (v && typeof v === 'object' && !Array.isArray(v))
    for (const [k, x] of Object.entries(v)) out[k] = asString(x)
  return out
}
