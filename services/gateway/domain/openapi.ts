import { isDeepStrictEqual } from 'node:util'
import { ERROR_CODES_KEY, RETRY_AFTER_HEADER, problemResponse } from '@concert/platform'
import { routedBy } from './upstreams.ts'

/** The parts of an OpenAPI 3.1 document the merge reads and writes; everything else passes through. */
export interface OpenApiDocument {
  openapi: string
  info: { title: string; version: string; description?: string; [key: string]: unknown }
  paths?: Record<string, Record<string, unknown>>
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown>; [key: string]: unknown }
  tags?: Array<{ name: string; description?: string }>
  [key: string]: unknown
}

export interface ServiceDocument {
  /** tag for the service's operations, e.g. `review-service` */
  service: string
  /** only paths the gateway routes to this service are published */
  prefixes: readonly string[]
  document: OpenApiDocument
}

export interface Unavailable {
  service: string
  reason: string
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'])
const SCHEMA_REF = '#/components/schemas/'

/**
 * One document for the whole API: each service's routed paths, tagged with the service; shared
 * component schemas kept once, and a name two services define differently renamed `<service>.<name>`
 * in that service's part. Services that could not be read are listed under `x-unavailable`.
 */
export function mergeOpenApi(parts: readonly ServiceDocument[], unavailable: readonly Unavailable[]): OpenApiDocument {
  const schemas: Record<string, unknown> = {}
  const securitySchemes: Record<string, unknown> = {}
  const paths: Record<string, Record<string, unknown>> = {}
  const tags: Array<{ name: string; description?: string }> = []

  for (const part of parts) {
    const document = renameCollisions(part.document, part.service, schemas)
    tags.push({ name: part.service, ...(document.info.description ? { description: document.info.description } : {}) })
    Object.assign(schemas, document.components?.schemas)
    for (const [name, scheme] of Object.entries(document.components?.securitySchemes ?? {})) securitySchemes[name] ??= scheme
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      if (routedBy(part.prefixes, path)) paths[path] = tagOperations(item, part.service)
    }
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Concert ticketing API',
      version: '1.0.0',
      description: 'Every service behind the gateway, in one document. Errors are application/problem+json (RFC 9457) '
        + 'with a stable `code`; each operation lists the codes it can answer in `x-error-codes`.',
      contact: { name: 'Concert platform team', url: 'https://concert.example/support' },
      license: { name: 'Proprietary', url: 'https://concert.example/license' },
    },
    tags,
    paths,
    components: { schemas, securitySchemes },
    'x-unavailable': [...unavailable],
  }
}

function tagOperations(item: Record<string, unknown>, service: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([key, value]) =>
    [key, METHODS.has(key) ? gatewayAnswers({ ...(value as object), tags: [service] }) : value]))
}

/** What the rate limit sends with every answer (@fastify/rate-limit's draft-6-less `x-ratelimit-*`). */
const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': { description: 'Requests allowed per client address per minute', schema: { type: 'integer', minimum: 0 } },
  'X-RateLimit-Remaining': { description: 'Requests left in the current minute', schema: { type: 'integer', minimum: 0 } },
  'X-RateLimit-Reset': { description: 'Seconds until the current minute ends', schema: { type: 'integer', minimum: 0 } },
  'Retry-After': RETRY_AFTER_HEADER,
}

/**
 * The answers the gateway itself gives for any proxied operation, added to the service's own (codes
 * merged into a status the service already declares): 429 from the rate limit, 502/503/504 when the
 * service cannot be reached or is slow, 408/413 when the request body is slow or too large.
 */
function gatewayAnswers(operation: Record<string, unknown>): Record<string, unknown> {
  const responses = { ...(operation['responses'] as Record<string, Record<string, unknown>> | undefined) }
  const own: Record<number, string[]> = { 429: ['RATE_LIMITED'], 502: ['BAD_GATEWAY'], 503: ['UPSTREAM_UNAVAILABLE'], 504: ['UPSTREAM_TIMEOUT'] }
  if (operation['requestBody']) Object.assign(own, { 408: ['REQUEST_TIMEOUT'], 413: ['PAYLOAD_TOO_LARGE'] })
  const all = [...((operation[ERROR_CODES_KEY] as string[] | undefined) ?? [])]
  for (const [status, codes] of Object.entries(own)) {
    const existing = (responses[status]?.[ERROR_CODES_KEY] as string[] | undefined) ?? []
    const merged = [...new Set([...existing, ...codes])]
    const response = problemResponse(Number(status), merged)
    if (status === '429') response['headers'] = RATE_LIMIT_HEADERS
    responses[status] = response
    all.push(...codes)
  }
  const ordered = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)))
  return { ...operation, responses: ordered, [ERROR_CODES_KEY]: [...new Set(all)] }
}

function renameCollisions(document: OpenApiDocument, service: string, taken: Record<string, unknown>): OpenApiDocument {
  const renames = new Map<string, string>()
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    if (name in taken && !isDeepStrictEqual(taken[name], schema)) renames.set(name, `${service}.${name}`)
  }
  if (renames.size === 0) return document
  const renamed = rewriteRefs(document, renames) as OpenApiDocument
  const schemas = Object.fromEntries(Object.entries(renamed.components!.schemas!).map(([name, schema]) => [renames.get(name) ?? name, schema]))
  return { ...renamed, components: { ...renamed.components, schemas } }
}

function rewriteRefs(value: unknown, renames: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, renames))
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => {
    if (key === '$ref' && typeof inner === 'string' && inner.startsWith(SCHEMA_REF)) {
      const name = inner.slice(SCHEMA_REF.length)
      return [key, SCHEMA_REF + (renames.get(name) ?? name)]
    }
    return [key, rewriteRefs(inner, renames)]
  }))
}
