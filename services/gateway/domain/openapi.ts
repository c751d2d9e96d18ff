import { isDeepStrictEqual } from 'node:util'
import { routedBy } from './upstreams.ts'

/** The parts of an OpenAPI 3.1 document the merge reads and writes; everything else passes through. */
export interface OpenApiDocument {
  openapi: string
  info: { title: string; version: string; description?: string }
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
      description: 'Every service behind the gateway, in one document. Errors are application/problem+json.',
    },
    tags,
    paths,
    components: { schemas, securitySchemes },
    'x-unavailable': [...unavailable],
  }
}

function tagOperations(item: Record<string, unknown>, service: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).map(([key, value]) =>
    [key, METHODS.has(key) ? { ...(value as object), tags: [service] } : value]))
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
