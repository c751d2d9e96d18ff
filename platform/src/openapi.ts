/**
 * What turns the OpenAPI document @fastify/swagger generates from the routes into a contract a client
 * can be generated from: every error response is application/problem+json referencing the one Problem
 * component and names the codes it can carry (`x-error-codes`), operations without a security
 * requirement say `security: []`, query parameters with a default are optional, and every request
 * body and success response has an example (a schema's own `examples`, else one built from the schema).
 */
import { isDeepStrictEqual } from 'node:util'
import { problemBody } from './errors.ts'

export const PROBLEM_MEDIA_TYPE = 'application/problem+json'
export const PROBLEM_REF = '#/components/schemas/Problem'
/** Key on a problem response schema (set by `problems()`) and on each operation: the codes it can answer. */
export const ERROR_CODES_KEY = 'x-error-codes'

type Json = Record<string, unknown>
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const

/** Retry-After, as every 503 (and the gateway's 429) sends it. */
export const RETRY_AFTER_HEADER = {
  description: 'Seconds to wait before retrying',
  schema: { type: 'integer', minimum: 0 },
}

/**
 * Codes the platform itself answers with, whatever the route: validation, body parsing, auth guards,
 * idempotency and outages. A route adds its own codes with `problems({ 409: [...] })`.
 */
function platformCodes(status: number, operation: Json): string[] {
  const security = (operation['security'] as Json[] | undefined) ?? []
  const secured = security.some((requirement) => Object.keys(requirement).length > 0)
  const admission = security.some((requirement) => 'queueToken' in requirement)
  const hasBody = operation['requestBody'] !== undefined
  const idempotent = ((operation['parameters'] as Json[] | undefined) ?? []).some((p) => String(p['name']).toLowerCase() === 'idempotency-key')
  switch (status) {
    case 400: return ['VALIDATION_FAILED', ...(hasBody ? ['MALFORMED_JSON', 'DUPLICATE_JSON_KEY', 'BAD_ENCODING'] : [])]
    case 401: return secured ? ['UNAUTHENTICATED', 'TOKEN_EXPIRED', ...(admission ? ['ADMISSION_REQUIRED'] : [])] : []
    case 413: return ['PAYLOAD_TOO_LARGE']
    case 415: return ['UNSUPPORTED_MEDIA_TYPE']
    case 429: return ['RATE_LIMITED']
    case 422: return idempotent ? ['IDEMPOTENCY_CONFLICT'] : []
    case 503: return ['SERVICE_UNAVAILABLE', 'DATABASE_UNAVAILABLE', 'DATABASE_BUSY', 'SHUTTING_DOWN', ...(secured ? ['AUTH_UNAVAILABLE'] : [])]
    default: return []
  }
}

/** Codes a status has when the route names none for it. */
const FALLBACK_CODES: Record<number, string> = { 403: 'FORBIDDEN', 404: 'NOT_FOUND' }

export function problemResponse(status: number, codes: readonly string[]): Json {
  const title = problemBody(status, codes[0] ?? 'ERROR', '').title
  const example = { ...problemBody(status, codes[0] ?? 'ERROR', `${title}: see code`), instance: '/example' }
  return {
    description: `${title}: ${codes.join(', ')}`,
    [ERROR_CODES_KEY]: [...codes],
    ...(status === 503 || status === 429 ? { headers: { 'Retry-After': RETRY_AFTER_HEADER } } : {}),
    content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: PROBLEM_REF }, example } },
  }
}

function isProblemResponse(response: Json): Json | undefined {
  if (Array.isArray(response[ERROR_CODES_KEY])) return { [ERROR_CODES_KEY]: response[ERROR_CODES_KEY] }
  const content = response['content'] as Record<string, Json> | undefined
  const schema = (content?.['application/json'] ?? content?.[PROBLEM_MEDIA_TYPE])?.['schema'] as Json | undefined
  if (!schema) return undefined
  if (schema['$ref'] === PROBLEM_REF) return schema
  const properties = schema['properties'] as Json | undefined
  return properties && 'code' in properties && 'title' in properties && 'detail' in properties ? schema : undefined
}

/** Rewrites one operation (in place): problem responses with their codes, security, optional defaults, examples. */
export function contractOperation(operation: Json, components: Json): void {
  operation['security'] ??= []
  operation['description'] ??= describe(operation)
  for (const parameter of (operation['parameters'] as Json[] | undefined) ?? []) {
    if (parameter['in'] === 'query' && (parameter['schema'] as Json | undefined)?.['default'] !== undefined) delete parameter['required']
  }
  const responses = (operation['responses'] as Record<string, Json> | undefined) ?? {}
  // What the platform answers for any such operation, declared or not: 400 for bad input, 401 without
  // a valid token, 415 for a body that is not JSON.
  const security = operation['security'] as Json[]
  const implied = [
    ...(operation['parameters'] || operation['requestBody'] ? [400] : []),
    ...(security.some((requirement) => Object.keys(requirement).length > 0) ? [401] : []),
    ...(operation['requestBody'] ? [415] : []),
  ]
  for (const status of implied) responses[status] ??= problemResponse(status, [])
  operation['responses'] = responses
  const all: string[] = []
  for (const [key, response] of Object.entries(responses)) {
    const status = Number(key)
    const schema = isProblemResponse(response)
    if (status >= 400 && schema) {
      const declared = (schema[ERROR_CODES_KEY] as string[] | undefined) ?? []
      let codes = [...new Set([...platformCodes(status, operation), ...declared])]
      if (codes.length === 0 && FALLBACK_CODES[status]) codes = [FALLBACK_CODES[status]!]
      // A status without codes is published with none: the client package's contract test fails on it
      // (declare them with problems({ 409: ['CODE'] })), while this service's document still serves.
      responses[key] = problemResponse(status, codes)
      all.push(...codes)
    } else if (status < 400) {
      addExamples(response, components)
    }
  }
  // Every operation may meet an outage of its service's database or Redis, or a shutdown.
  if (!responses['503']) {
    const codes = platformCodes(503, operation)
    responses['503'] = problemResponse(503, codes)
    all.push(...codes)
  }
  operation['responses'] = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)))
  operation[ERROR_CODES_KEY] = [...new Set(all)]
  const body = operation['requestBody'] as Json | undefined
  if (body) addExamples(body, components)
}

/**
 * TypeBox writes tuples the draft-07 way (`items: [...]`, `additionalItems`); OpenAPI 3.1 schemas are
 * JSON Schema 2020-12, where that is `prefixItems`.
 */
function tuplesAsPrefixItems(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(tuplesAsPrefixItems)
  if (value === null || typeof value !== 'object') return
  const schema = value as Json
  if (Array.isArray(schema['items'])) {
    const parts = schema['items'] as unknown[]
    schema['prefixItems'] = parts
    // `items` for what follows the prefix: nothing (min/maxItems fix the length), but linters want a
    // schema there, so any of the prefix's own.
    const distinct = parts.filter((part, i) => parts.findIndex((other) => isDeepStrictEqual(other, part)) === i)
    schema['items'] = distinct.length === 1 ? distinct[0] : { anyOf: distinct }
    delete schema['additionalItems']
  }
  Object.values(schema).forEach(tuplesAsPrefixItems)
}

/** What a description says when a route gives none: who may call it. */
function describe(operation: Json): string {
  const security = (operation['security'] as Json[] | undefined) ?? []
  const schemes = new Set(security.flatMap((requirement) => Object.keys(requirement)))
  const who = schemes.has('queueToken')
    ? 'Needs a bearer access token and the admission token of the waiting room (X-Queue-Token).'
    : schemes.has('bearer') ? 'Needs a bearer access token.' : 'Public: no token needed.'
  return `${String(operation['summary'] ?? '').replace(/\.?$/, '.')} ${who}`.trim()
}

/** Applies `contractOperation` to every operation of a document (in place) and returns it. */
export function contractDocument<T extends Json>(document: T): T {
  tuplesAsPrefixItems(document)
  const components = (document['components'] as Json | undefined) ?? {}
  for (const item of Object.values((document['paths'] as Record<string, Json> | undefined) ?? {})) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined
      if (operation) contractOperation(operation, components)
    }
  }
  return document
}

function addExamples(container: Json, components: Json): void {
  for (const media of Object.values((container['content'] as Record<string, Json> | undefined) ?? {})) {
    if (media['example'] !== undefined || media['examples'] !== undefined || !media['schema']) continue
    media['example'] = exampleOf(media['schema'] as Json, components, '')
  }
}

const EXAMPLE_UUID = '5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f'
const EXAMPLE_TIME = '2026-05-01T19:00:00.000Z'

/**
 * A value that satisfies `schema`, for documentation: the schema's own `examples`/`default`/`const`/
 * `enum` first, else one built from its type and format. Linters check it against the schema.
 */
export function exampleOf(schema: Json, components: Json, name: string, depth = 0): unknown {
  if (depth > 8) return undefined
  const ref = schema['$ref']
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const target = (components['schemas'] as Record<string, Json> | undefined)?.[ref.slice('#/components/schemas/'.length)]
    return target ? exampleOf(target, components, name, depth + 1) : undefined
  }
  if (Array.isArray(schema['examples']) && schema['examples'].length > 0) return schema['examples'][0]
  if (schema['example'] !== undefined) return schema['example']
  if (schema['const'] !== undefined) return schema['const']
  if (schema['default'] !== undefined) return schema['default']
  if (Array.isArray(schema['enum'])) return schema['enum'][0]
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = schema[key] as Json[] | undefined
    if (options?.length) return exampleOf(options.find((option) => option['type'] !== 'null') ?? options[0]!, components, name, depth + 1)
  }
  const allOf = schema['allOf'] as Json[] | undefined
  if (allOf?.length) return Object.assign({}, ...allOf.map((part) => exampleOf(part, components, name, depth + 1)))
  const types = Array.isArray(schema['type']) ? schema['type'] as string[] : [schema['type'] as string | undefined]
  const type = types.find((t) => t !== 'null') ?? (schema['properties'] ? 'object' : undefined)
  switch (type) {
    case 'object': {
      const properties = (schema['properties'] as Record<string, Json> | undefined) ?? {}
      return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, exampleOf(value, components, key, depth + 1)]))
    }
    case 'array': {
      const tuple = schema['prefixItems'] as Json[] | undefined
      if (tuple) return tuple.map((part, i) => exampleOf(part, components, `${name}${i}`, depth + 1))
      const item = exampleOf((schema['items'] as Json | undefined) ?? {}, components, name, depth + 1)
      const count = Math.max(1, Number(schema['minItems'] ?? 1))
      // Distinct integers when items must be unique (seat ids 1, 2, …).
      return Array.from({ length: count }, (_, i) => (typeof item === 'number' ? item + i : item))
    }
    case 'integer':
    case 'number': {
      const minimum = Number(schema['minimum'] ?? (schema['exclusiveMinimum'] !== undefined ? Number(schema['exclusiveMinimum']) + 1 : 1))
      const maximum = schema['maximum'] === undefined ? Infinity : Number(schema['maximum'])
      return Math.min(Math.max(minimum, 1), maximum)
    }
    case 'boolean': return true
    case 'string': return stringExample(schema, name)
    default: return {}
  }
}

function stringExample(schema: Json, name: string): string {
  switch (schema['format']) {
    case 'uuid': return EXAMPLE_UUID
    case 'date-time': return EXAMPLE_TIME
    case 'date': return EXAMPLE_TIME.slice(0, 10)
    case 'email': return 'fan@example.com'
    case 'uri': return 'https://example.com/'
  }
  const minLength = Number(schema['minLength'] ?? 0)
  const maxLength = schema['maxLength'] === undefined ? Infinity : Number(schema['maxLength'])
  const pattern = typeof schema['pattern'] === 'string' ? new RegExp(schema['pattern'], 'u') : undefined
  const candidates = [name ? `example ${name}` : 'example', name ? `example-${name}` : 'example-value', 'EXAMPLE', '1']
  const fit = (text: string) => {
    let padded = text
    while (padded.length < minLength) padded += text
    return padded.slice(0, maxLength)
  }
  return candidates.map(fit).find((text) => !pattern || pattern.test(text)) ?? fit(candidates[0]!)
}
